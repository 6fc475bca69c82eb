package dev.imagecatalog.internal;

import static dev.imagecatalog.internal.ImageCacheTest.ADMIN;
import static dev.imagecatalog.internal.ImageCacheTest.ALICE;
import static dev.imagecatalog.internal.ImageCacheTest.CATALOG_ID;
import static dev.imagecatalog.internal.ImageCacheTest.SIZE;
import static dev.imagecatalog.internal.ImageCacheTest.data;
import static dev.imagecatalog.internal.ImageCacheTest.open;
import static dev.imagecatalog.internal.ImageCacheTest.poll;
import static dev.imagecatalog.internal.ImageCacheTest.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.cache.CacheListing;
import dev.imagecatalog.cache.CacheService;
import dev.imagecatalog.cache.CacheTarget;
import dev.imagecatalog.cache.CachedImage;
import dev.imagecatalog.cache.CleanResult;
import dev.imagecatalog.cache.PruneResult;
import dev.imagecatalog.contract.FaultyImageStore;
import dev.imagecatalog.contract.FaultyImageStore.ReadFault;
import dev.imagecatalog.data.DownloadOptions;
import dev.imagecatalog.data.ImageData;
import dev.imagecatalog.error.CatalogConfigurationException;
import dev.imagecatalog.error.ForbiddenException;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.policy.RequestContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image cache's management ({@link CacheService}): prune, clean, clear, remove, queue and prefetch, the policy,
 * the settings, the directory's lock and what start-up finds on disk.
 */
class ImageCacheManagementTest {
    @TempDir
    Path dir;
    ImageCatalog catalog;

    @AfterEach
    void close() {
        if (catalog != null) {
            catalog.close();
        }
    }

    ImageCatalog catalog(Map<String, String> settings) {
        catalog = open(settings);
        return catalog;
    }

    ImageCatalog catalog() {
        return catalog == null ? catalog(settings(dir, CATALOG_ID)) : catalog;
    }

    FaultyImageStore store() {
        return (FaultyImageStore) catalog().backends().stores().get("s");
    }

    CacheService cache() {
        return catalog().cache(ADMIN);
    }

    Image image(int seed) {
        var svc = catalog().images(ALICE);
        Image img = svc.create(ImageDraft.builder().name("c").diskFormat("raw").containerFormat("bare").build());
        return svc.upload(img.id(), new ByteArrayInputStream(data(seed)));
    }

    void download(Image img) throws IOException {
        try (ImageData d = catalog().images(ALICE).download(img.id(), DownloadOptions.whole())) {
            d.stream().transferTo(java.io.OutputStream.nullOutputStream());
        }
        try {
            poll(() -> !Files.exists(file("incomplete", img.id()))); // the fill's verification is over
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        }
    }

    Path file(String sub, String name) {
        return dir.resolve(CATALOG_ID).resolve(sub).resolve(name);
    }

    List<String> cachedIds() {
        return cache().list().cached().stream().map(CachedImage::imageId).toList();
    }

    @Test
    void aFillOverTheLimitPrunesTheLeastRecentlyAccessedEntries() throws IOException {
        Map<String, String> s = settings(dir, CATALOG_ID);
        s.put("cache.max-size", "600KiB"); // three images of 200000 bytes, not four
        catalog(s);
        Image a = image(1);
        Image b = image(2);
        Image c = image(3);
        Image d = image(4);
        download(a);
        download(b);
        download(c);
        download(a); // a hit: b is now the least recently accessed
        download(d);
        assertThat(cachedIds()).containsExactlyInAnyOrder(a.id(), c.id(), d.id());
        assertThat(file("images", b.id())).doesNotExist();
    }

    @Test
    void aFillAloneOverTheLimitIsNotKept() throws IOException {
        Map<String, String> s = settings(dir, CATALOG_ID);
        s.put("cache.max-size", "300KiB");
        catalog(s);
        Image a = image(1);
        Image b = image(2);
        download(a);
        download(b);
        assertThat(cachedIds()).containsExactly(b.id());
    }

    @Test
    void pruneRemovesEntriesWhoseImageIsGoneAndKeepsTheRestUnderTheLimit() throws IOException {
        Image a = image(1);
        Image b = image(2);
        download(a);
        download(b);
        var repo = catalog().backends().metadataRepository();
        Image gone = repo.find(b.id()).orElseThrow();
        repo.update(gone.toBuilder().status(ImageStatus.DELETED).build()); // as another instance would delete it
        PruneResult r = cache().prune();
        assertThat(r.filesPruned()).isEqualTo(1);
        assertThat(r.bytesPruned()).isEqualTo(SIZE);
        assertThat(cachedIds()).containsExactly(a.id());
        assertThat(cache().prune()).isEqualTo(new PruneResult(0, 0));
    }

    @Test
    void cleanRemovesInvalidFilesAndStalledIncompleteOnes() throws Exception {
        Image a = image(1);
        store().injectRead(ReadFault.CORRUPT_AT, 10);
        download(a); // a plain download delivers the store's bytes; the fill's verification fails
        store().restart();
        assertThat(file("invalid", a.id())).exists();
        Path stalled = file("incomplete", "stalled");
        Files.write(stalled, new byte[100]);
        Files.setLastModifiedTime(stalled, FileTime.from(Instant.now().minus(Duration.ofHours(25))));
        Path fresh = file("incomplete", "fresh");
        Files.write(fresh, new byte[7]);

        CleanResult r = cache().clean();
        assertThat(r.filesRemoved()).isEqualTo(2);
        assertThat(r.bytesRemoved()).isEqualTo(SIZE + 100);
        assertThat(file("invalid", a.id())).doesNotExist();
        assertThat(stalled).doesNotExist();
        assertThat(fresh).as("younger than cache.stall-time").exists();
    }

