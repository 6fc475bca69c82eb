package dev.imagecatalog.store.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.config.Settings;
import dev.imagecatalog.error.CatalogConfigurationException;
import dev.imagecatalog.error.ForbiddenException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.net.AddressRefusedException;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.StoreContext;
import dev.imagecatalog.spi.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The http store against a loopback server that the store's settings allow. */
class HttpImageStoreTest {
    private static final byte[] IMAGE = new byte[3 * 1024 * 1024 + 17];

    static {
        new Random(15).nextBytes(IMAGE);
    }

    private final ImageHttpServer server;
    private final ImageStore store;

    HttpImageStoreTest() throws IOException {
        server = new ImageHttpServer().put("/x.img", IMAGE);
        store = store(Map.of());
    }

    /** A store allowing loopback on any port, retrying at once, with {@code more} settings. */
    private static ImageStore store(Map<String, String> more) {
        Map<String, String> s = new HashMap<>(Map.of("type", "http", "allowed-networks", "127.0.0.0/8",
                "allowed-ports", "*", "retry-delay", "0ms", "retries", "2", "read-timeout", "10s"));
        s.putAll(more);
        return new HttpImageStoreProvider().create(new StoreContext("web", "cat", Settings.of(s)));
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    private StoreLocation located(String path) {
        return store.locate(server.url(path)).orElseThrow();
    }

    private static byte[] slice(long from, long length) {
        return Arrays.copyOfRange(IMAGE, (int) from, (int) (from + length));
    }

    @Test
    void locatesExternalUrlsAsItsOwnLocations() {
        StoreLocation loc = located("/x.img");
        assertThat(loc.scheme()).isEqualTo("http");
        assertThat(loc.storeId()).isEqualTo("web");
        assertThat(loc.key()).isEqualTo(server.url("/x.img"));
        assertThat(loc.isExternal()).isTrue();
        assertThat(loc.publicUrl()).isEqualTo(server.url("/x.img"));
        assertThat(store.locate("filesystem://local/ab/cd")).isEmpty();
        assertThat(store.locate("s3://web/key")).isEmpty();
        assertThatThrownBy(() -> store.locate("http://169.254.169.254/latest/meta-data/"))
                .isInstanceOf(AddressRefusedException.class).hasMessageContaining("metadata");
        assertThat(server.requests).isEmpty();
    }

    @Test
    void readsTheWholeObjectAndItsSize() throws IOException {
        StoreLocation loc = located("/x.img");
        assertThat(store.size(loc)).isEqualTo(IMAGE.length);
        assertThat(store.exists(loc)).isTrue();
        try (InputStream in = store.openStream(loc, 0, -1)) {
            assertThat(in.readAllBytes()).isEqualTo(IMAGE);
        }
        assertThat(server.requests).containsExactly("HEAD /x.img", "HEAD /x.img", "GET /x.img");
    }

    @Test
    void readsARangeWithRangeRequests() throws IOException {
        StoreLocation loc = located("/x.img");
        try (InputStream in = store.openStream(loc, 100_000, 5000)) {
            assertThat(in.readAllBytes()).isEqualTo(slice(100_000, 5000));
        }
        try (InputStream in = store.openStream(loc, IMAGE.length - 10, -1)) {
            assertThat(in.readAllBytes()).isEqualTo(slice(IMAGE.length - 10, 10));
        }
        try (InputStream in = store.openStream(loc, 7, 0)) {
            assertThat(in.readAllBytes()).isEmpty();
        }
        assertThat(server.requests).containsExactly("GET /x.img bytes=100000-104999",
                "GET /x.img bytes=" + (IMAGE.length - 10) + "-");
    }

    @Test
    void sizeFromARangeWhenHeadIsNotAllowed() throws IOException {
        server.headAllowed = false;
        assertThat(store.size(located("/x.img"))).isEqualTo(IMAGE.length);
        assertThat(server.requests).containsExactly("HEAD /x.img", "GET /x.img bytes=0-0");
    }

    @Test
    void aServerIgnoringRangeHasTheLeadingBytesSkipped() throws IOException {
        server.ignoreRange = true;
        try (InputStream in = store.openStream(located("/x.img"), 1_000_000, 70_000)) {
            assertThat(in.readAllBytes()).isEqualTo(slice(1_000_000, 70_000));
        }
    }

    @Test
    void retriesAfter503BeforeAnyByte() throws IOException {
        server.failNext.set(2);
        try (InputStream in = store.openStream(located("/x.img"), 0, -1)) {
            assertThat(in.readAllBytes()).isEqualTo(IMAGE);
        }
        assertThat(server.requests).containsExactly("GET /x.img", "GET /x.img", "GET /x.img");
        server.failNext.set(3);
        assertThatThrownBy(() -> store.openStream(located("/x.img"), 0, -1)).isInstanceOf(IOException.class)
                .hasMessageContaining("HTTP 503");
        server.failNext.set(3);
        assertThatThrownBy(() -> store.size(located("/x.img"))).hasMessageContaining("HTTP 503");
    }

    @Test
    void aCutMidStreamIsResumedFromTheByteReached() throws IOException {
        server.cutNextAfter.set(1_000_000);
        try (InputStream in = store.openStream(located("/x.img"), 0, -1)) {
            assertThat(in.readAllBytes()).isEqualTo(IMAGE);
        }
        assertThat(server.requests).containsExactly("GET /x.img",
                "GET /x.img bytes=1000000-" + (IMAGE.length - 1));

        server.requests.clear();
        server.cutNextAfter.set(20_000);
        try (InputStream in = store.openStream(located("/x.img"), 500, 100_000)) {
            assertThat(in.readAllBytes()).isEqualTo(slice(500, 100_000));
        }
        assertThat(server.requests).containsExactly("GET /x.img bytes=500-100499", "GET /x.img bytes=20500-100499");
    }

    @Test
    void cutsBeyondTheRetriesFail() throws IOException {
        ImageStore once = store(Map.of("retries", "0"));
        server.cutNextAfter.set(1000);
        try (InputStream in = once.openStream(once.locate(server.url("/x.img")).orElseThrow(), 0, -1)) {
            assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class)
                    .hasMessageContaining("after 1000 of");
        }
    }

