package dev.imagecatalog.server.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.server.ImageServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * glance against a server that validates Keystone tokens: {@code glance --os-auth-url ... --os-username ...
 * --os-image-url SERVER} (the token from Keystone, the endpoint given, since Keystone's catalog names another port).
 * {@code admin} shares an image with project {@code demo}, which accepts and downloads it.
 */
class GlanceCliKeystoneTest {
    @TempDir
    static Path dir;
    static ImageServer server;
    static KeystoneFixtures keystone;
    static CliRunner admin;
    static CliRunner demo;

    @BeforeAll
    static void start() {
        CliRunner.requireInstalled("glance", "python3-glanceclient");
        keystone = KeystoneFixtures.require();
        server = keystone.startServer();
        CliRunner base = new CliRunner("glance", List.of(), dir, Duration.ofSeconds(60))
                .forgetting(".glanceclient").withStdinClosed();
        admin = base.withGlobalArguments(arguments(keystone.admin()));
        demo = base.withGlobalArguments(arguments(keystone.demo()));
    }

    private static List<String> arguments(KeystoneFixtures.User user) {
        return List.of("--os-auth-url", keystone.authUrl(), "--os-username", user.name(), "--os-password",
                user.password(), "--os-project-name", user.project(), "--os-user-domain-name", user.domain(),
                "--os-project-domain-name", user.domain(), "--os-image-url", server.uri().toString());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shareAcceptDownloadUnshareDelete() {
        Path file = ImageFiles.write(dir, "gks.raw", 512 * 1024 + 1, 41);
        Map<String, String> created = CliTables.properties(admin.run("image-create", "--disk-format", "raw",
                "--container-format", "bare", "--visibility", "shared", "--name", "gks", "--file", file.toString(),
                "--progress").ok().stdout());
        String id = created.get("id");
        assertThat(created).containsEntry("status", "active").containsEntry("checksum", ImageFiles.md5(file));
        demo.run("image-show", id).failed();

        String member = keystone.demoProjectId();
        admin.run("member-create", id, member).ok();
        demo.run("member-update", id, member, "accepted").ok();
        assertThat(CliTables.column(demo.run("image-list", "--member-status", "accepted").ok().stdout(), "ID"))
                .contains(id);
        Path out = dir.resolve("gks.out");
        demo.run("image-download", "--file", out.toString(), id).ok();
        assertThat(ImageFiles.md5(out)).isEqualTo(ImageFiles.md5(file));

        admin.run("member-delete", id, member).ok();
        demo.run("image-show", id).failed();
        admin.run("image-delete", id).ok();
    }

    @Test
    void anotherProjectSeesPublicMetadefNamespacesOnly() {
        admin.run("md-namespace-create", "--visibility", "public", "IC::KeystonePublic").ok();
        admin.run("md-namespace-create", "--visibility", "private", "IC::KeystonePrivate").ok();
        List<String> seen = CliTables.column(demo.run("md-namespace-list").ok().stdout(), "namespace");
        assertThat(seen).contains("IC::KeystonePublic").doesNotContain("IC::KeystonePrivate");
        demo.run("md-namespace-show", "IC::KeystonePrivate").failed();
    }

    @Test
    void theStoresDetailIsForAdministratorsOnly() throws Exception {
        Map<String, String> listed = CliTables.properties(demo.run("stores-info").ok().stdout());
        assertThat(listed.get("stores")).contains("\"id\": \"mem\"");
        CliRunner.Result refused = demo.run("stores-info", "--detail").failed();
        assertThat(refused.stderr()).contains("403");
        com.fasterxml.jackson.databind.JsonNode detail = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                CliTables.properties(admin.run("stores-info", "--detail").ok().stdout()).get("stores"));
        assertThat(detail.get(0).get("type").asText()).isEqualTo("memory");
        assertThat(detail.get(0).get("weight").isInt()).isTrue();
    }
}
