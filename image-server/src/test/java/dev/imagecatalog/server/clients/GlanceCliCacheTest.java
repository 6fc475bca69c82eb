package dev.imagecatalog.server.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.server.ImageServer;
import dev.imagecatalog.server.clients.CliRunner.Result;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * glance's cache commands ({@code cache-queue}, {@code cache-list}, {@code cache-delete}, {@code cache-clear
 * [--target]}) against a server whose memory store is marked not local ({@code store.mem.local=false}) and whose
 * catalog keeps a cache, under noauth (every call an administrator, as in {@link GlanceCliTest}); and against a
 * server without a cache, which glanceclient finds out from the versions document (no 2.14).
 *
 * <p>glanceclient prints a refused cache call on standard error and still exits 0, so the tests read its
 * output as well as its exit code.
 */
class GlanceCliCacheTest {
    static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    @TempDir
    static Path cacheDir;
    static ImageServer server;
    static ImageServer plain;
    static CliRunner glance;

    @BeforeAll
    static void start() {
        Map<String, String> settings = new HashMap<>(Map.of("metadata.type", "memory", "stores", "mem",
                "store.mem.type", "memory", "store.mem.local", "false", "server.port", "0"));
        settings.put("cache.enabled", "true");
        settings.put("cache.dir", cacheDir.toString());
        server = ImageServer.builder().settings(settings).start();
        plain = ImageServer.builder().settings(Map.of("metadata.type", "memory", "stores", "mem",
                "store.mem.type", "memory", "server.port", "0")).start();
        glance = CliRunner.glanceNoauth(server.uri(), dir);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (plain != null) {
            plain.close();
        }
    }

    @BeforeEach
    void emptyCache() {
        assertThat(glance.run("cache-clear").ok().stderr()).isEmpty();
    }

    /** An active image made by {@code glance image-create --file}: its id. */
    static String activeImage(String name, int size, long seed) {
        Path file = ImageFiles.write(dir, name + ".raw", size, seed);
        Map<String, String> created = CliTables.properties(glance.run("image-create", "--name", name,
                "--disk-format", "raw", "--container-format", "bare", "--file", file.toString()).ok().stdout());
        assertThat(created).containsEntry("status", "active");
        return created.get("id");
    }

    /** {@code cache-list}'s rows by image id: each row's cells by column header. */
    static Map<String, Map<String, String>> cacheList() {
        List<List<String>> rows = CliTables.rows(glance.run("cache-list").ok().stdout());
        assertThat(rows).isNotEmpty();
        List<String> header = rows.get(0);
        assertThat(header).containsExactly("ID", "State", "Last Accessed (UTC)", "Last Modified (UTC)", "Size",
                "Hits");
        Map<String, Map<String, String>> byId = new HashMap<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            Map<String, String> cells = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                cells.put(header.get(i), row.get(i));
            }
            byId.put(row.get(0), cells);
        }
        return byId;
    }

    /** Runs {@code cache-list} until {@code id}'s row satisfies {@code condition}, within {@link #BOUND}. */
    static Map<String, String> awaitRow(String id, Predicate<Map<String, String>> condition) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (true) {
            Map<String, String> row = cacheList().get(id);
            if (row != null && condition.test(row)) {
                return row;
            }
            assertThat(System.nanoTime()).as("cache-list row of %s: %s", id, row).isLessThan(deadline);
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    @Test
    void cacheQueuePrefetchesAndCacheDeleteRemoves() {
        String id = activeImage("prefetched", 300_000, 1);
        assertThat(cacheList()).doesNotContainKey(id);

        Result queued = glance.run("cache-queue", id).ok();
        assertThat(queued.stderr()).isEmpty();
        // queued until the prefetch worker has filled it, then cached
        assertThat(awaitRow(id, row -> true).get("State")).isIn("queued", "cached");
        Map<String, String> cached = awaitRow(id, row -> row.get("State").equals("cached"));
        assertThat(cached).containsEntry("Size", "300000").containsEntry("Hits", "0");
        assertThat(cached.get("Last Modified (UTC)")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d.*");

        assertThat(glance.run("cache-delete", id).ok().stderr()).isEmpty();
        assertThat(cacheList()).doesNotContainKey(id);
    }

    @Test
    void aSecondImageDownloadIsAHitInCacheList() {
        String id = activeImage("downloaded", 200_000, 2);
        Path first = dir.resolve("first.out");
        glance.run("image-download", "--file", first.toString(), id).ok();
        awaitRow(id, row -> row.get("State").equals("cached"));
        Path second = dir.resolve("second.out");
        glance.run("image-download", "--file", second.toString(), id).ok();
        assertThat(ImageFiles.md5(second)).isEqualTo(ImageFiles.md5(dir.resolve("downloaded.raw")));
        assertThat(awaitRow(id, row -> !row.get("Hits").equals("0"))).containsEntry("Hits", "1");
    }

    @Test
    void cacheClearEmptiesItsTarget() {
        String id = activeImage("cleared", 100_000, 3);
        glance.run("cache-queue", id).ok();
        awaitRow(id, row -> row.get("State").equals("cached"));

        assertThat(glance.run("cache-clear", "--target", "queue").ok().stderr()).isEmpty();
        assertThat(cacheList()).containsKey(id);
        assertThat(glance.run("cache-clear", "--target", "cache").ok().stderr()).isEmpty();
        assertThat(cacheList()).doesNotContainKey(id);

        glance.run("cache-queue", id).ok();
        awaitRow(id, row -> row.get("State").equals("cached"));
        assertThat(glance.run("cache-clear", "--target", "both").ok().stderr()).isEmpty();
        assertThat(cacheList()).isEmpty();
    }

    @Test
    void refusalsArePrinted() {
        String missing = "5a0e1a4c-0000-4000-8000-000000000001";
        assertThat(glance.run("cache-queue", missing).stderr()).contains("Unable to queue image").contains("404");
        assertThat(glance.run("cache-delete", missing).stderr()).contains("Unable to delete image").contains("404");
        assertThat(cacheList()).isEmpty();
    }

    @Test
    void aServerWithoutACacheIsToldApartByItsVersions() {
        Result r = CliRunner.glanceNoauth(plain.uri(), dir).run("cache-list").failed();
        assertThat(r.stdout() + r.stderr()).contains("Glance does not support image caching API (v2.14)");
    }
}
