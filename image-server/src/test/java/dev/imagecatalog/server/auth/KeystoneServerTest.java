package dev.imagecatalog.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagecatalog.server.ImageServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A server with {@code server.auth=keystone} against the real Keystone, over HTTP. */
class KeystoneServerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static KeystoneTestSupport keystone;
    private static ImageServer server;

    @BeforeAll
    static void start() throws Exception {
        keystone = KeystoneTestSupport.require();
        server = ImageServer.builder().settings(settings(keystone.url)).start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static Map<String, String> settings(String keystoneUrl) {
        Map<String, String> m = new HashMap<>(Map.of("metadata.type", "memory", "stores", "mem",
                "store.mem.type", "memory", "server.port", "0"));
        m.putAll(keystone.serverSettings(keystoneUrl));
        return m;
    }

    private static HttpResponse<String> send(ImageServer s, String method, String path, String token, String json)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.uri() + path)).method(method,
                json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("X-Auth-Token", token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return KeystoneTestSupport.JSON.readTree(r.body());
    }

    private static void assertUnauthorized(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Keystone uri=\"" + keystone.url + "\"");
        JsonNode body = json(r);
        assertThat(body.path("code").asText()).isEqualTo("401 Unauthorized");
        assertThat(body.path("title").asText()).isEqualTo("Unauthorized");
        assertThat(body.path("message").asText()).isEqualTo(KeystoneAuthenticator.UNAUTHORIZED);
    }

    @Test
    void aMemberTokenCreatesAndListsImagesAsItsProject() throws Exception {
        String demo = keystone.demoToken();
        HttpResponse<String> created = send(server, "POST", "/v2/images", demo,
                "{\"name\":\"ks-member\",\"disk_format\":\"raw\",\"container_format\":\"bare\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json(created).path("id").asText();
        assertThat(json(created).path("owner").asText()).isEqualTo(keystone.demoProjectId());

        HttpResponse<String> list = send(server, "GET", "/v2/images", demo, null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(json(list).path("images").findValuesAsText("id")).contains(id);

        HttpResponse<String> publicByMember = send(server, "POST", "/v2/images", demo,
                "{\"name\":\"ks-public\",\"visibility\":\"public\"}");
        assertThat(publicByMember.statusCode()).as("publicizing an image is the admin's").isEqualTo(403);
    }

    @Test
    void anAdminTokenIsAnAdministrator() throws Exception {
        String admin = keystone.adminToken();
        HttpResponse<String> created = send(server, "POST", "/v2/images", admin,
                "{\"name\":\"ks-admin-public\",\"visibility\":\"public\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(created).path("visibility").asText()).isEqualTo("public");

        String demo = keystone.demoToken();
        String memberImage = json(send(server, "POST", "/v2/images", demo, "{\"name\":\"ks-private\"}"))
                .path("id").asText();
        assertThat(send(server, "GET", "/v2/images/" + memberImage, admin, null).statusCode())
                .as("an administrator sees another project's private image").isEqualTo(200);
    }

    @Test
    void noGarbageOrRevokedTokenIs401WithWwwAuthenticate() throws Exception {
        assertUnauthorized(send(server, "GET", "/v2/images", null, null));
        assertUnauthorized(send(server, "GET", "/v2/images", "gAAAAABgarbage", null));
        String revoked = keystone.demoToken();
        keystone.revoke(revoked);
        assertUnauthorized(send(server, "POST", "/v2/images", revoked, "{\"name\":\"never\"}"));
        assertThat(send(server, "GET", "/versions", null, null).statusCode())
                .as("the versions document needs no token").isEqualTo(200);
        assertUnauthorized(send(server, "GET", "/v2/no-such-route", null, null));
        assertUnauthorized(send(server, "DELETE", "/v2/schemas/image", "gAAAAABgarbage", null));
        assertThat(send(server, "GET", "/v2/no-such-route", keystone.demoToken(), null).statusCode())
                .as("an authenticated caller learns the path does not exist").isEqualTo(404);
    }

    @Test
    void keystoneUnreachableIs503() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (ImageServer down = ImageServer.builder().settings(settings("http://127.0.0.1:" + closedPort + "/v3"))
                .start()) {
            HttpResponse<String> r = send(down, "GET", "/v2/images", keystone.demoToken(), null);
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(json(r).path("code").asText()).isEqualTo("503 Service Unavailable");
            assertThat(json(r).path("message").asText()).isEqualTo(KeystoneClient.UNAVAILABLE);
            assertThat(r.headers().firstValue("WWW-Authenticate")).isEmpty();
        }
    }
}
