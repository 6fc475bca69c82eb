package dev.imagecatalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.contract.FaultyImageStore;
import dev.imagecatalog.contract.FaultyImageStore.ReadFault;
import dev.imagecatalog.data.ImageData;
import dev.imagecatalog.data.UploadOptions;
import dev.imagecatalog.error.CatalogConfigurationException;
import dev.imagecatalog.error.ForbiddenException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageLocation;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.StoreInfo;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.spi.ImageWriter;
import dev.imagecatalog.config.Settings;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageStoreProvider;
import dev.imagecatalog.spi.StoreContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.io.TempDir;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code store.<id>.description}, {@code weight} and {@code read-only}: read by core, shown as store info. */
class StoreSettingsTest {
    private static final byte[] DATA = "bytes of an image in two stores".getBytes(StandardCharsets.UTF_8);
    private final RequestContext alice = RequestContext.member("p1", "alice");
    private final RequestContext root = RequestContext.admin("ops", "root");

    /** Stores rw (default, faulty over memory) and ro (read-only memory, weight 7, described). */
    private static ImageCatalog.Builder twoStores() {
        return ImageCatalog.builder().setting("metadata.type", "memory").setting("stores", "rw, ro")
                .setting("stores.default", "rw").setting("store.rw.type", "faulty")
                .setting("store.rw.delegate.type", "memory").setting("store.rw.description", "fast local copies")
                .setting("store.ro.type", "memory").setting("store.ro.weight", "7")
                .setting("store.ro.read-only", "true").setting("store.ro.description", "the archive");
    }

    @Test
    void storesListsEachStoreAndTheDetailAddsTypeWeightAndProperties() {
        try (ImageCatalog c = twoStores().build()) {
            List<StoreInfo> plain = List.of(new StoreInfo("rw", "fast local copies", true, false, null, 0,
                    Map.of()), new StoreInfo("ro", "the archive", false, true, null, 0, Map.of()));
            assertThat(c.stores()).isEqualTo(plain);
            assertThat(c.images(alice).stores()).isEqualTo(plain);
            assertThat(c.images(root).storesDetail()).containsExactly(
                    new StoreInfo("rw", "fast local copies", true, false, "faulty", 0, Map.of()),
                    new StoreInfo("ro", "the archive", false, true, "memory", 7, Map.of()));
        }
    }

