package dev.imagecatalog.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.cache.CacheListing;
import dev.imagecatalog.contract.CacheStoreUnderTest;
import dev.imagecatalog.contract.ImageCacheContract;
import dev.imagecatalog.contract.SeededBytes;
import dev.imagecatalog.data.ImageData;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.policy.RequestContext;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache contract over a memory store marked not local ({@code store.remote.local=false}), its reads counted by a
 * {@link dev.imagecatalog.contract.FaultyImageStore} wrapper; plus what holds for a local store (never cached) and
 * with the cache disabled (every management call not found).
 */
class MemoryImageCacheTest extends ImageCacheContract {
    private static final RequestContext ADMIN = RequestContext.admin("ops", "root");

    @TempDir
    Path dir;

    @Override
    protected CacheStoreUnderTest createStore() {
        return CacheStoreUnderTest.memory();
    }

    @Test
    void aLocalStoreIsNeverCached() throws Exception {
        try (ImageCatalog local = ImageCatalog.builder().setting("metadata.type", "memory").setting("stores", "m")
                .setting("store.m.type", "memory").setting("cache.enabled", "true")
                .setting("cache.dir", dir.resolve("local").toString()).build()) {
            ImageService admin = local.images(ADMIN);
            Image img = admin.create(ImageDraft.builder().name("local").diskFormat("raw").containerFormat("bare")
                    .build());
            admin.upload(img.id(), SeededBytes.stream(1, 4096));
            for (int i = 0; i < 2; i++) {
                try (ImageData d = admin.download(img.id()); InputStream in = d.stream()) {
                    assertThat(in.readAllBytes()).isEqualTo(SeededBytes.stream(1, 4096).readAllBytes());
                }
            }
            assertThat(local.cache(ADMIN).list()).isEqualTo(new CacheListing(List.of(), List.of()));
        }
    }

    @Test
    void withTheCacheDisabledEveryManagementCallIsNotFound() {
        try (ImageCatalog plain = ImageCatalog.builder().setting("metadata.type", "memory").setting("stores", "m")
                .setting("store.m.type", "memory").setting("store.m.local", "false").build()) {
            assertThat(plain.cacheEnabled()).isFalse();
            assertThatThrownBy(() -> plain.cache(ADMIN).list()).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> plain.cache(ADMIN).prune()).isInstanceOf(NotFoundException.class);
        }
    }
}
