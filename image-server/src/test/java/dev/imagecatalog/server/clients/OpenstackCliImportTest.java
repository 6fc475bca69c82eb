package dev.imagecatalog.server.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageQuery;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.server.ImageServer;
import dev.imagecatalog.server.ImportFixtures;
import dev.imagecatalog.server.clients.CliRunner.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's python-openstackclient 6.0 (unchanged, noauth) importing: it has no {@code image stage} or
 * {@code image import} command, but {@code image create --import --file F} makes openstacksdk read the
 * {@code OpenStack-image-import-methods} header of the create answer, stage the file and start a
 * {@code glance-direct} import. The catalog caps images at 64 KiB, so a larger file's stage is refused (413): the
 * SDK then deletes the image it created, and the command fails with the server's error, leaving nothing staged.
 */
class OpenstackCliImportTest {
    static final RequestContext ADMIN = RequestContext.admin("admin-project", "admin");
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    @TempDir
    static Path staging;
    static ImageServer server;
    static CliRunner openstack;

    @BeforeAll
    static void start() {
        server = ImageServer.builder().settings(Map.of("metadata.type", "memory", "stores", "mem",
                "store.mem.type", "memory", "server.port", "0", "import.staging-dir", staging.toString(),
                "image.size-cap", "64KiB")).start();
        openstack = CliRunner.openstackNoauth(server.uri(), dir);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void createWithImportStagesAndImportsTheFile() throws IOException {
        Path file = ImageFiles.write(dir, "imported.raw", 7000, 8);
        JsonNode created = JSON.readTree(openstack.run("image", "create", "--import", "--disk-format", "raw",
                "--container-format", "bare", "--file", file.toString(), "-f", "json", "imported").ok().stdout());
        String id = created.get("id").asText();
        Image image = ImportFixtures.awaitSettled(server.catalog(), id);
        assertThat(image.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(image.checksum()).isEqualTo(ImageFiles.md5(file));
        assertThat(server.catalog().images(ADMIN).tasks(id)).singleElement()
                .satisfies(t -> assertThat(t.type().glanceName()).isEqualTo("api_image_import"));
        JsonNode shown = JSON.readTree(openstack.run("image", "show", "-f", "json", id).ok().stdout());
        assertThat(shown.get("status").asText()).isEqualTo("active");
        assertThat(shown.get("checksum").asText()).isEqualTo(ImageFiles.md5(file));
    }

    @Test
    void aStageOverTheSizeCapFailsTheCommandAndLeavesNothing() throws IOException {
        Path file = ImageFiles.write(dir, "big.raw", 70 * 1024, 9);
        Result r = openstack.run("image", "create", "--import", "--disk-format", "raw", "--container-format",
                "bare", "--file", file.toString(), "big").failed();
        assertThat(r.stderr()).contains("413");
        assertThat(server.catalog().images(ADMIN).list(ImageQuery.all()).items().stream()
                .filter(i -> "big".equals(i.name()))).isEmpty();
        try (Stream<Path> left = Files.walk(staging)) {
            assertThat(left.filter(Files::isRegularFile)).isEmpty();
        }
    }
}
