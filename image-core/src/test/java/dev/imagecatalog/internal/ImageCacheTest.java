package dev.imagecatalog.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.cache.CacheService;
import dev.imagecatalog.cache.CachedImage;
import dev.imagecatalog.contract.FaultyImageStore;
import dev.imagecatalog.contract.FaultyImageStore.ReadFault;
import dev.imagecatalog.data.ByteRange;
import dev.imagecatalog.data.DownloadOptions;
import dev.imagecatalog.data.ImageData;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.policy.RequestContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image cache through the public API over a faulty (counting) memory store, which is not local: hits after a
 * miss, ranges, verification, abandoned fills, concurrent first downloads, the serve rule.
 */
class ImageCacheTest {
    static final int SIZE = 200_000;
    static final String CATALOG_ID = "cat-1";
    static final RequestContext ADMIN = RequestContext.admin("p0", "root");
    static final RequestContext ALICE = RequestContext.member("p1", "alice");

    @TempDir
    Path dir;
    ImageCatalog catalog;

    static byte[] data(int seed) {
        byte[] b = new byte[SIZE];
        new Random(seed).nextBytes(b);
        return b;
    }

    static Map<String, String> settings(Path dir, String catalogId) {
        Map<String, String> s = new HashMap<>();
        s.put("metadata.type", "memory");
        s.put("stores", "s");
        s.put("store.s.type", "faulty");
        s.put("store.s.delegate.type", "memory");
        s.put("catalog.id", catalogId);
        s.put("upload.buffer-size", "16KiB");
        s.put("upload.buffers", "4");
        s.put("cache.enabled", "true");
        s.put("cache.dir", dir.toString());
        return s;
    }

    static ImageCatalog open(Map<String, String> settings) {
        return ImageCatalog.builder().settings(settings).build();
    }

    @AfterEach
    void close() {
        if (catalog != null) {
            catalog.close();
        }
    }

    ImageCatalog catalog() {
        if (catalog == null) {
            catalog = open(settings(dir, CATALOG_ID));
        }
        return catalog;
    }

    FaultyImageStore store() {
        return (FaultyImageStore) catalog().backends().stores().get("s");
    }

    Image image(RequestContext who, byte[] bytes) {
        ImageService svc = catalog().images(who);
        Image img = svc.create(ImageDraft.builder().name("c").diskFormat("raw").containerFormat("bare").build());
        return svc.upload(img.id(), new ByteArrayInputStream(bytes));
    }

    /** A whole download read to its end; returns once the fill it may have started is over (verified or not). */
    byte[] download(RequestContext who, String id) throws IOException {
        byte[] bytes;
        try (ImageData d = catalog().images(who).download(id, DownloadOptions.whole())) {
            bytes = d.stream().readAllBytes();
        }
        awaitFillOver(id);
        return bytes;
    }

