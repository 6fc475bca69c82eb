package dev.imagecatalog.store.swift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.CatalogConfigurationException;
import dev.imagecatalog.spi.ImageWriter;
import dev.imagecatalog.spi.StoreLocation;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Taking over what Glance wrote (plain objects and DLOs in one container), Glance's container spreading, config errors. */
class SwiftGlanceCompatibilityTest {
    private String container;
    private SwiftImageStore store;

    @BeforeEach
    void setUp() {
        container = SwiftTestSupport.uniqueContainer("glance");
        store = SwiftTestSupport.create("glance", SwiftTestSupport.tempAuthSettings(container));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (store == null) {
            return;
        }
        List<String> all = new ArrayList<>(store.imageContainers());
        for (String c : store.client.listContainers(container)) {
            if (!all.contains(c)) {
                all.add(c);
            }
        }
        SwiftTestSupport.deleteContainers(store, all.toArray(new String[0]));
        store.close();
    }

    private void put(String object, byte[] body, Map<String, String> headers) throws Exception {
        HttpResponse<byte[]> r = store.client.send("PUT", SwiftClient.objectPath(container, object), headers,
                () -> HttpRequest.BodyPublishers.ofByteArray(body), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(201);
    }

    @Test
    void readsListsAndDeletesADynamicLargeObjectAsGlanceWritesIt() throws Exception {
        store.client.send("PUT", "/" + container, Map.of());
        String id = UUID.randomUUID().toString();
        byte[] data = new byte[250_000];
        new Random(1).nextBytes(data);
        // glance_store: segments <id>-00001.. in the same container, then a zero-byte manifest
        put(id + "-00001", Arrays.copyOfRange(data, 0, 100_000), Map.of());
        put(id + "-00002", Arrays.copyOfRange(data, 100_000, 200_000), Map.of());
        put(id + "-00003", Arrays.copyOfRange(data, 200_000, 250_000), Map.of());
        put(id, new byte[0], Map.of("X-Object-Manifest", container + "/" + id + "-"));
        String plainId = UUID.randomUUID().toString();
        put(plainId, Arrays.copyOf(data, 1000), Map.of());

        StoreLocation dlo = new StoreLocation("swift", "glance", container + "/" + id);
        StoreLocation plain = new StoreLocation("swift", "glance", container + "/" + plainId);
        assertThat(store.size(dlo)).isEqualTo(data.length);
        try (InputStream in = store.openStream(dlo, 0, -1)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        try (InputStream in = store.openStream(dlo, 99_990, 20)) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(data, 99_990, 100_010));
        }
        try (InputStream in = store.openStream(plain, 0, -1)) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOf(data, 1000));
        }
        List<StoreLocation> listed = new ArrayList<>();
        store.forEachLocation(listed::add);
        assertThat(listed).as("DLO segments are not images").containsExactlyInAnyOrder(dlo, plain);

        assertThat(store.delete(dlo)).isTrue();
        assertThat(SwiftTestSupport.names(store, container)).containsExactly(plainId);
        assertThat(store.delete(plain)).isTrue();
        assertThat(SwiftTestSupport.names(store, container)).isEmpty();
    }

    @Test
    void multipleContainersSeedSpreadsImagesAsGlanceDoes() throws Exception {
        Map<String, String> m = SwiftTestSupport.tempAuthSettings(container);
        m.put("multiple-containers-seed", "3");
        m.put("segment-size", "64KiB");
        SwiftImageStore spread = SwiftTestSupport.create("glance", m);
        try {
            String a = "ab-c" + UUID.randomUUID().toString().substring(4);
            assertThat(spread.containerFor(a)).isEqualTo(container + "_ab-c"); // dashes kept, not counted
            List<StoreLocation> written = new ArrayList<>();
            byte[] data = new byte[200_000];
            new Random(2).nextBytes(data);
            for (String id : List.of(a, UUID.randomUUID().toString(), UUID.randomUUID().toString())) {
                try (ImageWriter w = spread.openWriter(id, data.length)) {
                    w.write(ByteBuffer.wrap(data));
                    StoreLocation loc = w.commit();
                    assertThat(spread.parse(loc)[0]).isEqualTo(spread.containerFor(id));
                    written.add(loc);
                }
            }
            List<StoreLocation> listed = new ArrayList<>();
            spread.forEachLocation(listed::add);
            assertThat(listed).containsExactlyInAnyOrderElementsOf(written);
            for (StoreLocation loc : written) {
                try (InputStream in = spread.openStream(loc, 0, -1)) {
                    assertThat(in.readAllBytes()).isEqualTo(data);
                }
                assertThat(spread.delete(loc)).isTrue();
            }
            SwiftTestSupport.assertNoStraySegments(spread);
            assertThat(SwiftTestSupport.names(spread, spread.config.segmentsContainer())).isEmpty();
        } finally {
            spread.close();
        }
    }

    @Test
    void missingContainerIsAClearErrorWhenNotCreatedOnFirstUse() throws Exception {
        Map<String, String> m = SwiftTestSupport.tempAuthSettings(container);
        m.put("create-containers", "false");
        SwiftImageStore strict = SwiftTestSupport.create("glance", m);
        try (ImageWriter w = strict.openWriter(UUID.randomUUID().toString(), 10)) {
            w.write(ByteBuffer.wrap(new byte[10]));
            assertThatThrownBy(w::commit).hasMessageContaining("create-containers");
        } finally {
            strict.close();
        }
    }

    @Test
    void badSettingsNameTheKey() {
        Map<String, String> m = SwiftTestSupport.tempAuthSettings(container);
        m.put("segment-size", "5 furlongs");
        assertThatThrownBy(() -> SwiftTestSupport.create("x", m)).isInstanceOf(CatalogConfigurationException.class)
                .hasMessageContaining("segment-size");
        Map<String, String> m2 = SwiftTestSupport.tempAuthSettings(container);
        m2.put("segment-size", "1MiB");
        m2.put("large-object-threshold", "2MiB");
        assertThatThrownBy(() -> SwiftTestSupport.create("x", m2)).hasMessageContaining("large-object-threshold");
        Map<String, String> m3 = SwiftTestSupport.tempAuthSettings(container);
        m3.remove("key");
        assertThatThrownBy(() -> SwiftTestSupport.create("x", m3)).hasMessageContaining("'key'");
        Map<String, String> m4 = SwiftTestSupport.tempAuthSettings(container);
        m4.put("auth", "kerberos");
        assertThatThrownBy(() -> SwiftTestSupport.create("x", m4)).hasMessageContaining("'auth'");
    }
}
