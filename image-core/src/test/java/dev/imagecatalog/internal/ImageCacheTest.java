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

    byte[] download(RequestContext who, String id) throws IOException {
        try (ImageData d = catalog().images(who).download(id, DownloadOptions.whole())) {
            return d.stream().readAllBytes();
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
}