    @Test
    void clearEmptiesTheCacheTheQueueOrBoth() throws Exception {
        Image a = image(1);
        Image b = image(2);
        Image c = image(3);
        download(a);
        store().injectRead(ReadFault.BLOCK_AT, 0);
        cache().queue(b.id()); // the one prefetch worker blocks on b
        assertThat(store().awaitBlocked(30)).isTrue();
        cache().queue(c.id());
        assertThat(cache().list().queued()).containsExactlyInAnyOrder(b.id(), c.id());

        assertThat(cache().clear(CacheTarget.QUEUE)).isEqualTo(2);
        assertThat(cache().list().queued()).isEmpty();
        assertThat(cachedIds()).containsExactly(a.id());
        store().release();
        poll(() -> cachedIds().size() == 2); // b's fill was under way and completes; c was unqueued
        assertThat(cachedIds()).containsExactlyInAnyOrder(a.id(), b.id());

        cache().queue(c.id());
        poll(() -> cachedIds().size() == 3);
        assertThat(cache().clear(CacheTarget.CACHE)).isEqualTo(3);
        assertThat(cache().list()).isEqualTo(new CacheListing(List.of(), List.of()));
        assertThat(cache().clear(CacheTarget.BOTH)).isZero();
    }

    @Test
    void removeTakesOneImageOutAndIsNotFoundForAnImageNeitherCachedNorQueued() throws IOException {
        Image a = image(1);
        download(a);
        cache().remove(a.id());
        assertThat(cachedIds()).isEmpty();
        assertThat(file("images", a.id())).doesNotExist();
        assertThatThrownBy(() -> cache().remove(a.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> cache().remove("00000000-0000-0000-0000-000000000000"))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void queueFillsTheImageInTheBackground() throws Exception {
        Image a = image(1);
        store().clearOpens();
        cache().queue(a.id());
        poll(() -> cachedIds().contains(a.id()) && cache().list().queued().isEmpty());
        assertThat(store().opens()).hasSize(1);
        assertThat(file("images", a.id())).hasBinaryContent(data(1));
        cache().queue(a.id()); // already cached: nothing changes
        assertThat(cache().list().queued()).isEmpty();
        assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().contains("-cache-prefetch-"));
    }

    @Test
    void queueNeedsAVisibleActiveImage() {
        assertThatThrownBy(() -> cache().queue("00000000-0000-0000-0000-000000000000"))
                .isInstanceOf(NotFoundException.class);
        Image queued = catalog().images(ALICE).create(ImageDraft.builder().name("q").build());
        assertThatThrownBy(() -> cache().queue(queued.id())).isInstanceOf(InvalidInputException.class);
        assertThat(cache().list().queued()).isEmpty();

        catalog.close();
        Map<String, String> s = settings(dir, CATALOG_ID);
        s.put("policy.cache_image", "");
        catalog(s);
        Image a = image(1);
        RequestContext bob = RequestContext.member("p2", "bob");
        assertThatThrownBy(() -> catalog().cache(bob).queue(a.id())).as("bob does not see alice's private image")
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void everyCallNeedsItsRuleAndADisabledCacheIsNotFound() {
        Image a = image(1);
        CacheService asAlice = catalog().cache(ALICE);
        List<Consumer<CacheService>> calls = List.of(CacheService::list, c -> c.queue(a.id()),
                c -> c.remove(a.id()), c -> c.clear(CacheTarget.BOTH), CacheService::prune, CacheService::clean);
        for (Consumer<CacheService> call : calls) {
            assertThatThrownBy(() -> call.accept(asAlice)).isInstanceOf(ForbiddenException.class);
        }
        catalog.close();
        Map<String, String> s = settings(dir, CATALOG_ID);
        s.put("cache.enabled", "false");
        catalog(s);
        assertThat(catalog().cacheEnabled()).isFalse();
        assertThatThrownBy(() -> catalog().cache(ADMIN).list()).isInstanceOf(NotFoundException.class);
    }

    @Test
    void theDirectoryIsLockedPerCatalogId() {
        catalog();
        assertThatThrownBy(() -> open(settings(dir, CATALOG_ID))).isInstanceOf(CatalogConfigurationException.class)
                .hasMessageContaining("cache.dir");
        try (ImageCatalog other = open(settings(dir, "cat-2"))) {
            assertThat(other.cacheEnabled()).isTrue();
        }
    }

    @Test
    void enabledWithoutADirectoryIsAConfigurationError() {
        Map<String, String> s = settings(dir, CATALOG_ID);
        s.remove("cache.dir");
        assertThatThrownBy(() -> open(s)).isInstanceOf(CatalogConfigurationException.class)
                .hasMessageContaining("cache.dir");
    }

    @Test
    void startUpRemovesIncompleteFilesAndDataWithoutSidecarsAndKeepsVerifiedEntries() throws IOException {
        Image a = image(1);
        download(a);
        catalog.close();
        Files.write(file("incomplete", "dead-fill"), new byte[10]);
        Files.write(file("images", "no-sidecar"), new byte[10]);
        Files.write(file("images", a.id() + ".meta.tmp"), new byte[3]);

        catalog(settings(dir, CATALOG_ID));
        assertThat(cachedIds()).containsExactly(a.id());
        assertThat(file("incomplete", "dead-fill")).doesNotExist();
        assertThat(file("images", "no-sidecar")).doesNotExist();
        assertThat(file("images", a.id() + ".meta.tmp")).doesNotExist();
    }
}
