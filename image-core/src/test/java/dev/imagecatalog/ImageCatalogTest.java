package dev.imagecatalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.config.Settings;
import dev.imagecatalog.contract.FaultyImageStore;
import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.error.CatalogConfigurationException;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.policy.RequestContext;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Building a catalog from configuration: every wrong setting is an error naming its key. */
class ImageCatalogTest {

    private static ImageCatalog.Builder memory() {
        return ImageCatalog.builder().setting("metadata.type", "memory").setting("stores", "mem")
                .setting("store.mem.type", "memory");
    }

    private static void assertConfigError(ImageCatalog.Builder b, String... fragments) {
        assertThatThrownBy(b::build).isInstanceOf(CatalogConfigurationException.class)
                .satisfies(e -> {
                    for (String f : fragments) {
                        assertThat(e.getMessage()).contains(f);
                    }
                });
    }

    @Test
    void unknownTypesNameTheKeyAndListKnownTypes() {
        assertConfigError(memory().setting("metadata.type", "mongo"), "metadata.type", "mongo", "memory");
        assertConfigError(memory().setting("store.mem.type", "tape"), "store.mem.type", "tape", "memory", "faulty");
    }

    @Test
    void missingKeysAreNamed() {
        assertConfigError(ImageCatalog.builder().setting("stores", "m").setting("store.m.type", "memory"), "metadata.type");
        assertConfigError(ImageCatalog.builder().setting("metadata.type", "memory"), "stores");
        assertConfigError(memory().setting("stores", "mem, other"), "store.other.type");
        assertConfigError(memory().setting("stores", "mem, other").setting("store.other.type", "memory"), "stores.default");
        assertConfigError(memory().setting("stores.default", "nope"), "stores.default", "nope");
        assertConfigError(memory().setting("stores", "mem, mem"), "stores", "twice");
        assertConfigError(memory().setting("stores", "../x").setting("store.../x.type", "memory"), "stores");
    }

    @Test
    void badValuesAreNamed() {
        assertConfigError(memory().setting("image.size-cap", "lots"), "image.size-cap", "lots");
        assertConfigError(memory().setting("image.size-cap", "0"), "image.size-cap");
        assertConfigError(memory().setting("hashing.algorithm", "md6"), "hashing.algorithm", "md6");
        assertConfigError(memory().setting("list.limit.default", "x"), "list.limit.default");
        assertConfigError(memory().setting("list.limit.default", "2000"), "list.limit.default");
        assertConfigError(memory().setting("list.limit.max", "0"), "list.limit.max");
        assertConfigError(memory().setting("upload.buffer-size", "1"), "upload.buffer-size");
        assertConfigError(memory().setting("upload.buffers", "0"), "upload.buffers");
        assertConfigError(memory().setting("recovery.on-start", "maybe"), "recovery.on-start");
        assertConfigError(memory().setting("formats.disk", " , "), "formats.disk");
        assertConfigError(memory().setting("store.mem.type", "faulty"), "store.mem.delegate.type");
        assertConfigError(memory().setting("quota.image-size-total", "big"), "quota.image-size-total", "big");
        assertConfigError(memory().setting("quota.project.p1.image-count-total", "many"),
                "quota.project.p1.image-count-total", "many");
        assertConfigError(memory().setting("quota.project.p1.image-size-total", "-x"),
                "quota.project.p1.image-size-total", "-x");
        assertConfigError(memory().setting("quota.project.p1.images", "3"), "quota.project.p1.images",
                "quota.project.<project-id>.<image-count-total|");
        assertConfigError(memory().setting("quota.project..image-count-total", "3"), "quota.project..image-count-total");
    }

    @Test
    void twoProvidersOfOneTypeAreRefusedNotPicked() {
        assertConfigError(memory().setting("store.mem.type", "twin-test"), "twin-test", "TwinStoreProviders$First",
                "TwinStoreProviders$Second");
    }

    @Test
    void configuredFormatsHashAndLimitsApply() throws Exception {
        try (ImageCatalog c = memory().setting("formats.disk", "raw, special").setting("formats.container", "bare")
                .setting("hashing.algorithm", "sha256").setting("list.limit.default", "2").build()) {
            ImageService s = c.images(RequestContext.member("p", "u"));
            assertThatThrownBy(() -> s.create(ImageDraft.builder().diskFormat("qcow2").build()))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("special");
            Image img = s.create(ImageDraft.builder().diskFormat("special").containerFormat("bare").build());
            byte[] data = "hello".getBytes();
            Image up = s.upload(img.id(), new ByteArrayInputStream(data));
            assertThat(up.osHashAlgo()).isEqualTo("sha256");
            assertThat(up.osHashValue()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)));
            s.create(ImageDraft.builder().build());
            s.create(ImageDraft.builder().build());
            assertThat(s.list(dev.imagecatalog.image.ImageQuery.all()).items()).hasSize(2);
        }
    }

    @Test
    void fromPropertiesResolvesRelativePathsAgainstTheFilesFolder(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("conf");
        Files.createDirectories(conf);
        Properties p = new Properties();
        p.setProperty("metadata.type", "memory");
        p.setProperty("stores", "local");
        p.setProperty("store.local.type", "memory");
        p.setProperty("store.local.datadir", "./data");
        Path file = conf.resolve("catalog.properties");
        try (var out = Files.newOutputStream(file)) {
            p.store(out, null);
        }
        try (ImageCatalog c = ImageCatalog.fromProperties(file)) {
            assertThat(c.backends().stores()).containsOnlyKeys("local");
            assertThat(c.images(RequestContext.member("p", "u")).create(ImageDraft.builder().build()).owner()).isEqualTo("p");
        }
        Settings s = Settings.of(Map.of("store.local.datadir", "./data", "abs", dir.toString()), conf).scoped("store.local.");
        assertThat(s.getPath("datadir", null)).isEqualTo(conf.toAbsolutePath().resolve("data"));
        assertThat(Settings.of(Map.of("abs", dir.toString()), conf).getPath("abs", null)).isEqualTo(dir);
        assertThatThrownBy(() -> ImageCatalog.fromProperties(dir.resolve("missing.properties")))
                .isInstanceOf(CatalogConfigurationException.class).hasMessageContaining("missing.properties");
    }

    @Test
    void closeStopsTheCatalog() {
        ImageCatalog c = ImageCatalog.inMemory();
        c.close();
        c.close();
        assertThatThrownBy(() -> c.images(RequestContext.member("p", "u"))).isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("catalog is closed");
    }

    @Test
    void recoveryRunsAtBuildUnlessTurnedOff() throws Exception {
        // a store that already holds an object no image references: recovery on start deletes it
        try (ImageCatalog c = memory().setting("recovery.on-start", "false").build()) {
            var store = c.backends().stores().get("mem");
            try (var w = store.openWriter("00000000-0000-0000-0000-000000000001", 1)) {
                w.write(java.nio.ByteBuffer.wrap(new byte[] {1}));
                w.commit();
            }
            java.util.List<Object> seen = new java.util.ArrayList<>();
            store.forEachOwned(seen::add);
            assertThat(seen).hasSize(1);
            assertThat(c.recover().orphansDeleted()).isEqualTo(1);
        }
    }

    @Test
    void faultyStoreIsReachableForTests() {
        try (ImageCatalog c = memory().setting("store.mem.type", "faulty").setting("store.mem.delegate.type", "memory").build()) {
            assertThat(c.backends().stores().get("mem")).isInstanceOf(FaultyImageStore.class);
        }
    }
}
