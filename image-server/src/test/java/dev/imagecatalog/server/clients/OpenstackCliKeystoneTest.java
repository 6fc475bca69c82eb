package dev.imagecatalog.server.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagecatalog.server.ImageServer;
import dev.imagecatalog.server.clients.CliRunner.Result;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * openstackclient against a server that validates Keystone tokens: {@code openstack --os-cloud admin|demo ...} with a
 * {@code clouds.yaml} in the client's {@code HOME} naming the dev Keystone, the fixture user and
 * {@code image_endpoint_override} (the test's server: Keystone's catalog names another port). The image is shared by
 * {@code admin} with project {@code demo}, which accepts it.
 */
class OpenstackCliKeystoneTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static ImageServer server;
    static KeystoneFixtures keystone;
    static CliRunner admin;
    static CliRunner demo;

    @BeforeAll
    static void start() throws IOException {
        CliRunner.requireInstalled("openstack", "python3-openstackclient");
        keystone = KeystoneFixtures.require();
        server = keystone.startServer();
        Path config = Files.createDirectories(dir.resolve(".config/openstack"));
        Files.writeString(config.resolve("clouds.yaml"), "clouds:\n" + cloud("admin", keystone.admin())
                + cloud("demo", keystone.demo()));
        CliRunner base = new CliRunner("openstack", List.of(), dir, Duration.ofSeconds(60));
        admin = base.withGlobalArguments(List.of("--os-cloud", "admin"));
        demo = base.withGlobalArguments(List.of("--os-cloud", "demo"));
    }

    private static String cloud(String name, KeystoneFixtures.User user) {
        return "  " + name + ":\n"
                + "    auth:\n"
                + "      auth_url: " + keystone.authUrl() + "\n"
                + "      username: " + user.name() + "\n"
                + "      password: " + user.password() + "\n"
                + "      project_name: " + user.project() + "\n"
                + "      user_domain_name: " + user.domain() + "\n"
                + "      project_domain_name: " + user.domain() + "\n"
                + "    identity_api_version: 3\n"
                + "    image_api_version: 2\n"
                + "    image_endpoint_override: " + server.uri() + "\n";
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static JsonNode json(Result result) {
        try {
            return JSON.readTree(result.ok().stdout());
        } catch (IOException e) {
            throw new UncheckedIOException(result.toString(), e);
        }
    }

    @Test
    void shareAcceptSaveUnshareDelete() throws Exception {
        Path file = ImageFiles.write(dir, "ks.raw", 1024 * 1024 + 9, 31);
        String md5 = ImageFiles.md5(file);
        JsonNode created = json(admin.run("image", "create", "-f", "json", "--disk-format", "raw",
                "--container-format", "bare", "--shared", "--file", file.toString(), "ks-shared"));
        String id = created.get("id").asText();
        assertThat(demo.run("image", "show", id).failed().stderr()).containsIgnoringCase("no image");

        JsonNode added = json(admin.run("image", "add", "project", "-f", "json", id, "demo"));
        assertThat(added.get("member_id").asText()).isEqualTo(keystone.demoProjectId());
        demo.run("image", "set", "--accept", id).ok();
        JsonNode listed = json(demo.run("image", "list", "-f", "json", "--shared"));
        assertThat(listed.findValuesAsText("ID")).contains(id);
        JsonNode members = json(admin.run("image", "member", "list", "-f", "json", id));
        assertThat(members.get(0).get("Status").asText()).isEqualTo("accepted");

        Path out = dir.resolve("ks.out");
        demo.run("image", "save", "--file", out.toString(), id).ok();
        assertThat(ImageFiles.md5(out)).isEqualTo(md5);

        admin.run("image", "remove", "project", id, "demo").ok();
        demo.run("image", "show", id).failed();
        admin.run("image", "delete", id).ok();
        admin.run("image", "show", id).failed();
    }
}
