package dev.imagecatalog;

import static dev.imagecatalog.ImageLocationsTest.put;
import static dev.imagecatalog.ImageLocationsTest.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.data.ImageData;
import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.error.ImageCatalogException;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageLocation;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.policy.RequestContext;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Locations in a read-only store of external URLs (what an {@code http} store is): any owner may add one, it is
 * shown and removed by its external URL, its bytes are never deleted, and a store failing while it is read leaves
 * the image as it was.
 */
class ExternalLocationsTest {
    private static final String URL = "https://images.example.org/debian-12.raw";
    private static final byte[] DATA = "bytes served at an external URL, read in small steps".getBytes(
            StandardCharsets.UTF_8);

    private ImageCatalog catalog;
    private ExternalUrlStore web;
    private ImageService alice;
    private ImageService admin;

    @BeforeEach
    void open() {
        catalog = ImageCatalog.builder().settings(Map.of("metadata.type", "memory", "stores", "a,web",
                "stores.default", "a", "store.a.type", "memory", "store.web.type", ExternalUrlStore.Provider.TYPE,
                "upload.buffer-size", "4KiB")).build();
        web = (ExternalUrlStore) catalog.backends().stores().get("web");
        web.serve(URL, DATA);
        alice = catalog.images(RequestContext.member("p1", "alice"));
        admin = catalog.images(RequestContext.admin("ops", "root"));
    }

    @AfterEach
    void close() {
        catalog.close();
    }

    private Image queued() {
        return alice.create(ImageDraft.builder().name("web").diskFormat("raw").containerFormat("bare").build());
    }

    private void assertRefused(String imageId, Class<? extends ImageCatalogException> kind, String message,
                               Runnable call) {
        Image before = admin.get(imageId);
        assertThatThrownBy(call::run).isInstanceOf(kind).hasMessageContaining(message);
        assertThat(admin.get(imageId)).as("unchanged").isEqualTo(before);
    }

    @Test
    void anOwnerAddsAnExternalUrlAndReadsTheImageThroughIt() throws Exception {
        Image img = queued();

        Image out = alice.addLocation(img.id(), URL, valid(DATA));

        assertThat(out.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(out.size()).isEqualTo(DATA.length);
        assertThat(out.stores()).containsExactly("web");
        assertThat(alice.locations(img.id())).singleElement().extracting(l -> l.location().publicUrl())
                .isEqualTo(URL);
        try (ImageData d = alice.download(img.id()); InputStream in = d.stream()) {
            assertThat(in.readAllBytes()).isEqualTo(DATA);
        }
    }

    @Test
    void removingAnExternalLocationByItsUrlNeverDeletesWhatItPointsAt() throws Exception {
        Image img = queued();
        alice.addLocation(img.id(), URL, null);
        StoreLocation copy = put(catalog, "a", DATA);
        admin.addLocation(img.id(), copy.url(), null);

        Image out = admin.removeLocation(img.id(), URL);

        assertThat(out.locations()).containsExactly(ImageLocation.active(copy));
        assertThat(web.deletes()).isZero();
        assertThat(web.exists(new StoreLocation("http", "web", URL))).isTrue();
    }

    @Test
    void aStoreFailingWhileTheBytesAreReadLeavesTheImageQueued() {
        Image img = queued();
        web.readFailsAfter(10);
        assertRefused(img.id(), BackendUnavailableException.class, "connection reset",
                () -> alice.addLocation(img.id(), URL, null));
        web.readFailsAfter(-1);
        web.sizeFails(true);
        assertRefused(img.id(), BackendUnavailableException.class, "cannot tell the size",
                () -> alice.addLocation(img.id(), URL, null));
        web.sizeFails(false);
        assertRefused(img.id(), InvalidInputException.class, "holds no object",
                () -> alice.addLocation(img.id(), URL + ".missing", null));
        assertThat(alice.addLocation(img.id(), URL, null).status()).as("and it works once the store does")
                .isEqualTo(ImageStatus.ACTIVE);
    }
}
