package dev.imagecatalog.server.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.server.ImageServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * openstackclient over two memory stores under noauth. openstackclient 6.0 has no store or location command (no
 * {@code --store} on {@code image create}, no {@code stores-info}): what it shows is an image's {@code stores},
 * which it lists among the image's properties.
 */
class OpenstackCliStoresTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static ImageServer server;
    static CliRunner openstack;

    @BeforeAll
    static void start() {
        server = ImageServer.builder().settings(Map.of("metadata.type", "memory", "stores", "fast, slow",
                "stores.default", "fast", "store.fast.type", "memory", "store.slow.type", "memory", "server.port", "0")).start();
        openstack = CliRunner.openstackNoauth(server.uri(), dir);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static JsonNode show(String id) throws Exception {
        return JSON.readTree(openstack.run("image", "show", "-f", "json", id).ok().stdout());
    }

    @Test
    void imageShowListsTheStoresHoldingTheData() throws Exception {
        Path file = ImageFiles.write(dir, "os-stores.raw", 100_000, 21);
        JsonNode created = JSON.readTree(openstack.run("image", "create", "-f", "json", "--disk-format", "raw",
                "--container-format", "bare", "--file", file.toString(), "os-stores").ok().stdout());
        String id = created.get("id").asText();
        assertThat(show(id).get("properties").get("stores").asText()).isEqualTo("fast");

        server.catalog().images(RequestContext.admin("admin-project", "admin")).copyToStores(id, List.of("slow"), true);
        assertThat(show(id).get("properties").get("stores").asText().split(","))
                .containsExactlyInAnyOrder("fast", "slow");

        Path out = dir.resolve("os-stores.out");
        openstack.run("image", "save", "--file", out.toString(), id).ok();
        assertThat(ImageFiles.md5(out)).isEqualTo(ImageFiles.md5(file));
    }
}
