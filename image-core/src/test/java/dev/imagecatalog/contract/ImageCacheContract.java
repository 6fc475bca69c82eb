package dev.imagecatalog.contract;

import static dev.imagecatalog.contract.CacheTestSupport.await;
import static dev.imagecatalog.contract.CacheTestSupport.nextMillisecond;
import static dev.imagecatalog.contract.CacheTestSupport.overwrite;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.cache.CacheListing;
import dev.imagecatalog.cache.CacheService;
import dev.imagecatalog.cache.CacheTarget;
import dev.imagecatalog.cache.CachedImage;
import dev.imagecatalog.cache.CleanResult;
import dev.imagecatalog.cache.PruneResult;
import dev.imagecatalog.data.ByteRange;
import dev.imagecatalog.data.DownloadOptions;
import dev.imagecatalog.data.ImageData;
import dev.imagecatalog.error.CatalogConfigurationException;
import dev.imagecatalog.error.ForbiddenException;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.event.CatalogEvent;
import dev.imagecatalog.event.CatalogEventTypes;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.policy.RequestContext;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.ThrowingConsumer;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local image cache over a store that is not local, through the public API only ({@code cache.*} settings,
 * {@code images(ctx).download}, {@code cache(ctx)}), so it holds for any implementation: a miss fills, a hit reads no
 * store byte; a fill whose bytes do not match the image's checksum (the store object overwritten with other bytes of
 * the same length through the raw back-end) is discarded and {@code clean} removes it; concurrent first downloads
 * read the store once; a fill abandoned by its caller leaves nothing; ranges are served from a complete entry and
 * never fill; least recently accessed entries go first when a fill crosses {@code cache.max-size}; prefetch; remove,
 * clear, prune, clean; the management calls need an administrator; a deactivated image is never served from the cache
 * (an administrator's download reads the store) and a deleted one leaves it at once; a second catalog on the same
 * directory and catalog id is refused; a download served from the cache sends {@code image.send} as any other.
 *
 * <p>Store reads are counted where they happen ({@link CacheStoreUnderTest}): GETs at the S3 or Swift server, opens
 * of the memory store. A module extends this with {@link #createStore()}; one catalog serves the class, the eviction
 * and lock cases build their own. Images are KiBs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ImageCacheContract {
    /** The size of most images. */
    protected static final int SIZE = 48 * 1024 + 7;
    private static final Duration BOUND = CacheTestSupport.BOUND;
    private static final String PROJECT = "cache-owner";
    private static final RequestContext OWNER = RequestContext.member(PROJECT, "olga");
    private static final RequestContext ADMIN = RequestContext.admin("cache-ops", "root");
    private static final RequestContext STRANGER = RequestContext.member("cache-stranger", "sam");

    @TempDir
    static Path work;

    private CacheStoreUnderTest store;
    private ImageCatalog catalog;
    private final List<ImageCatalog> others = new ArrayList<>();
    private final List<CatalogEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    private long seeds = 100;

    /** The remote store under test, created once for the class. */
    protected abstract CacheStoreUnderTest createStore() throws Exception;

    @BeforeAll
    void openCatalog() throws Exception {
        store = createStore();
        catalog = open("cache-main", work.resolve("cache"), Map.of());
    }

    @AfterAll
    void closeAll() throws Exception {
        for (ImageCatalog c : others) {
            c.close();
        }
        if (catalog != null) {
            catalog.close();
        }
        if (store != null) {
            store.close();
        }
    }

    /** The catalog settings: memory metadata, the store under test, the cache enabled in {@code cacheDir}. */
    protected Map<String, String> settings(String catalogId, Path cacheDir, Map<String, String> extra) {
        Map<String, String> s = new LinkedHashMap<>(store.catalogSettings());
        s.put("metadata.type", "memory");
        s.put("catalog.id", catalogId);
        s.put("cache.enabled", "true");
        s.put("cache.dir", cacheDir.toString());
        s.putAll(extra);
        return s;
    }

    private ImageCatalog open(String catalogId, Path cacheDir, Map<String, String> extra) {
        ImageCatalog c = ImageCatalog.builder().settings(settings(catalogId, cacheDir, extra)).listener(events::add)
                .build();
        if (catalogId.equals("cache-main")) {
            return c;
        }
        others.add(c);
        return c;
    }

    // ------------------------------------------------------------------ hit and miss

    @Test
    void aFullDownloadFillsAndTheNextIsServedWithoutReadingTheStore() throws Exception {
        Image img = uploaded(catalog, SIZE);
        assertThat(catalog.cacheEnabled()).isTrue();
        assertThat(cached(catalog, img.id())).isEmpty();

        assertThat(download(catalog, OWNER, img.id())).isEqualTo(bytesOf(img));
        assertReads(catalog, img, 1, "store reads of the miss");
        CachedImage entry = awaitCached(catalog, img.id());
        assertThat(entry.size()).isEqualTo(SIZE);
        assertThat(entry.checksum()).isEqualTo(img.checksum());
        assertThat(entry.hits()).isZero();

        assertThat(download(catalog, OWNER, img.id())).isEqualTo(bytesOf(img));
        assertThat(download(catalog, ADMIN, img.id())).isEqualTo(bytesOf(img));
        assertReads(catalog, img, 1, "store reads after two hits");
        CachedImage after = cached(catalog, img.id()).orElseThrow();
        assertThat(after.hits()).isEqualTo(2);
        assertThat(after.lastAccessed()).isAfterOrEqualTo(entry.lastAccessed());
        assertThat(after.lastModified()).isEqualTo(entry.lastModified());
        assertThat(catalog.awaitEvents(BOUND)).isTrue();
        assertThat(events).filteredOn(e -> e.type().equals(CatalogEventTypes.IMAGE_SEND)
                && img.id().equals(e.subjectId())).as("image.send of the miss and of both hits")
                .hasSize(3).allMatch(e -> e.priority() == CatalogEvent.Priority.INFO);
    }

    @Test
    void theFirstDownloadOfATinyImageIsAMissEvenWhenItsFillEndsFirst() throws Exception {
        for (int i = 0; i < 8; i++) {
            Image img = uploaded(catalog, 100 + i);
            assertThat(download(catalog, OWNER, img.id())).isEqualTo(bytesOf(img));
            assertThat(awaitCached(catalog, img.id()).hits()).as("hits of image %d after its first download", i)
                    .isZero();
            assertReads(catalog, img, 1, "the first download of tiny image " + i);
        }
    }

    @Test
    void rangesAreServedFromACompleteEntryAndNeverFill() throws Exception {
        Image img = uploaded(catalog, SIZE);
        byte[] all = bytesOf(img);
        assertThat(range(catalog, img.id(), 1000, 4999)).isEqualTo(Arrays.copyOfRange(all, 1000, 5000));
        assertReads(catalog, img, 1, "");
        assertThat(cached(catalog, img.id())).as("a range miss does not fill").isEmpty();

        download(catalog, OWNER, img.id());
        awaitCached(catalog, img.id());
        long before = reads(catalog, img);
        assertThat(range(catalog, img.id(), SIZE - 7, SIZE - 1)).isEqualTo(Arrays.copyOfRange(all, SIZE - 7, SIZE));
        assertThat(range(catalog, img.id(), 0, 0)).isEqualTo(Arrays.copyOfRange(all, 0, 1));
        assertReads(catalog, img, before, "ranges of a cached image");
    }

    @Test
    void aDownloadClosedEarlyLeavesNoPartialEntryAndTheNextFullDownloadFillsWithOneRead() throws Exception {
        Image img = uploaded(catalog, 1024 * 1024 + 5);
        try (ImageData d = catalog.images(OWNER).download(img.id()); InputStream in = d.stream()) {
            assertThat(in.readNBytes(10)).hasSize(10);
        }
        // the fill may have ended (complete and verified) before the close, else the close abandoned it
        cached(catalog, img.id()).ifPresent(e -> assertThat(e.size()).isEqualTo(img.size()));
        assertThat(download(catalog, OWNER, img.id())).isEqualTo(bytesOf(img));
        assertThat(reads(catalog, img)).as("the early download's read and at most one for the next; the reads:%n%s",
                store.readsOf(catalog, img.id())).isBetween(1L, 2L);
        awaitCached(catalog, img.id());
        long before = reads(catalog, img);
        assertThat(download(catalog, OWNER, img.id())).isEqualTo(bytesOf(img));
        assertReads(catalog, img, before, "");
    }

    // ------------------------------------------------------------------ verification

    @Test
    void aFillWhoseBytesDoNotMatchTheChecksumIsDiscardedAndCleanRemovesIt() throws Exception {
        Image img = uploaded(catalog, SIZE);
        byte[] other = SeededBytes.stream(seeds++, SIZE).readAllBytes();
        overwrite(catalog, img.id(), other);

        assertThat(download(catalog, OWNER, img.id())).as("a plain download delivers the store's bytes, as it "
                + "would without the cache").isEqualTo(other);
        assertReads(catalog, img, 1, "");
        assertThat(cached(catalog, img.id())).as("a fill that failed its checksum").isEmpty();
        assertThat(download(catalog, OWNER, img.id())).isEqualTo(other);
        assertReads(catalog, img, 2, "the next download reads the store again");
        assertThat(cached(catalog, img.id())).as("after the second download").isEmpty();
        assertThatThrownBy(() -> {
            try (ImageData d = catalog.images(OWNER).download(img.id(), DownloadOptions.verified());
                 InputStream in = d.stream()) {
                in.readAllBytes();
            }
        }).as("a verified download of the corrupted object").isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("corrupt");
        CacheTestSupport.awaitFillOver(work, img.id());
        assertThat(cached(catalog, img.id())).isEmpty();

        CleanResult cleaned = admin(catalog).clean();
        assertThat(cleaned.filesRemoved()).as("invalid files removed").isPositive();
        assertThat(cleaned.bytesRemoved()).isEqualTo((long) cleaned.filesRemoved() * SIZE);
        assertThat(admin(catalog).clean()).isEqualTo(new CleanResult(0, 0));
    }

    // ------------------------------------------------------------------ concurrency

    @Test
    void concurrentFirstDownloadsReadTheStoreOnce() throws Exception {
        int n = 4;
        Image img = uploaded(catalog, 256 * 1024 + 3);
        CountDownLatch opened = new CountDownLatch(n);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<byte[]>> got = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                got.add(pool.submit(() -> {
                    try (ImageData d = catalog.images(OWNER).download(img.id()); InputStream in = d.stream()) {
                        opened.countDown();
                        opened.await(BOUND.toSeconds(), TimeUnit.SECONDS);
                        return in.readAllBytes();
                    }
                }));
            }
            for (Future<byte[]> f : got) {
                assertThat(f.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo(bytesOf(img));
            }
        } finally {
            pool.shutdownNow();
        }
        assertReads(catalog, img, 1, n + " concurrent first downloads");
        assertThat(awaitCached(catalog, img.id()).size()).isEqualTo(img.size());
        assertThat(download(catalog, OWNER, img.id())).isEqualTo(bytesOf(img));
        assertReads(catalog, img, 1, "");
    }

    // ------------------------------------------------------------------ eviction

    @Test
    void aFillOverMaxSizePrunesTheLeastRecentlyAccessedFirst() throws Exception {
        int size = 16 * 1024;
        ImageCatalog small = open("cache-evict", work.resolve("evict"), Map.of("cache.max-size", "56KiB"));
        Image a = uploaded(small, size);
        Image b = uploaded(small, size);
        Image c = uploaded(small, size);
        Image d = uploaded(small, size);
        for (Image i : List.of(a, b, c)) {
            download(small, OWNER, i.id());
            awaitCached(small, i.id());
            nextMillisecond();
        }
        download(small, OWNER, a.id());
        nextMillisecond();
        download(small, OWNER, c.id());
        nextMillisecond();
        assertThat(reads(small, a) + reads(small, c)).as("a and c served from the cache").isEqualTo(2);

        download(small, OWNER, d.id());
        awaitCached(small, d.id());
        await("the prune after the fill of d", () -> admin(small).list().cached().size() == 3);
        assertThat(admin(small).list().cached()).extracting(CachedImage::imageId)
                .as("b was the least recently accessed").containsExactlyInAnyOrder(a.id(), c.id(), d.id());
        assertThat(admin(small).list().cached().stream().mapToLong(CachedImage::size).sum())
                .isLessThanOrEqualTo(56 * 1024);
        assertThat(admin(small).prune()).as("a prune within max-size").isEqualTo(new PruneResult(0, 0));

        assertThat(download(small, OWNER, b.id())).isEqualTo(bytesOf(b));
        assertReads(small, b, 2, "b, evicted, is read from the store");
        awaitCached(small, b.id());
        await("the prune after the fill of b", () -> admin(small).list().cached().size() == 3);
        assertThat(admin(small).list().cached()).extracting(CachedImage::imageId)
                .as("then a, accessed before c and d").containsExactlyInAnyOrder(b.id(), c.id(), d.id());
    }

    // ------------------------------------------------------------------ prefetch

    @Test
    void aQueuedImageIsFilledInTheBackgroundAndThenServedFromTheCache() throws Exception {
        Image img = uploaded(catalog, SIZE);
        admin(catalog).queue(img.id());
        await("image " + img.id() + " cached and no longer queued", () -> {
            CacheListing l = admin(catalog).list();
            return l.cached().stream().anyMatch(i -> i.imageId().equals(img.id())) && !l.queued().contains(img.id());
        });
        assertReads(catalog, img, 1, "the prefetch's read");
        assertThat(download(catalog, OWNER, img.id())).isEqualTo(bytesOf(img));
        assertReads(catalog, img, 1, "");
        assertThat(cached(catalog, img.id()).orElseThrow().hits()).isEqualTo(1);

        admin(catalog).queue(img.id());
        assertThat(admin(catalog).list().queued()).as("queuing a cached image").doesNotContain(img.id());
        assertReads(catalog, img, 1, "");

        Image empty = catalog.images(OWNER).create(ImageDraft.builder().name("queued").diskFormat("raw")
                .containerFormat("bare").build());
        assertThatThrownBy(() -> admin(catalog).queue(empty.id())).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> admin(catalog).queue(UUID.randomUUID().toString()))
                .isInstanceOf(NotFoundException.class);
        assertThat(admin(catalog).list().queued()).doesNotContain(empty.id());
    }

    // ------------------------------------------------------------------ management

    @Test
    void removeClearPruneAndCleanAnswerWhatTheyDid() throws Exception {
        Image one = uploaded(catalog, SIZE);
        Image two = uploaded(catalog, SIZE);
        for (Image i : List.of(one, two)) {
            download(catalog, OWNER, i.id());
            awaitCached(catalog, i.id());
        }
        admin(catalog).remove(one.id());
        assertThat(cached(catalog, one.id())).isEmpty();
        assertThatThrownBy(() -> admin(catalog).remove(one.id())).isInstanceOf(NotFoundException.class);
        assertThat(download(catalog, OWNER, one.id())).isEqualTo(bytesOf(one));
        assertReads(catalog, one, 2, "a removed image is read from the store");
        awaitCached(catalog, one.id());

        assertThat(admin(catalog).prune()).isEqualTo(new PruneResult(0, 0));
        assertThat(admin(catalog).clean()).isEqualTo(new CleanResult(0, 0));
        assertThat(admin(catalog).clear(CacheTarget.QUEUE)).as("an empty queue").isZero();
        assertThat(cached(catalog, two.id())).as("clearing the queue keeps the cache").isPresent();
        int entries = admin(catalog).list().cached().size();
        assertThat(admin(catalog).clear(CacheTarget.CACHE)).isEqualTo(entries);
        assertThat(admin(catalog).list()).isEqualTo(new CacheListing(List.of(), List.of()));
        assertThat(admin(catalog).clear(CacheTarget.BOTH)).isZero();
        assertThat(download(catalog, OWNER, two.id())).isEqualTo(bytesOf(two));
        assertReads(catalog, two, 2, "after clear");
    }

    @Test
    void theManagementCallsNeedAnAdministrator() throws Exception {
        Image img = uploaded(catalog, SIZE);
        download(catalog, OWNER, img.id());
        awaitCached(catalog, img.id());
        CacheService member = catalog.cache(OWNER);
        List<ThrowingConsumer<CacheService>> calls = List.of(CacheService::list, s -> s.queue(img.id()),
                s -> s.remove(img.id()), s -> s.clear(CacheTarget.BOTH), CacheService::prune, CacheService::clean);
        for (ThrowingConsumer<CacheService> call : calls) {
            assertThatThrownBy(() -> call.accept(member)).isInstanceOf(ForbiddenException.class);
        }
        assertThat(cached(catalog, img.id())).isPresent();
    }

    // ------------------------------------------------------------------ access checks on hits

    @Test
    void aCachedImageIsServedOnlyAfterTheDownloadChecksAndNeverWhileDeactivated() throws Exception {
        Image img = uploaded(catalog, SIZE);
        download(catalog, OWNER, img.id());
        awaitCached(catalog, img.id());
        assertThatThrownBy(() -> download(catalog, STRANGER, img.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> download(catalog, RequestContext.reader(PROJECT, "rory"), img.id()))
                .isInstanceOf(ForbiddenException.class);
        assertThat(cached(catalog, img.id()).orElseThrow().hits()).as("refused downloads are no hits").isZero();

        catalog.images(ADMIN).deactivate(img.id());
        assertThatThrownBy(() -> download(catalog, OWNER, img.id())).isInstanceOf(ForbiddenException.class);
        assertThat(download(catalog, ADMIN, img.id())).isEqualTo(bytesOf(img));
        assertReads(catalog, img, 2, "a deactivated image is read from the store, even by an admin");
        assertThat(cached(catalog, img.id()).map(CachedImage::hits).orElse(0L)).as("hits while deactivated").isZero();

        catalog.images(ADMIN).reactivate(img.id());
        assertThat(download(catalog, OWNER, img.id())).isEqualTo(bytesOf(img));
        awaitCached(catalog, img.id());
        catalog.images(OWNER).delete(img.id());
        assertThat(cached(catalog, img.id())).as("a deleted image leaves the cache at once").isEmpty();
        assertThatThrownBy(() -> download(catalog, OWNER, img.id())).isInstanceOf(NotFoundException.class);
    }

    // ------------------------------------------------------------------ one owner per directory

    @Test
    void aSecondCatalogOnTheSameDirectoryAndCatalogIdIsRefused() {
        Map<String, String> same = new LinkedHashMap<>();
        same.put("metadata.type", "memory");
        same.put("catalog.id", "cache-main");
        same.put("stores", "m");
        same.put("store.m.type", "memory");
        same.put("cache.enabled", "true");
        same.put("cache.dir", work.resolve("cache").toString());
        assertThatThrownBy(() -> ImageCatalog.builder().settings(same).build().close())
                .isInstanceOf(CatalogConfigurationException.class).hasMessageContaining("cache.dir");
        same.put("catalog.id", "cache-neighbour");
        try (ImageCatalog neighbour = ImageCatalog.builder().settings(same).build()) {
            assertThat(neighbour.cache(ADMIN).list().cached()).as("another catalog id shares nothing").isEmpty();
        }
        same.remove("cache.dir");
        assertThatThrownBy(() -> ImageCatalog.builder().settings(same).build().close())
                .isInstanceOf(CatalogConfigurationException.class).hasMessageContaining("cache.dir");
    }

    // ------------------------------------------------------------------ helpers

    /** An active image of {@code size} seeded bytes owned by {@link #PROJECT}, in the store under test. */
    protected Image uploaded(ImageCatalog c, long size) {
        ImageService owner = c.images(OWNER);
        Image img = owner.create(ImageDraft.builder().name("cached-" + seeds).diskFormat("raw").containerFormat("bare")
                .property("seed", String.valueOf(seeds)).build());
        return owner.upload(img.id(), SeededBytes.stream(seeds++, size));
    }

    /** The bytes uploaded to {@code img}. */
    protected static byte[] bytesOf(Image img) throws Exception {
        return SeededBytes.stream(Long.parseLong(img.properties().get("seed")), img.size()).readAllBytes();
    }

    /**
     * A whole download by {@code ctx}, read to its end; returns once the fill it may have started is over (a
     * download ends when the fill's copy does, before its verification and commit).
     */
    private static byte[] download(ImageCatalog c, RequestContext ctx, String id) throws Exception {
        byte[] bytes = CacheTestSupport.download(c, ctx, id);
        CacheTestSupport.awaitFillOver(work, id);
        return bytes;
    }

    private static byte[] range(ImageCatalog c, String id, long first, long last) throws Exception {
        try (ImageData d = c.images(OWNER).download(id, DownloadOptions.range(ByteRange.of(first, last)));
             InputStream in = d.stream()) {
            return in.readAllBytes();
        }
    }

    private long reads(ImageCatalog c, Image img) {
        return store.reads(c, img.id());
    }

    /** Asserts how many times the store was read for {@code img}, showing the reads when it fails. */
    private void assertReads(ImageCatalog c, Image img, long expected, String what) {
        assertThat(reads(c, img)).as("store reads: %s; the reads:%n%s", what, store.readsOf(c, img.id()))
                .isEqualTo(expected);
    }

    private static CacheService admin(ImageCatalog c) {
        return c.cache(ADMIN);
    }

    private static Optional<CachedImage> cached(ImageCatalog c, String id) {
        return admin(c).list().cached().stream().filter(i -> i.imageId().equals(id)).findFirst();
    }

    /** Polls the listing until {@code id} is cached, failing after a bound. */
    protected static CachedImage awaitCached(ImageCatalog c, String id) throws InterruptedException {
        await("image " + id + " cached", () -> cached(c, id).isPresent());
        return cached(c, id).orElseThrow();
    }

}
