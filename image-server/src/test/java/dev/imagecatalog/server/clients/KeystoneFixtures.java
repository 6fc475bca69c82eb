package dev.imagecatalog.server.clients;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagecatalog.contract.TestEnvironment;
import dev.imagecatalog.server.ImageServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The Keystone the dev servers run ({@code IMAGECATALOG_KEYSTONE_URL}) and its fixture users
 * ({@code IMAGECATALOG_KEYSTONE_FIXTURES}, written by scripts/servers/ks_fixtures.py): {@code admin} (role admin on
 * project admin), {@code demo} (member and reader on project demo) and the service user the server validates tokens
 * with. Missing variables fail the test in CI and skip it elsewhere.
 */
record KeystoneFixtures(String authUrl, JsonNode fixtures) {
    private static final String WHO = "the dev Keystone (scripts/servers; IMAGECATALOG_KEYSTONE_URL and "
            + "IMAGECATALOG_KEYSTONE_FIXTURES, exported by scripts/test)";

    static KeystoneFixtures require() {
        String url = TestEnvironment.require("IMAGECATALOG_KEYSTONE_URL", WHO);
        String file = TestEnvironment.require("IMAGECATALOG_KEYSTONE_FIXTURES", WHO);
        try {
            return new KeystoneFixtures(url, new ObjectMapper().readTree(Path.of(file).toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    /** A user of the fixtures: name, password, project name, domain. */
    record User(String name, String password, String project, String domain) {
    }

    User admin() {
        return user("admin");
    }

    User demo() {
        return user("demo");
    }

    /** {@return the demo project's id (the member project of the sharing tests)} */
    String demoProjectId() {
        return fixtures.path("demo").path("project_id").asText();
    }

    private User user(String key) {
        JsonNode u = fixtures.path(key);
        return new User(u.path("username").asText(), u.path("password").asText(), u.path("project").asText(),
                u.path("domain").asText("Default"));
    }

    /** {@return a started in-memory server that validates tokens against this Keystone} */
    ImageServer startServer() {
        JsonNode service = fixtures.path("service_user");
        Map<String, String> m = new HashMap<>(Map.of("metadata.type", "memory", "stores", "mem",
                "store.mem.type", "memory", "server.port", "0"));
        m.put("server.auth", "keystone");
        m.put("server.keystone.url", authUrl);
        m.put("server.keystone.username", service.path("username").asText());
        m.put("server.keystone.password", service.path("password").asText());
        m.put("server.keystone.project", service.path("project").asText());
        return ImageServer.builder().settings(m).start();
    }
}
