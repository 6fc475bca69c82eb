package dev.imagecatalog.server.api;

import static dev.imagecatalog.server.api.ImagesHttp.ADMIN;
import static dev.imagecatalog.server.api.ImagesHttp.ALICE;
import static dev.imagecatalog.server.api.ImagesHttp.BOB;
import static dev.imagecatalog.server.api.ImagesHttp.assertError;
import static dev.imagecatalog.server.api.ImagesHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagecatalog.policy.RequestContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Glance's {@code /v2/cache} routes over a memory catalog whose one store is marked not local
 * ({@code store.mem.local=false}), so full downloads fill the cache: listing, prefetch, removal, clear by target,
 * clean, prune, their refusals (non-admins, images that are not active or not visible, a bad clear target), the
 * version document of a catalog with a cache, and downloads over HTTP served from the cache (a hit counted, a Range
 * answered from the cached file, a deactivated image refused to non-admins). A second server without a cache answers
 * every cache route with Glance's 404.
 */
class CacheRoutesTest {
    static final Duration BOUND = Duration.ofSeconds(20);

    @TempDir
    static Path cacheDir;
    static ImagesHttp cached;
    static ImagesHttp plain;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        cached = new ImagesHttp(Map.of("stores", "mem", "store.mem.type", "memory", "store.mem.local", "false"),
                Map.of("cache.enabled", "true", "cache.dir", cacheDir.toString()));
        plain = new ImagesHttp();
    }

    @AfterAll
    static void stop() {
        if (cached != null) {
            cached.close();
        }
        if (plain != null) {
            plain.close();
        }
    }

    @BeforeEach
    void emptyCache() {
        assertThat(cached.delete("/v2/cache", ADMIN).statusCode()).isEqualTo(204);
    }

    /** An active public image holding {@code data}, uploaded through the catalog. */
    static String activeImage(byte[] data) {
        String id = cached.create("{\"disk_format\": \"raw\", \"container_format\": \"bare\", \"visibility\": "
                + "\"public\"}", ADMIN).get("id").asText();
        cached.server.catalog().images(RequestContext.admin("admin-project", null))
                .upload(id, new ByteArrayInputStream(data));
        return id;
    }

    static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static HttpResponse<byte[]> download(String id, String range, String... caller) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(cached.server.uri() + "/v2/images/" + id + "/file"));
        for (int i = 0; i < caller.length; i += 2) {
            r.header(caller[i], caller[i + 1]);
        }
        if (range != null) {
            r.header("Range", range);
        }
        try {
            HttpResponse<byte[]> got = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
            awaitFillOver(id);
            return got;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls until no fill of {@code id} is left (a download ends before its fill's verification and commit). */
    static void awaitFillOver(String id) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (var files = java.nio.file.Files.walk(cacheDir)) {
                if (files.noneMatch(f -> f.getFileName().toString().equals(id)
                        && f.getParent().getFileName().toString().equals("incomplete"))) {
                    return;
                }
            }
            assertThat(System.nanoTime()).as("the fill of %s over", id).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /** {@code DELETE /v2/cache} on {@code server} as an administrator, {@code x-image-cache-clear-target: target}. */
    static HttpResponse<String> clear(ImagesHttp server, String target) {
        return server.send("DELETE", "/v2/cache", null, null, ADMIN[0], ADMIN[1], ADMIN[2], ADMIN[3],
                "x-image-cache-clear-target", target);
    }

    static JsonNode listing() {
        HttpResponse<String> r = cached.get("/v2/cache", ADMIN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        return json(r);
    }

    static JsonNode cachedEntry(String id) {
        for (JsonNode e : listing().get("cached_images")) {
            if (e.get("image_id").asText().equals(id)) {
                return e;
            }
        }
        return null;
    }

    static List<String> queued() {
        List<String> ids = new ArrayList<>();
        listing().get("queued_images").forEach(n -> ids.add(n.asText()));
        return ids;
    }

    /** Polls the cache listing until {@code id}'s entry satisfies {@code condition}, within {@link #BOUND}. */
    static JsonNode awaitEntry(String id, Predicate<JsonNode> condition) {
        Instant end = Instant.now().plus(BOUND);
        while (true) {
            JsonNode e = cachedEntry(id);
            if (e != null && condition.test(e)) {
                return e;
            }
            assertThat(Instant.now()).as("cache entry of %s: %s", id, e).isBefore(end);
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
    }

    static String md5(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A full download, asserting 200 and the image's bytes. */
    static void fullDownload(String id, byte[] data, String... caller) {
        HttpResponse<byte[]> r = download(id, null, caller);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(data);
    }

    @Test
    void aFullDownloadFillsTheCacheAndTheNextIsAHitListedInGlancesFields() {
        byte[] data = bytes(70_000, 1);
        String id = activeImage(data);
        assertThat(cachedEntry(id)).isNull();
        double before = Instant.now().getEpochSecond() - 1;

        fullDownload(id, data, ALICE);
        JsonNode filled = awaitEntry(id, e -> true);
        assertThat(filled.get("size").asLong()).isEqualTo(data.length);
        assertThat(filled.get("checksum").asText()).isEqualTo(md5(data));
        assertThat(filled.get("hits").asLong()).isZero();
        assertThat(filled.get("last_modified").isFloatingPointNumber()).isTrue();
        assertThat(filled.get("last_modified").asDouble()).isGreaterThan(before);
        assertThat(filled.get("last_accessed").isFloatingPointNumber()).isTrue();
        assertThat(listing().get("queued_images")).isEmpty();

        HttpResponse<byte[]> served = download(id, null, BOB);
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(data);
        assertThat(served.headers().firstValue("Content-MD5")).contains(md5(data));
        assertThat(served.headers().firstValue("Content-Length")).contains(String.valueOf(data.length));
        JsonNode hit = awaitEntry(id, e -> e.get("hits").asLong() == 1);
        assertThat(hit.get("last_accessed").asDouble()).isGreaterThanOrEqualTo(filled.get("last_accessed").asDouble());
        assertThat(hit.get("last_modified").asDouble()).isEqualTo(filled.get("last_modified").asDouble());
    }

    @Test
    void aRangeOfACachedImageIsItsBytesAndARangeNeverFills() {
        byte[] data = bytes(50_000, 2);
        String id = activeImage(data);
        HttpResponse<byte[]> miss = download(id, "bytes=100-199", ALICE);
        assertThat(miss.statusCode()).isEqualTo(206);
        assertThat(miss.body()).isEqualTo(Arrays.copyOfRange(data, 100, 200));
        assertThat(cachedEntry(id)).isNull();

        fullDownload(id, data, ALICE);
        awaitEntry(id, e -> true);
        HttpResponse<byte[]> r = download(id, "bytes=49000-", ALICE);
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(r.headers().firstValue("Content-Range")).contains("bytes 49000-49999/50000");
        assertThat(r.body()).isEqualTo(Arrays.copyOfRange(data, 49_000, 50_000));
        HttpResponse<byte[]> beyond = download(id, "bytes=60000-", ALICE);
        assertThat(beyond.statusCode()).isEqualTo(416);
    }

    @Test
    void aDeactivatedCachedImageIsRefusedToNonAdminsAndReadFromTheStoreForAdmins() {
        byte[] data = bytes(30_000, 3);
        String id = activeImage(data);
        fullDownload(id, data, ALICE);
        awaitEntry(id, e -> true);
        assertThat(cached.post("/v2/images/" + id + "/actions/deactivate", null, ADMIN).statusCode()).isEqualTo(204);

        assertError(cached.get("/v2/images/" + id + "/file", ALICE), 403);
        fullDownload(id, data, ADMIN);
        assertThat(cachedEntry(id).get("hits").asLong()).isZero();
    }

    @Test
    void queueingPrefetchesAnActiveImageAndRemovingTakesItOut() {
        byte[] data = bytes(40_000, 4);
        String id = activeImage(data);
        HttpResponse<String> r = cached.send("PUT", "/v2/cache/" + id, null, null, ADMIN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode entry = awaitEntry(id, e -> true);
        assertThat(entry.get("size").asLong()).isEqualTo(data.length);
        assertThat(entry.get("checksum").asText()).isEqualTo(md5(data));
        assertThat(queued()).doesNotContain(id);

        assertThat(cached.delete("/v2/cache/" + id, ADMIN).statusCode()).isEqualTo(204);
        assertThat(cachedEntry(id)).isNull();
        // an image the caller sees that the cache does not hold: 204, as Glance
        assertThat(cached.delete("/v2/cache/" + id, ADMIN).statusCode()).isEqualTo(204);
        // the image is still there and downloads (from the store)
        fullDownload(id, data, ALICE);
    }

    @Test
    void queueingRefusesWhatIsNotActiveOrNotThere() {
        String queuedImage = cached.create("{\"disk_format\": \"raw\", \"container_format\": \"bare\"}", ADMIN)
                .get("id").asText();
        assertError(cached.send("PUT", "/v2/cache/" + queuedImage, null, null, ADMIN), 400);
        String unknown = "5a0e1a4c-0000-4000-8000-000000000000";
        assertError(cached.send("PUT", "/v2/cache/" + unknown, null, null, ADMIN), 404);
        assertError(cached.delete("/v2/cache/" + unknown, ADMIN), 404);
        assertThat(listing().get("queued_images")).isEmpty();
        assertThat(listing().get("cached_images")).isEmpty();
    }

    @Test
    void nonAdminsAreRefusedEveryCall() {
        String id = activeImage(bytes(1000, 5));
        assertError(cached.get("/v2/cache", ALICE), 403);
        assertError(cached.send("PUT", "/v2/cache/" + id, null, null, ALICE), 403);
        assertError(cached.delete("/v2/cache/" + id, ALICE), 403);
        assertError(cached.delete("/v2/cache", ALICE), 403);
        assertError(cached.post("/v2/cache/clean", null, ALICE), 403);
        assertError(cached.post("/v2/cache/prune", null, ALICE), 403);
        assertThat(queued()).isEmpty();
    }

    @Test
    void clearEmptiesWhatItsTargetHeaderNamesAndRefusesAnyOtherValue() {
        byte[] data = bytes(20_000, 6);
        String a = activeImage(data);
        fullDownload(a, data, ALICE);
        awaitEntry(a, e -> true);

        HttpResponse<String> bad = clear(cached, "both");
        assertThat(assertError(bad, 400).get("message").asText()).contains("x-image-cache-clear-target");
        assertThat(cachedEntry(a)).isNotNull();

        assertThat(clear(cached, "queue").statusCode()).isEqualTo(204);
        assertThat(cachedEntry(a)).isNotNull();
        HttpResponse<String> r = clear(cached, "CACHE");
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
        assertThat(listing().get("cached_images")).isEmpty();
    }

    @Test
    void cleanAndPruneAnswer200WithGlancesBodies() {
        byte[] data = bytes(10_000, 7);
        String id = activeImage(data);
        fullDownload(id, data, ALICE);
        awaitEntry(id, e -> true);

        HttpResponse<String> clean = cached.post("/v2/cache/clean", null, ADMIN);
        assertThat(clean.statusCode()).as(clean.body()).isEqualTo(200);
        assertThat(clean.body()).isEmpty();
        HttpResponse<String> prune = cached.post("/v2/cache/prune", null, ADMIN);
        assertThat(prune.statusCode()).as(prune.body()).isEqualTo(200);
        JsonNode pruned = json(prune);
        // the cache is far under cache.max-size: nothing pruned
        assertThat(pruned.get("total_files_pruned").asInt()).isZero();
        assertThat(pruned.get("total_bytes_pruned").asLong()).isZero();
        assertThat(cachedEntry(id)).isNotNull();
    }

    @Test
    void otherMethodsAre405AndNodesIs409() {
        assertThat(cached.post("/v2/cache", "{}", ADMIN).headers().firstValue("Allow")).contains("DELETE, GET");
        assertThat(cached.get("/v2/cache/clean", ADMIN).headers().firstValue("Allow")).contains("POST");
        assertThat(assertError(cached.get("/v2/cache/nodes/x", ADMIN), 409).get("message").asText())
                .contains("Centralized caching is not enabled");
        assertError(cached.get("/v2/cache/nodes/x", ALICE), 403);
    }

    @Test
    void theVersionsListTheCacheApiWith218Current() {
        JsonNode versions = json(cached.get("/versions")).get("versions");
        assertThat(versions.get(0).get("id").asText()).isEqualTo("v2.18");
        assertThat(versions.get(0).get("status").asText()).isEqualTo("CURRENT");
        assertThat(versions.findValuesAsText("id")).contains("v2.14", "v2.16", "v2.17", "v2.15", "v2.13");
        assertThat(versions.findValuesAsText("status").stream().filter("CURRENT"::equals)).hasSize(1);

        JsonNode without = json(plain.get("/versions")).get("versions");
        assertThat(without.get(0).get("id").asText()).isEqualTo("v2.17");
        assertThat(without.findValuesAsText("id")).doesNotContain("v2.14", "v2.16", "v2.18");
    }

    @Test
    void withoutACacheEveryCacheRouteIs404() {
        for (HttpResponse<String> r : List.of(plain.get("/v2/cache", ADMIN),
                plain.send("PUT", "/v2/cache/x", null, null, ADMIN), plain.delete("/v2/cache/x", ADMIN),
                plain.delete("/v2/cache", ADMIN),
                clear(plain, "bad"),
                plain.post("/v2/cache/clean", null, ADMIN), plain.post("/v2/cache/prune", null, ADMIN),
                plain.get("/v2/cache/nodes/x", ADMIN))) {
            assertThat(assertError(r, 404).get("message").asText()).contains("Caching via API is not supported");
        }
    }
}
