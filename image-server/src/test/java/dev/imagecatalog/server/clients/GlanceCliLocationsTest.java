package dev.imagecatalog.server.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.server.ImageServer;
import dev.imagecatalog.server.clients.CliRunner.Result;
import dev.imagecatalog.spi.ImageWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * glance's location commands ({@code location-add}, {@code location-delete}, {@code location-update}: the
 * {@code /locations} patch paths) against a server that shows multiple locations
 * ({@code image.show-multiple-locations = true}), over two memory stores under noauth. The bytes a location names
 * are written into a store first, straight through the catalog's back-ends, as an operator's tool would have put
 * them there.
 */
class GlanceCliLocationsTest {
    @TempDir
    static Path dir;
    static ImageServer server;
    static CliRunner glance;

    @BeforeAll
    static void start() {
        server = ImageServer.builder().settings(Map.of("metadata.type", "memory", "stores", "fast, slow",
                "stores.default", "fast", "store.fast.type", "memory", "store.slow.type", "memory",
                "store.slow.weight", "5", "image.show-multiple-locations", "true", "server.port", "0")).start();
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

    static String queuedImage(String name) {
        return CliTables.properties(glance.run("image-create", "--name", name, "--disk-format", "raw",
                "--container-format", "bare").ok().stdout()).get("id");
    }

    static StoreLocation written(String store, String imageId, Path file) throws IOException {
        byte[] data = Files.readAllBytes(file);
        try (ImageWriter w = server.catalog().backends().stores().get(store).openWriter(imageId, data.length)) {
            w.write(ByteBuffer.wrap(data));
            return w.commit();
        }
    }

    static String sha512(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(Files.readAllBytes(file)));
    }

    /** A table value prettytable wrapped over lines, joined again. */
    static String unwrapped(Map<String, String> shown, String key) {
        return shown.get(key).replace("\n", "");
    }

    @Test
    void locationAddActivatesAQueuedImageWhoseHashMatches() throws Exception {
        Path file = ImageFiles.write(dir, "placed.raw", 150_000, 31);
        String id = queuedImage("placed");
        StoreLocation loc = written("slow", id, file);

        Result wrong = glance.run("location-add", "--url", loc.url(), "--hash-algo", "sha512", "--hash-value",
                "0".repeat(128), id).failed();
        assertThat(wrong.stderr()).contains("400");
        assertThat(admin().get(id).status()).isEqualTo(ImageStatus.QUEUED);
        assertThat(admin().get(id).locations()).isEmpty();

        Map<String, String> added = CliTables.properties(glance.run("location-add", "--url", loc.url(),
                "--hash-algo", "sha512", "--hash-value", sha512(file), id).ok().stdout());
        assertThat(added).containsEntry("status", "active").containsEntry("stores", "slow")
                .containsEntry("checksum", ImageFiles.md5(file));
        assertThat(unwrapped(added, "direct_url")).isEqualTo(loc.url());
        assertThat(unwrapped(added, "locations")).contains(loc.url()).contains("\"store\":").contains("\"slow\"");

        Path out = dir.resolve("placed.out");
        glance.run("image-download", "--file", out.toString(), id).ok();
        assertThat(ImageFiles.md5(out)).isEqualTo(ImageFiles.md5(file));
    }

    @Test
    void locationDeleteRemovesOneCopyButNotTheLast() throws Exception {
        Path file = ImageFiles.write(dir, "copies.raw", 120_000, 32);
        String id = CliTables.properties(glance.run("image-create", "--name", "copies", "--disk-format", "raw",
                "--container-format", "bare", "--file", file.toString()).ok().stdout()).get("id");
        String fast = admin().get(id).activeLocations().get(0).url();
        StoreLocation slow = written("slow", id, file);
        glance.run("location-add", "--url", slow.url(), id).ok();
        assertThat(admin().get(id).stores()).containsExactlyInAnyOrder("fast", "slow");

        glance.run("location-delete", "--url", fast, id).ok();
        Image after = admin().get(id);
        assertThat(after.stores()).containsExactly("slow");
        assertThat(server.catalog().backends().stores().get("fast").exists(StoreLocation.parse(fast))).isFalse();
        Map<String, String> shown = CliTables.properties(glance.run("image-show", id).ok().stdout());
        assertThat(shown).containsEntry("stores", "slow");
        assertThat(unwrapped(shown, "direct_url")).isEqualTo(slow.url());

        Result last = glance.run("location-delete", "--url", slow.url(), id).failed();
        assertThat(last.stderr()).contains("403");
        assertThat(admin().get(id).stores()).containsExactly("slow");

        Result unknown = glance.run("location-delete", "--url", fast, id).failed();
        assertThat(unknown.stderr()).contains("Unknown URL");
    }

    /**
     * glanceclient's {@code location-update} replaces the whole list with one location's metadata changed. The
     * catalog keeps no metadata of its own beyond the store, so the same metadata changes nothing (the client sends
     * no request) and any other is refused.
     */
    @Test
    void locationUpdateKeepsTheStoreAsTheOnlyMetadata() {
        Path file = ImageFiles.write(dir, "meta.raw", 10_000, 33);
        String id = CliTables.properties(glance.run("image-create", "--name", "meta", "--disk-format", "raw",
                "--container-format", "bare", "--file", file.toString()).ok().stdout()).get("id");
        String url = admin().get(id).activeLocations().get(0).url();

        glance.run("location-update", "--url", url, "--metadata", "{\"store\": \"fast\"}", id).ok();
        Result other = glance.run("location-update", "--url", url, "--metadata", "{\"store\": \"fast\", \"a\": \"b\"}",
                id).failed();
        assertThat(other.stderr()).contains("400");
        assertThat(admin().get(id).activeLocations()).extracting(StoreLocation::url).containsExactly(url);
    }
}
