package dev.imagecatalog.store.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.config.Settings;
import dev.imagecatalog.data.UploadOptions;
import dev.imagecatalog.error.CatalogConfigurationException;
import dev.imagecatalog.error.ForbiddenException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.StoreInfo;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.spi.StoreContext;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code /v2/info/stores/detail} shows of a filesystem store, and core's store keys beside its own. */
class FilesystemStorePropertiesTest {

    @Test
    void theDetailShowsTheDirectoryAndTheFsyncChoiceAsInEffect(@TempDir Path dir) {
        try (ImageCatalog c = ImageCatalog.builder().setting("metadata.type", "memory").setting("stores", "fast, safe")
                .setting("stores.default", "safe")
                .setting("store.fast.type", "filesystem").setting("store.fast.datadir", dir.resolve("fast").toString())
                .setting("store.fast.fsync", "false")
                .setting("store.safe.type", "filesystem").setting("store.safe.datadir", dir.resolve("safe").toString())
                .setting("store.safe.fsync.interval", "8MiB").build()) {
            var detail = c.images(RequestContext.admin("ops", "root")).storesDetail();
            assertThat(detail).extracting(StoreInfo::properties).containsExactly(
                    Map.of("datadir", dir.resolve("fast").toAbsolutePath().toString(), "fsync", "false",
                            "fsync.interval", "0"),
                    Map.of("datadir", dir.resolve("safe").toAbsolutePath().toString(), "fsync", "true",
                            "fsync.interval", Long.toString(8L << 20)));
            assertThat(detail).extracting(StoreInfo::type).containsOnly("filesystem");
            assertThat(c.stores()).extracting(StoreInfo::properties).containsOnly(Map.of());
        }
    }

    @Test
    void coreReadsItsStoreKeysAndTheFilesystemProviderWhichRefusesUnknownKeysNeverSeesThem(@TempDir Path dir)
            throws Exception {
        // the provider itself refuses the keys, so the catalog below only builds if core kept them from it
        assertThatThrownBy(() -> new FilesystemImageStoreProvider().create(new StoreContext("x", "c", Settings.of(
                Map.of("type", "filesystem", "datadir", dir.toString(), "weight", "2")))))
                .isInstanceOf(CatalogConfigurationException.class).hasMessageContaining("weight");
        try (ImageCatalog c = ImageCatalog.builder().setting("metadata.type", "memory").setting("stores", "rw, ro")
                .setting("stores.default", "rw")
                .setting("store.rw.type", "filesystem").setting("store.rw.datadir", dir.resolve("rw").toString())
                .setting("store.ro.type", "filesystem").setting("store.ro.datadir", dir.resolve("ro").toString())
                .setting("store.ro.weight", "2").setting("store.ro.read-only", "true")
                .setting("store.ro.description", "kept for reading").build()) {
            StoreInfo ro = c.images(RequestContext.admin("ops", "root")).storesDetail().get(1);
            assertThat(ro).extracting(StoreInfo::weight, StoreInfo::readOnly, StoreInfo::description)
                    .containsExactly(2, true, "kept for reading");
            assertThat(ro.properties()).containsOnlyKeys("datadir", "fsync", "fsync.interval");
            ImageService svc = c.images(RequestContext.member("p1", "alice"));
            Image img = svc.create(ImageDraft.builder().name("x").diskFormat("raw").containerFormat("bare").build());
            assertThatThrownBy(() -> svc.upload(img.id(), new ByteArrayInputStream(new byte[10]),
                    UploadOptions.builder().store("ro").build())).isInstanceOf(ForbiddenException.class);
            assertThat(svc.get(img.id()).locations()).isEmpty();
        }
    }
}
