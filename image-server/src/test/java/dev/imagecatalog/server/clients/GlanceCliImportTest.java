package dev.imagecatalog.server.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageQuery;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.server.ImageServer;
import dev.imagecatalog.server.ImportFixtures;
import dev.imagecatalog.server.clients.CliRunner.Result;
import dev.imagecatalog.task.Task;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's python-glanceclient 4.1 ({@code glance}, unchanged, noauth: an administrator of no project) importing
 * through a server whose catalog may download from a loopback web server the test starts:
 * {@code image-create-via-import} with {@code glance-direct} and with {@code web-download}, {@code image-stage} then
 * {@code image-import}, {@code image-import --import-method copy-image --stores} to a second store, a URL the filter refuses, {@code image-tasks}, {@code task-list}, {@code task-show} and the
 * legacy {@code task-create}. The client does not wait for an import to end; the test waits on the catalog.
 */
class GlanceCliImportTest {
    static final RequestContext ADMIN = RequestContext.admin("admin-project", "admin");
    @TempDir
    static Path dir;
    @TempDir
    static Path staging;
    static ImportFixtures.Web web;
    static byte[] served;
    static ImageServer server;
    static CliRunner glance;

    @BeforeAll
    static void start() {
        web = new ImportFixtures.Web();
        served = web.serve("/cirros.raw", 6000, 21);
        Map<String, String> settings = new HashMap<>(web.allowingSettings());
        settings.putAll(Map.of("metadata.type", "memory", "stores", "mem, other", "stores.default", "mem",
                "store.mem.type", "memory", "store.other.type", "memory", "server.port", "0",
                "import.staging-dir", staging.toString()));
        server = ImageServer.builder().settings(settings).start();
        glance = CliRunner.glanceNoauth(server.uri(), dir);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (web != null) {
            web.close();
        }
    }

    static Image settled(String id) {
        return ImportFixtures.awaitSettled(server.catalog(), id);
    }

    @Test
    void createViaImportWithGlanceDirectEndsActiveWithTheFilesChecksum() {
        Path file = ImageFiles.write(dir, "direct.raw", 5000, 3);
        Map<String, String> created = CliTables.properties(glance.run("image-create-via-import", "--name", "direct",
                "--disk-format", "raw", "--container-format", "bare", "--import-method", "glance-direct",
                "--file", file.toString()).ok().stdout());
        String id = created.get("id");
        assertThat(settled(id).status()).isEqualTo(ImageStatus.ACTIVE);
        Map<String, String> shown = CliTables.properties(glance.run("image-show", id).ok().stdout());
        assertThat(shown).containsEntry("status", "active").containsEntry("checksum", ImageFiles.md5(file))
                .containsEntry("size", "5000");

        // the image's task history (v2.12), then the Tasks API on the same task
        String history = glance.run("image-tasks", id).ok().stdout();
        assertThat(history).contains("success");
        List<Task> tasks = server.catalog().images(ADMIN).tasks(id);
        assertThat(tasks).hasSize(1);
        String taskId = tasks.get(0).id();
        assertThat(CliTables.column(glance.run("task-list").ok().stdout(), "ID")).contains(taskId);
        Map<String, String> task = CliTables.properties(glance.run("task-show", taskId).ok().stdout());
        assertThat(task).containsEntry("id", taskId).containsEntry("type", "api_image_import")
                .containsEntry("status", "success").containsEntry("image_id", id);
        assertThat(task.get("result")).contains(id);
    }

    @Test
    void createViaImportWithWebDownloadFetchesTheUrl() {
        Map<String, String> created = CliTables.properties(glance.run("image-create-via-import", "--name", "web",
                "--disk-format", "raw", "--container-format", "bare", "--import-method", "web-download",
                "--uri", web.url("/cirros.raw")).ok().stdout());
        Image image = settled(created.get("id"));
        assertThat(image.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(image.checksum()).isEqualTo(ImportFixtures.md5(served));
        assertThat(image.size()).isEqualTo((long) served.length);
    }

    @Test
    void stageThenImport() {
        Path file = ImageFiles.write(dir, "staged.raw", 4000, 4);
        String id = CliTables.properties(glance.run("image-create", "--name", "staged", "--disk-format", "raw",
                "--container-format", "bare").ok().stdout()).get("id");
        glance.run("image-stage", "--file", file.toString(), id).ok();
        assertThat(CliTables.properties(glance.run("image-show", id).ok().stdout()))
                .containsEntry("status", "uploading").containsEntry("size", "4000");
        glance.run("image-import", "--import-method", "glance-direct", id).ok();
        Image image = settled(id);
        assertThat(image.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(image.checksum()).isEqualTo(ImageFiles.md5(file));

        // then copy-image to the other store (the client checks the store against stores-info first)
        glance.run("image-import", "--import-method", "copy-image", "--stores", "other", id).ok();
        Image copied = settled(id);
        assertThat(copied.activeLocations()).extracting(l -> l.storeId()).containsExactlyInAnyOrder("mem", "other");
        assertThat(CliTables.properties(glance.run("image-show", id).ok().stdout()).get("stores"))
                .contains("mem").contains("other");
        assertThat(server.catalog().images(ADMIN).tasks(id)).hasSize(2)
                .allSatisfy(t -> assertThat(t.status().glanceName()).isEqualTo("success"));
    }

    @Test
    void aUrlTheFilterRefusesFailsTheCommandAndTheImageStaysQueued() {
        int requests = web.requests();
        Result r = glance.run("image-create-via-import", "--name", "refused", "--disk-format", "raw",
                "--container-format", "bare", "--import-method", "web-download",
                "--uri", "http://127.0.0.1:1/cirros.raw").failed();
        assertThat(r.stderr()).contains("400");
        List<Image> refused = server.catalog().images(ADMIN).list(ImageQuery.all()).items().stream()
                .filter(i -> "refused".equals(i.name())).toList();
        assertThat(refused).hasSize(1);
        assertThat(refused.get(0).status()).isEqualTo(ImageStatus.QUEUED);
        assertThat(server.catalog().images(ADMIN).tasks(refused.get(0).id())).isEmpty();
        assertThat(web.requests()).isEqualTo(requests);
    }

    @Test
    void theLegacyImportTask() {
        String input = "{\"import_from\": \"" + web.url("/cirros.raw") + "\", \"import_from_format\": \"raw\", "
                + "\"image_properties\": {\"name\": \"legacy\", \"disk_format\": \"raw\", \"container_format\": \"bare\"}}";
        Map<String, String> created = CliTables.properties(glance.run("task-create", "--type", "import",
                "--input", input).ok().stdout());
        Task task = ImportFixtures.awaitTask(server.catalog(), created.get("id"));
        Map<String, String> shown = CliTables.properties(glance.run("task-show", task.id()).ok().stdout());
        assertThat(shown).containsEntry("status", "success").containsEntry("type", "import");
        String imageId = (String) task.result().get("image_id");
        assertThat(server.catalog().images(ADMIN).get(imageId).checksum()).isEqualTo(ImportFixtures.md5(served));
    }
}
