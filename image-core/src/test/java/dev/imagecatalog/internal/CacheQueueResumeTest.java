package dev.imagecatalog.internal;

import static dev.imagecatalog.internal.ImageCacheTest.ALICE;
import static dev.imagecatalog.internal.ImageCacheTest.data;
import static dev.imagecatalog.internal.ImageCacheTest.poll;
import static dev.imagecatalog.internal.ImageCacheTest.settings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.cache.CachedImage;
import dev.imagecatalog.config.Settings;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The prefetch queue survives a restart: an {@link ImageCache} built over a directory whose {@code queue/} holds
 * image ids fills them (and drops an id whose image is gone), over the back-ends of a catalog without a cache.
 */
class CacheQueueResumeTest {
    @TempDir
    Path dir;

    @Test
    void idsQueuedBeforeStartUpAreFilledOrDropped() throws Exception {
        Map<String, String> s = settings(dir, "cat-1");
        s.put("cache.enabled", "false");
        ExecutorService executor = Executors.newCachedThreadPool();
        try (ImageCatalog catalog = ImageCacheTest.open(s)) {
            var svc = catalog.images(ALICE);
            Image img = svc.create(ImageDraft.builder().name("q").diskFormat("raw").containerFormat("bare").build());
            svc.upload(img.id(), new ByteArrayInputStream(data(1)));
            Path queue = Files.createDirectories(dir.resolve("cat-1").resolve("queue"));
            String gone = "00000000-0000-0000-0000-000000000000";
            Files.createFile(queue.resolve(gone));
            Files.createFile(queue.resolve(img.id()));

            s.put("cache.enabled", "true");
            ImageStores stores = new ImageStores(catalog.backends().stores(),
                    Map.of("s", ImageStores.Options.plain("faulty")), "s");
            try (ImageCache cache = ImageCache.build(Settings.of(s), "cat-1", stores,
                    catalog.backends().metadataRepository(), new UploadPipeline(executor, 16 * 1024, 4, "SHA-512"),
                    executor, "resume-test")) {
                poll(() -> cache.list().cached().size() == 1 && cache.list().queued().isEmpty());
                assertThat(cache.list().cached()).extracting(CachedImage::imageId).containsExactly(img.id());
                assertThat(dir.resolve("cat-1").resolve("images").resolve(img.id())).hasBinaryContent(data(1));
            }
        } finally {
            executor.shutdownNow();
        }
    }
}
