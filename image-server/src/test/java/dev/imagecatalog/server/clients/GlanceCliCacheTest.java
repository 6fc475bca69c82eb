package dev.imagecatalog.server.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.cache.CacheService;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.server.ImageServer;
import dev.imagecatalog.server.clients.CliRunner.Result;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * glance's cache commands ({@code cache-queue}, {@code cache-list}, {@code cache-delete}, {@code cache-clear
 * [--target]}) against a server whose memory store is marked not local ({@code store.mem.local=false}) and whose
 * catalog keeps a cache, under noauth (every call an administrator, as in {@link GlanceCliTest}); and against a
 * server without a cache, which glanceclient finds out from the versions document (no 2.14).
 *
 * <p>glanceclient prints a refused cache call on standard error and still exits 0, so the tests read its
 * output as well as its exit code. Images are made and the cache's state polled in process, so only the commands
 * under test run glance (each run costs a Python start).
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

    static CacheService cache() {
        return server.catalog().cache(RequestContext.admin("admin-project", "admin"));
    }

    /** An active image of {@code size} seeded bytes (the file {@code seed.raw}), made through the catalog: its id. */
    static String activeImage(int size, long seed) {
        ImageService images = server.catalog().images(RequestContext.admin("admin-project", "admin"));
        String id = images.create(ImageDraft.builder().name("cached").diskFormat("raw").containerFormat("bare")
                .build()).id();
        try (InputStream in = Files.newInputStream(ImageFiles.write(dir, seed + ".raw", size, seed))) {
            images.upload(id, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return id;
    }

    /** The ids the cache holds, complete, read in process. */
    static Set<String> cachedIds() {
        Set<String> ids = new HashSet<>();
        cache().list().cached().forEach(c -> ids.add(c.imageId()));
        return ids;
    }

    /** Polls the cache (in process) until it holds every one of {@code ids}, within {@link #BOUND}. */
    static void awaitCached(String... ids) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!cachedIds().containsAll(List.of(ids))) {
            assertThat(System.nanoTime()).as("%s cached: %s", List.of(ids), cache().list()).isLessThan(deadline);
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
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

    @Test
    void queueListDeleteAndClearByTarget() {
        String a = activeImage(300_000, 1);
        String b = activeImage(100_000, 2);
        assertThat(glance.run("cache-queue", a, b).ok().stderr()).isEmpty();
        // queued until the prefetch worker has filled it, then cached
        Map<String, Map<String, String>> listed = cacheList();
        assertThat(listed.get(a).get("State")).isIn("queued", "cached");
        assertThat(listed.get(b).get("State")).isIn("queued", "cached");
        awaitCached(a, b);
        Map<String, String> row = cacheList().get(a);
        assertThat(row).containsEntry("State", "cached").containsEntry("Size", "300000").containsEntry("Hits", "0");
        assertThat(row.get("Last Modified (UTC)")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d.*");

        assertThat(glance.run("cache-delete", a).ok().stderr()).isEmpty();
        assertThat(cachedIds()).doesNotContain(a).contains(b);
        assertThat(glance.run("cache-clear", "--target", "queue").ok().stderr()).isEmpty();
        assertThat(cachedIds()).contains(b);
        assertThat(glance.run("cache-clear", "--target", "cache").ok().stderr()).isEmpty();
        assertThat(cachedIds()).doesNotContain(b);

        glance.run("cache-queue", a).ok();
        awaitCached(a);
        assertThat(glance.run("cache-clear").ok().stderr()).isEmpty();
        assertThat(cache().list().cached()).isEmpty();
        assertThat(cache().list().queued()).isEmpty();
    }

    @Test
    void aSecondImageDownloadIsAHitInCacheList() {
        String id = activeImage(200_000, 3);
        Path first = dir.resolve("first.out");
        glance.run("image-download", "--file", first.toString(), id).ok();
        awaitCached(id);
        Path second = dir.resolve("second.out");
        glance.run("image-download", "--file", second.toString(), id).ok();
        assertThat(ImageFiles.md5(second)).isEqualTo(ImageFiles.md5(first));
        assertThat(ImageFiles.md5(first)).isEqualTo(ImageFiles.md5(dir.resolve("3.raw")));
        assertThat(cacheList().get(id)).containsEntry("State", "cached").containsEntry("Hits", "1");
    }

    @Test
    void refusalsArePrinted() {
        String missing = "5a0e1a4c-0000-4000-8000-000000000001";
        assertThat(glance.run("cache-queue", missing).stderr()).contains("Unable to queue image").contains("404");
        assertThat(glance.run("cache-delete", missing).stderr()).contains("Unable to delete image").contains("404");
        assertThat(cache().list().queued()).doesNotContain(missing);
    }

    @Test
    void aServerWithoutACacheIsToldApartByItsVersions() {
        Result r = CliRunner.glanceNoauth(plain.uri(), dir).run("cache-list").failed();
        assertThat(r.stdout() + r.stderr()).contains("Glance does not support image caching API (v2.14)");
    }
}