    /** Polls until no fill of {@code id} is left: its file committed, moved to invalid/ or deleted. */
    void awaitFillOver(String id) throws IOException {
        try {
            poll(() -> !Files.exists(cacheFile("incomplete", id)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        }
    }

    Path cacheFile(String sub, String id) {
        return dir.resolve(CATALOG_ID).resolve(sub).resolve(id);
    }

    CacheService cache() {
        return catalog().cache(ADMIN);
    }

    static void poll(BooleanSupplier done) throws InterruptedException {
        for (int i = 0; i < 1000 && !done.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertThat(done.getAsBoolean()).as("condition reached within 10 s").isTrue();
    }

    @Test
    void secondDownloadIsServedFromTheCacheWithoutOpeningTheStore() throws IOException {
        byte[] bytes = data(1);
        Image img = image(ALICE, bytes);
        store().clearOpens();
        assertThat(download(ALICE, img.id())).isEqualTo(bytes);
        assertThat(store().opens()).hasSize(1);
        assertThat(cacheFile("images", img.id())).hasBinaryContent(bytes);
        assertThat(cacheFile("incomplete", img.id())).doesNotExist();

        assertThat(download(ALICE, img.id())).isEqualTo(bytes);
        assertThat(store().opens()).as("the hit does not open the store").hasSize(1);
        CachedImage listed = cache().list().cached().get(0);
        assertThat(listed.imageId()).isEqualTo(img.id());
        assertThat(listed.size()).isEqualTo(SIZE);
        assertThat(listed.hits()).isEqualTo(1);
        assertThat(listed.checksum()).isEqualTo(img.checksum());
        assertThat(catalog().cacheEnabled()).isTrue();
    }

    @Test
    void verifiedDownloadOfAHitPassesItsChecksums() throws IOException {
        byte[] bytes = data(2);
        Image img = image(ALICE, bytes);
        download(ALICE, img.id());
        try (ImageData d = catalog().images(ALICE).download(img.id(), DownloadOptions.verified())) {
            assertThat(d.stream().readAllBytes()).isEqualTo(bytes);
        }
    }

    @Test
    void rangeIsServedFromACompleteEntry() throws IOException {
        byte[] bytes = data(3);
        Image img = image(ALICE, bytes);
        download(ALICE, img.id());
        store().clearOpens();
        try (ImageData d = catalog().images(ALICE).download(img.id(),
                DownloadOptions.range(ByteRange.of(1000, 50_999)))) {
            assertThat(d.stream().readAllBytes()).isEqualTo(Arrays.copyOfRange(bytes, 1000, 51_000));
        }
        assertThat(store().opens()).isEmpty();
    }

    @Test
    void rangeMissReadsTheStoreAndNeverFills() throws IOException {
        byte[] bytes = data(4);
        Image img = image(ALICE, bytes);
        store().clearOpens();
        try (ImageData d = catalog().images(ALICE).download(img.id(), DownloadOptions.range(ByteRange.from(10)))) {
            assertThat(d.stream().readAllBytes()).isEqualTo(Arrays.copyOfRange(bytes, 10, SIZE));
        }
        assertThat(store().opens()).hasSize(1);
        assertThat(cache().list().cached()).isEmpty();
        assertThat(cacheFile("images", img.id())).doesNotExist();
        assertThat(cacheFile("incomplete", img.id())).doesNotExist();
    }

    @Test
    void checksumMismatchMovesTheFillToInvalidAndIsNeverServed() throws Exception {
        byte[] bytes = data(5);
        Image img = image(ALICE, bytes);
        store().injectRead(ReadFault.CORRUPT_AT, 5000);
        byte[] got = download(ALICE, img.id());
        assertThat(got).as("a plain download delivers the store's bytes, as it would without the cache")
                .hasSize(SIZE).isNotEqualTo(bytes);
        poll(() -> Files.exists(cacheFile("invalid", img.id())));
        assertThat(cacheFile("images", img.id())).doesNotExist();
        assertThat(cacheFile("incomplete", img.id())).doesNotExist();
        assertThat(cache().list().cached()).isEmpty();

        store().restart();
        store().clearOpens();
        assertThat(download(ALICE, img.id())).isEqualTo(bytes);
        assertThat(store().opens()).as("the invalid file is not served: the store is read").hasSize(1);
        assertThat(cacheFile("images", img.id())).hasBinaryContent(bytes);
    }

    @Test
    void aVerifiedDownloadFollowingACorruptFillFailsAtItsEndAndNothingIsCached() throws Exception {
        byte[] bytes = data(15);
        Image img = image(ALICE, bytes);
        store().injectRead(ReadFault.CORRUPT_AT, 150_000);
        try (ImageData d = catalog().images(ALICE).download(img.id(), DownloadOptions.verified())) {
            assertThatThrownBy(() -> d.stream().readAllBytes()).isInstanceOf(IOException.class)
                    .hasMessageContaining("corrupt in its stores");
        }
        poll(() -> Files.exists(cacheFile("invalid", img.id())));
        assertThat(cache().list().cached()).isEmpty();
        store().restart();
        store().clearOpens();
        assertThat(download(ALICE, img.id())).isEqualTo(bytes);
        assertThat(store().opens()).as("the next download reads the store").hasSize(1);
    }

    @Test
    void closingTheFirstDownloadAfterTheCopyIsCompleteKeepsTheFill() throws Exception {
        byte[] bytes = data(16);
        Image img = image(ALICE, bytes);
        try (ImageData d = catalog().images(ALICE).download(img.id(), DownloadOptions.whole())) {
            assertThat(d.stream().readNBytes(1000)).isEqualTo(Arrays.copyOf(bytes, 1000));
            poll(() -> Files.exists(cacheFile("images", img.id())) || fileSize(cacheFile("incomplete", img.id()))
                    == SIZE);
        }
        awaitFillOver(img.id());
        assertThat(cacheFile("images", img.id())).hasBinaryContent(bytes);
        store().clearOpens();
        assertThat(download(ALICE, img.id())).isEqualTo(bytes);
        assertThat(store().opens()).as("a hit").isEmpty();
    }

    static long fileSize(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return -1;
        }
    }

    @Test
    void closingTheFirstDownloadEarlyAbandonsTheFillAndLeavesNoFile() throws Exception {
        byte[] bytes = data(6);
        Image img = image(ALICE, bytes);
        store().injectRead(ReadFault.BLOCK_AT, 64 * 1024);
        try (ImageData d = catalog().images(ALICE).download(img.id(), DownloadOptions.whole())) {
            assertThat(d.stream().readNBytes(1000)).isEqualTo(Arrays.copyOf(bytes, 1000));
        }
        store().release();
        poll(() -> !Files.exists(cacheFile("incomplete", img.id())));
        assertThat(cacheFile("images", img.id())).doesNotExist();
        assertThat(cache().list().cached()).isEmpty();

        store().restart();
        assertThat(download(ALICE, img.id())).isEqualTo(bytes);
        assertThat(cacheFile("images", img.id())).hasBinaryContent(bytes);
    }

    @Test
    void followersOfAnAbandonedFillFinishFromTheStoreAtTheirOffset() throws Exception {
        byte[] bytes = data(7);
        Image img = image(ALICE, bytes);
        store().clearOpens();
        store().injectRead(ReadFault.BLOCK_AT, 64 * 1024);
        ImageData first = catalog().images(ALICE).download(img.id(), DownloadOptions.whole());
        try (ImageData follower = catalog().images(ALICE).download(img.id(), DownloadOptions.whole())) {
            byte[] head = follower.stream().readNBytes(1000);
            first.stream().readNBytes(10);
            first.close();
            store().release();
            byte[] rest = follower.stream().readAllBytes();
            byte[] all = new byte[head.length + rest.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(rest, 0, all, head.length, rest.length);
            assertThat(all).isEqualTo(bytes);
        }
        assertThat(store().readOffsets()).as("the fill's read, then the follower's from its offset")
                .containsExactly(0L, 1000L);
        poll(() -> !Files.exists(cacheFile("incomplete", img.id())));
        assertThat(cacheFile("images", img.id())).doesNotExist();
    }

    @Test
    void concurrentFirstDownloadsReadTheStoreOnce() throws Exception {
        byte[] bytes = data(8);
        Image img = image(ALICE, bytes);
        store().clearOpens();
        store().injectRead(ReadFault.BLOCK_AT, 64 * 1024);
        int n = 6;
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(n);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            java.util.List<java.util.concurrent.Future<byte[]>> results = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                results.add(pool.submit(() -> {
                    try (ImageData d = catalog().images(ALICE).download(img.id(), DownloadOptions.whole())) {
                        started.countDown();
                        return d.stream().readAllBytes();
                    }
                }));
            }
            assertThat(started.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            store().release();
            for (java.util.concurrent.Future<byte[]> r : results) {
                assertThat(r.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(bytes);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store().opens()).as("six first downloads, one store read").hasSize(1);
        awaitFillOver(img.id());
        assertThat(cacheFile("images", img.id())).hasBinaryContent(bytes);
    }

    @Test
    void deactivatedImageIsNeverServedFromTheCacheEvenToAdmins() throws IOException {
        byte[] bytes = data(9);
        Image img = image(ALICE, bytes);
        download(ALICE, img.id());
        catalog().images(ADMIN).deactivate(img.id());
        store().clearOpens();
        assertThat(download(ADMIN, img.id())).isEqualTo(bytes);
        assertThat(store().opens()).hasSize(1);
        catalog().images(ADMIN).reactivate(img.id());
        assertThat(download(ALICE, img.id())).isEqualTo(bytes);
        assertThat(store().opens()).as("active again: a hit").hasSize(1);
    }

    @Test
    void deletingAnImageEvictsItsEntryAtOnce() throws IOException {
        Image img = image(ALICE, data(10));
        download(ALICE, img.id());
        assertThat(cacheFile("images", img.id())).exists();
        catalog().images(ALICE).delete(img.id());
        assertThat(cacheFile("images", img.id())).doesNotExist();
        assertThat(cache().list().cached()).isEmpty();
    }

    @Test
    void anEntryNoLongerMatchingItsImageRecordIsNotServedAndIsEvicted() throws Exception {
        byte[] bytes = data(11);
        Image img = image(ALICE, bytes);
        download(ALICE, img.id());
        var repo = catalog().backends().metadataRepository();
        Image current = repo.find(img.id()).orElseThrow();
        repo.update(current.toBuilder().osHashValue("00" + current.osHashValue().substring(2)).build());
        store().clearOpens();
        assertThat(download(ALICE, img.id())).as("the refill delivers the store's bytes").isEqualTo(bytes);
        assertThat(store().opens()).as("the stale entry is not served").hasSize(1);
        poll(() -> Files.exists(cacheFile("invalid", img.id())));
        assertThat(cacheFile("images", img.id())).as("evicted, and the refill failed the changed os_hash")
                .doesNotExist();
    }

    @Test
    void localStoresAreNeverCached() throws IOException {
        Map<String, String> s = settings(dir, CATALOG_ID);
        s.put("store.s.local", "true");
        catalog = open(s);
        Image img = image(ALICE, data(12));
        download(ALICE, img.id());
        download(ALICE, img.id());
        assertThat(store().opens()).hasSize(2);
        assertThat(cache().list().cached()).isEmpty();
    }

    @Test
    void imagesOverTheMaximumSizeAreNotCached() throws IOException {
        Map<String, String> s = settings(dir, CATALOG_ID);
        s.put("cache.max-size", "195KiB");
        catalog = open(s);
        Image img = image(ALICE, data(13));
        download(ALICE, img.id());
        assertThat(cache().list().cached()).isEmpty();
    }

    @Test
    void aVerifiedDownloadOfACorruptedEntryFailsAndRemovesIt() throws IOException {
        byte[] bytes = data(14);
        Image img = image(ALICE, bytes);
        download(ALICE, img.id());
        byte[] rotten = bytes.clone();
        rotten[100] ^= 1;
        Files.write(cacheFile("images", img.id()), rotten);
        try (ImageData d = catalog().images(ALICE).download(img.id(), DownloadOptions.verified())) {
            assertThatThrownBy(() -> d.stream().readAllBytes()).isInstanceOf(IOException.class)
                    .hasMessageContaining("image cache");
        }
        assertThat(cache().list().cached()).isEmpty();
        assertThat(download(ALICE, img.id())).isEqualTo(bytes);
    }

    @Test
    void aHitSendsImageSendAsAStoreDownloadDoes() throws Exception {
        java.util.List<dev.imagecatalog.event.CatalogEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        dev.imagecatalog.event.CatalogEventListener recorder = events::add;
        catalog = ImageCatalog.builder().settings(settings(dir, CATALOG_ID)).listener(recorder).build();
        Image img = image(ALICE, data(15));
        download(ALICE, img.id());
        download(ALICE, img.id());
        assertThat(catalog.awaitEvents(java.time.Duration.ofSeconds(10))).isTrue();
        var sends = events.stream().filter(e -> e.type().equals("image.send")).toList();
        assertThat(sends).hasSize(2);
        assertThat(sends).allSatisfy(e -> assertThat(e.payload()).containsEntry("bytes_sent", (long) SIZE)
                .containsEntry("complete", true));
    }

    @Test
    void clearingTheCacheAbandonsARunningFillAndItsDownloadFinishesFromTheStore() throws Exception {
        byte[] bytes = data(16);
        Image img = image(ALICE, bytes);
        store().clearOpens();
        store().injectRead(ReadFault.BLOCK_AT, 64 * 1024);
        try (ImageData d = catalog().images(ALICE).download(img.id(), DownloadOptions.whole())) {
            byte[] head = d.stream().readNBytes(1000);
            assertThat(cache().clear(dev.imagecatalog.cache.CacheTarget.CACHE)).isZero();
            store().release();
            byte[] rest = d.stream().readAllBytes();
            assertThat(head.length + rest.length).isEqualTo(SIZE);
            assertThat(Arrays.copyOfRange(bytes, 1000, SIZE)).isEqualTo(rest);
        }
        assertThat(store().readOffsets()).containsExactly(0L, 1000L);
        poll(() -> !Files.exists(cacheFile("incomplete", img.id())));
        assertThat(cache().list().cached()).isEmpty();
    }
}