    @Test
    void redirectsAreFollowedAndARefusedTargetIsRefused() throws IOException {
        server.redirect("/moved.img", "/x.img");
        StoreLocation moved = located("/moved.img");
        assertThat(store.size(moved)).isEqualTo(IMAGE.length);
        try (InputStream in = store.openStream(moved, 10, 10)) {
            assertThat(in.readAllBytes()).isEqualTo(slice(10, 10));
        }
        server.redirect("/evil.img", "http://169.254.169.254/latest/meta-data/");
        StoreLocation evil = located("/evil.img");
        assertThatThrownBy(() -> store.openStream(evil, 0, -1)).isInstanceOf(AddressRefusedException.class)
                .hasMessageContaining("metadata");
        assertThatThrownBy(() -> store.size(evil)).isInstanceOf(AddressRefusedException.class);
        server.redirect("/loop.img", "/loop.img");
        assertThatThrownBy(() -> store.size(located("/loop.img"))).isInstanceOf(IOException.class)
                .hasMessageContaining("redirects more than 5 times");
    }

    @Test
    void loopbackIsRefusedWithoutTheSetting() {
        ImageStore strict = new HttpImageStoreProvider().create(new StoreContext("web", "cat",
                Settings.of(Map.of("type", "http", "allowed-ports", "*"))));
        assertThatThrownBy(() -> strict.locate(server.url("/x.img"))).isInstanceOf(AddressRefusedException.class)
                .hasMessageContaining("loopback");
        StoreLocation loc = located("/x.img");
        assertThatThrownBy(() -> strict.openStream(loc, 0, -1)).isInstanceOf(AddressRefusedException.class);
        assertThatThrownBy(() -> strict.size(loc)).isInstanceOf(AddressRefusedException.class);
        ImageStore defaultPorts = store(Map.of("allowed-ports", "80, 443"));
        assertThatThrownBy(() -> defaultPorts.locate(server.url("/x.img"))).hasMessageContaining("port");
        assertThat(server.requests).isEmpty();
    }

    @Test
    void aMissingObjectIsNotFound() throws IOException {
        StoreLocation gone = located("/gone.img");
        assertThatThrownBy(() -> store.openStream(gone, 0, -1)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> store.size(gone)).isInstanceOf(NotFoundException.class);
        assertThat(store.exists(gone)).isFalse();
        assertThatThrownBy(() -> store.openStream(new StoreLocation("http", "other", server.url("/x.img")), 0, -1))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void neverWritesListsOrDeletes() throws IOException {
        assertThat(store.canWrite()).isFalse();
        assertThat(store.properties()).isEmpty();
        assertThatThrownBy(() -> store.openWriter("2b5c6d3e-0000-4000-8000-000000000001", 10))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("never writes");
        List<StoredObject> owned = new ArrayList<>();
        store.forEachOwned(owned::add);
        assertThat(owned).isEmpty();
        StoreLocation loc = located("/x.img");
        assertThat(store.delete(loc)).isFalse();
        assertThat(server.requests).as("delete sends nothing").isEmpty();
        assertThat(store.size(loc)).isEqualTo(IMAGE.length);
    }

    @Test
    void settingsAreCheckedByKey() {
        assertThatThrownBy(() -> store(Map.of("max-redirect", "3"))).isInstanceOf(CatalogConfigurationException.class)
                .hasMessageContaining("did you mean 'max-redirects'");
        assertThatThrownBy(() -> store(Map.of("retries", "11"))).hasMessageContaining("retries");
        assertThatThrownBy(() -> store(Map.of("read-timeout", "10"))).hasMessageContaining("read-timeout");
        assertThatThrownBy(() -> store(Map.of("allowed-networks", "127.1/8")))
                .hasMessageContaining("allowed-networks");
    }
}