    @Test
    void theDetailIsForAdministratorsAndServicesOnly() {
        try (ImageCatalog c = twoStores().build()) {
            assertThatThrownBy(() -> c.images(alice).storesDetail()).isInstanceOf(ForbiddenException.class);
            assertThatThrownBy(() -> c.images(RequestContext.reader("p1", "rita")).storesDetail())
                    .isInstanceOf(ForbiddenException.class);
            assertThat(c.images(root).storesDetail()).hasSize(2);
        }
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> twoStores().setting("store.ro.weight", "heavy").build())
                .isInstanceOf(CatalogConfigurationException.class).hasMessageContaining("store.ro.weight")
                .hasMessageContaining("heavy");
        assertThatThrownBy(() -> twoStores().setting("store.ro.weight", "1.5").build())
                .isInstanceOf(CatalogConfigurationException.class).hasMessageContaining("store.ro.weight");
        assertThatThrownBy(() -> twoStores().setting("store.ro.read-only", "maybe").build())
                .isInstanceOf(CatalogConfigurationException.class).hasMessageContaining("store.ro.read-only");
    }

    /** Test store type {@code settings-recording}: a memory store that remembers the settings its provider got. */
    public static final class SettingsRecordingProvider implements ImageStoreProvider {
        static final Map<String, Settings> GIVEN = new ConcurrentHashMap<>();

        @Override
        public String type() {
            return "settings-recording";
        }

        @Override
        public ImageStore create(StoreContext context) {
            GIVEN.put(context.catalogId() + "/" + context.storeId(), context.settings());
            for (ImageStoreProvider p : ServiceLoader.load(ImageStoreProvider.class)) {
                if (p.type().equals("memory")) {
                    return p.create(context);
                }
            }
            throw new AssertionError("no memory store provider");
        }
    }

    /** The test class path, plus {@link SettingsRecordingProvider} registered as a store provider. */
    private static ClassLoader withRecordingProvider(Path dir) throws IOException {
        String service = "META-INF/services/" + ImageStoreProvider.class.getName();
        Path file = dir.resolve(service);
        Files.createDirectories(file.getParent());
        Files.writeString(file, SettingsRecordingProvider.class.getName() + "\n");
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, StoreSettingsTest.class.getClassLoader());
    }

    @Test
    void theStoresProviderNeverSeesTheKeysCoreReads(@TempDir Path dir) throws Exception {
        try (ImageCatalog c = twoStores().classLoader(withRecordingProvider(dir)).setting("catalog.id", "rec-1")
                .setting("store.ro.type", "settings-recording").setting("store.ro.extra", "for the provider")
                .build()) {
            Settings given = SettingsRecordingProvider.GIVEN.get("rec-1/ro");
            assertThat(given.keys()).containsExactlyInAnyOrder("type", "extra");
            assertThat(c.images(root).storesDetail().get(1)).extracting(StoreInfo::weight, StoreInfo::readOnly,
                    StoreInfo::description).containsExactly(7, true, "the archive");
        }
    }

    @Test
    void aReadOnlyStoreRefusesUploadsButServesReads() throws Exception {
        try (ImageCatalog c = twoStores().build()) {
            ImageService svc = c.images(alice);
            Image img = svc.create(ImageDraft.builder().name("ro").diskFormat("raw").containerFormat("bare").build());
            assertThatThrownBy(() -> svc.upload(img.id(), new ByteArrayInputStream(DATA),
                    UploadOptions.builder().store("ro").build())).isInstanceOf(ForbiddenException.class)
                    .hasMessageContaining("'ro'").hasMessageContaining("read-only");
            assertThat(svc.get(img.id()).status()).isEqualTo(ImageStatus.QUEUED);
            assertThat(svc.get(img.id()).locations()).isEmpty();

            svc.upload(img.id(), new ByteArrayInputStream(DATA));
            Image withCopy = copyInto(c, img.id(), "ro");
            assertThat(withCopy.stores()).containsExactly("rw", "ro");
            // ro has the higher weight: it is read first
            try (ImageData d = svc.download(img.id())) {
                assertThat(d.stream().readAllBytes()).isEqualTo(DATA);
            }
            FaultyImageStore rw = (FaultyImageStore) c.backends().stores().get("rw");
            assertThat(rw.opens()).isEmpty();
        }
        try (ImageCatalog c = twoStores().setting("store.ro.weight", "0").build()) {
            ImageService svc = c.images(alice);
            Image img = svc.create(ImageDraft.builder().name("ro").diskFormat("raw").containerFormat("bare").build());
            svc.upload(img.id(), new ByteArrayInputStream(DATA));
            copyInto(c, img.id(), "ro");
            ((FaultyImageStore) c.backends().stores().get("rw")).injectRead(ReadFault.IO_ERROR_ON_OPEN, 0);
            try (ImageData d = svc.download(img.id())) {
                assertThat(d.stream().readAllBytes()).isEqualTo(DATA);
            }
        }
    }

    @Test
    void aReadOnlyDefaultStoreRefusesUploadsThatNameNoStore() {
        try (ImageCatalog c = twoStores().setting("stores.default", "ro").build()) {
            ImageService svc = c.images(alice);
            Image img = svc.create(ImageDraft.builder().name("ro").diskFormat("raw").containerFormat("bare").build());
            assertThatThrownBy(() -> svc.upload(img.id(), new ByteArrayInputStream(DATA)))
                    .isInstanceOf(ForbiddenException.class);
            assertThat(svc.get(img.id()).status()).isEqualTo(ImageStatus.QUEUED);
            assertThat(c.stores().get(1).isDefault()).isTrue();
        }
    }

    /** Writes the image's bytes straight into {@code storeId} and records the copy as an active location. */
    private static Image copyInto(ImageCatalog c, String imageId, String storeId) throws Exception {
        Image img = c.backends().metadataRepository().find(imageId).orElseThrow();
        List<ImageLocation> locations = new ArrayList<>(img.locations());
        try (ImageWriter w = c.backends().stores().get(storeId).openWriter(imageId, DATA.length)) {
            w.write(ByteBuffer.wrap(DATA));
            locations.add(ImageLocation.active(w.commit()));
        }
        return c.backends().metadataRepository().update(img.toBuilder().locations(locations).build());
    }
}
