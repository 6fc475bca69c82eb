package dev.imagecatalog.server.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.server.ImageServer;
import dev.imagecatalog.server.clients.CliRunner.Result;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * glance's multi-store commands against a server of three memory stores under noauth (every call an administrator
 * of no project, as in {@link GlanceCliTest}): {@code stores-info [--detail]}, {@code image-upload --store},
 * {@code stores-delete --store} and the {@code stores} an image shows. {@code fast} is the default, {@code slow} is
 * read first (weight 5), {@code archive} is read-only.
 */
class GlanceCliStoresTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static ImageServer server;
    static CliRunner glance;

    @BeforeAll
    static void start() {
        server = ImageServer.builder().settings(Map.of("metadata.type", "memory",
                "stores", "fast, slow, archive", "stores.default", "fast",
                "store.fast.type", "memory", "store.fast.description", "Fast local copies",
                "store.slow.type", "memory", "store.slow.weight", "5",
                "store.archive.type", "memory", "store.archive.read-only", "true", "server.port", "0")).start();
        glance = CliRunner.glanceNoauth(server.uri(), dir);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static ImageService admin() {
        return server.catalog().images(RequestContext.admin("admin-project", "admin"));
    }

    /** The {@code stores} value of {@code stores-info}'s table, parsed (prettytable wraps it over lines). */
    static JsonNode storesOf(Result result) throws Exception {
        return JSON.readTree(CliTables.properties(result.ok().stdout()).get("stores"));
    }

    static String queuedImage(String name) {
        String id = CliTables.properties(glance.run("image-create", "--name", name, "--disk-format", "raw",
                "--container-format", "bare").ok().stdout()).get("id");
        assertThat(admin().get(id).status()).isEqualTo(ImageStatus.QUEUED);
        return id;
    }

    @Test
    void storesInfoListsTheStoresAndTheDetailAddsTypeWeightAndProperties() throws Exception {
        assertThat(storesOf(glance.run("stores-info"))).isEqualTo(JSON.readTree("[{\"id\": \"fast\", \"description\":"
                + " \"Fast local copies\", \"default\": \"true\"}, {\"id\": \"slow\"},"
                + " {\"id\": \"archive\", \"read-only\": \"true\"}]"));

        JsonNode detail = storesOf(glance.run("stores-info", "--detail"));
        assertThat(detail).hasSize(3);
        assertThat(detail.get(0).get("type").asText()).isEqualTo("memory");
        assertThat(detail.get(0).get("default").asText()).isEqualTo("true");
        assertThat(detail.get(1).get("weight").asInt()).isEqualTo(5);
        assertThat(detail.get(2).get("read-only").asText()).isEqualTo("true");
        assertThat(detail.get(2).get("properties").isObject()).isTrue();
    }

    @Test
    void imageUploadWithAStoreWritesThereAndImageShowNamesIt() {
        String id = queuedImage("to-slow");
        Path file = ImageFiles.write(dir, "slow.raw", 200_000, 7);
        glance.run("image-upload", "--store", "slow", "--file", file.toString(), id).ok();
        Map<String, String> shown = CliTables.properties(glance.run("image-show", id).ok().stdout());
        assertThat(shown).containsEntry("status", "active").containsEntry("stores", "slow")
                .containsEntry("checksum", ImageFiles.md5(file));

        Path out = dir.resolve("slow.out");
        glance.run("image-download", "--file", out.toString(), id).ok();
        assertThat(ImageFiles.md5(out)).isEqualTo(ImageFiles.md5(file));
    }

    @Test
    void anUnknownStoreIsRefusedByTheClientAndAReadOnlyOneByTheServer() {
        String id = queuedImage("refused");
        Path file = ImageFiles.write(dir, "refused.raw", 1000, 8);
        // glanceclient checks the name against stores-info before it sends anything
        Result unknown = glance.run("image-upload", "--store", "nowhere", "--file", file.toString(), id).failed();
        assertThat(unknown.stderr()).contains("Store 'nowhere' is not valid for this cloud");
        Result readOnly = glance.run("image-upload", "--store", "archive", "--file", file.toString(), id).failed();
        assertThat(readOnly.stderr()).contains("403");
        assertThat(admin().get(id).status()).isEqualTo(ImageStatus.QUEUED);
        assertThat(admin().get(id).locations()).isEmpty();
    }

    @Test
    void storesDeleteRemovesOneCopyButNeverTheLast() {
        String id = queuedImage("two-copies");
        Path file = ImageFiles.write(dir, "two.raw", 300_000, 9);
        glance.run("image-upload", "--file", file.toString(), id).ok();
        admin().copyToStores(id, List.of("slow"), true);
        assertThat(CliTables.properties(glance.run("image-show", id).ok().stdout()).get("stores").split(","))
                .containsExactlyInAnyOrder("fast", "slow");

        glance.run("stores-delete", "--store", "fast", id).ok();
        assertThat(CliTables.properties(glance.run("image-show", id).ok().stdout()))
                .containsEntry("stores", "slow").containsEntry("status", "active");
        Path out = dir.resolve("two.out");
        glance.run("image-download", "--file", out.toString(), id).ok();
        assertThat(ImageFiles.md5(out)).isEqualTo(ImageFiles.md5(file));

        Result last = glance.run("stores-delete", "--store", "slow", id).failed();
        assertThat(last.stdout() + last.stderr()).contains("Unable to delete image").contains("403");
        assertThat(admin().get(id).stores()).containsExactly("slow");

        Result missing = glance.run("stores-delete", "--store", "fast", id).failed();
        assertThat(missing.stdout() + missing.stderr()).contains("Image/store not found");
    }
}
