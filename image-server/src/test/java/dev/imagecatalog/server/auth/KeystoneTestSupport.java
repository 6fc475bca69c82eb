package dev.imagecatalog.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagecatalog.contract.TestEnvironment;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The Keystone that {@code scripts/servers/start-keystone.sh} starts, as the tests use it: its URL, the users of its
 * fixtures file (admin, demo as member, the service user "swift" with the admin and service roles), tokens for them,
 * and revocation.
 */
final class KeystoneTestSupport {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String WHO = "scripts/servers/start-keystone.sh (IMAGECATALOG_KEYSTONE_URL, "
            + "IMAGECATALOG_KEYSTONE_FIXTURES, exported by scripts/test)";

    final String url;
    final JsonNode fixtures;
    private final HttpClient http = HttpClient.newHttpClient();

    private KeystoneTestSupport(String url, JsonNode fixtures) {
        this.url = url;
        this.fixtures = fixtures;
    }

    /** The running Keystone; skips (fails in CI) when the environment does not name one. */
    static KeystoneTestSupport require() throws IOException {
        String url = TestEnvironment.require("IMAGECATALOG_KEYSTONE_URL", WHO);
        JsonNode fixtures = JSON.readTree(Path.of(TestEnvironment.require("IMAGECATALOG_KEYSTONE_FIXTURES", WHO))
                .toFile());
        return new KeystoneTestSupport(url, fixtures);
    }

    /** {@return the server.* settings of a keystone-authenticated server validating with the service user} */
    Map<String, String> serverSettings(String keystoneUrl) {
        JsonNode service = fixtures.path("service_user");
        Map<String, String> m = new HashMap<>();
        m.put("server.auth", "keystone");
        m.put("server.keystone.url", keystoneUrl);
        m.put("server.keystone.username", service.path("username").asText());
        m.put("server.keystone.password", service.path("password").asText());
        m.put("server.keystone.project", service.path("project").asText());
        return m;
    }

    /** {@return the configuration the authenticator gets for {@code keystoneUrl}} */
    KeystoneConfig config(String keystoneUrl, long cacheSize, Duration cacheTtl) {
        JsonNode service = fixtures.path("service_user");
        return new KeystoneConfig(KeystoneConfig.identityEndpoint(URI.create(keystoneUrl)), keystoneUrl,
                service.path("username").asText(), service.path("password").asText(),
                service.path("project").asText(), "Default", "Default", cacheSize, cacheTtl, Duration.ofSeconds(5));
    }

    String adminToken() throws Exception {
        JsonNode a = fixtures.path("admin");
        return token(a.path("username").asText(), a.path("password").asText(), a.path("project").asText());
    }

    String demoToken() throws Exception {
        JsonNode d = fixtures.path("demo");
        return token(d.path("username").asText(), d.path("password").asText(), d.path("project").asText());
    }

    String demoProjectId() {
        return fixtures.path("demo").path("project_id").asText();
    }

    String demoUserId() {
        return fixtures.path("demo").path("user_id").asText();
    }

    /** A project-scoped token for a user of the default domain. */
    String token(String user, String password, String project) throws Exception {
        String body = "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":"
                + JSON.writeValueAsString(user) + ",\"domain\":{\"name\":\"Default\"},\"password\":"
                + JSON.writeValueAsString(password) + "}}},\"scope\":{\"project\":{\"name\":"
                + JSON.writeValueAsString(project) + ",\"domain\":{\"name\":\"Default\"}}}}}";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/auth/tokens?nocatalog"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("Keystone answered " + r.statusCode() + " for " + user + ": " + r.body());
        }
        return r.headers().firstValue("X-Subject-Token").orElseThrow();
    }

    /** Revokes {@code token} (DELETE /v3/auth/tokens with an admin token). */
    void revoke(String token) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/auth/tokens"))
                .header("X-Auth-Token", adminToken()).header("X-Subject-Token", token).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 204) {
            throw new IllegalStateException("revoking answered " + r.statusCode() + ": " + r.body());
        }
    }

    /** {@return the Keystone URL with its scheme, host and port replaced by {@code endpoint} (a proxy)} */
    String via(String endpoint) {
        URI u = URI.create(url);
        return endpoint + u.getRawPath();
    }

    /** {@return Keystone's host and port} */
    URI uri() {
        return URI.create(url);
    }
}
