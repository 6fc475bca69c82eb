package dev.imagecatalog.store.swift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.error.CatalogConfigurationException;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.spi.ImageWriter;
import dev.imagecatalog.spi.StoredObject;
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

/**
 * Taking over what Glance wrote (plain objects, DLOs and SLOs in one container): read and deleted through their
 * locations, never listed nor removed by the catalog's sweep; Glance's container spreading; config errors.
 */
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
        List<StoredObject> owned = new ArrayList<>();
        store.forEachOwned(owned::add);
        assertThat(owned).as("Glance's objects are not the catalog's").isEmpty();

        assertThat(store.delete(dlo)).isTrue();
        assertThat(SwiftTestSupport.names(store, container)).containsExactly(plainId);
        assertThat(store.delete(plain)).isTrue();
        assertThat(SwiftTestSupport.names(store, container)).isEmpty();
    }

    /**
     * A Glance container taken over, shared with a person's object, objects of the layout without catalog id (a
     * plain object, an SLO, the segments of an upload that never got a manifest) and another catalog's images:
     * the store lists exactly its own image and leftover, refuses to remove anything else, and every foreign object
     * keeps its bytes.
     */
    @Test
    void aGlanceContainerTakenOverIsNeverListedAndSurvivesRemove() throws Exception {
        store.client.send("PUT", "/" + container, Map.of());
        String seg = store.config.segmentsContainer();
        store.client.send("PUT", "/" + seg, Map.of());
        byte[] data = new byte[300_000];
        new Random(3).nextBytes(data);
        Map<String, byte[]> foreign = new java.util.LinkedHashMap<>();
        // Glance: plain objects named by the image id, a DLO (segments <id>-NNNNN beside it), an SLO
        String glancePlain = UUID.randomUUID().toString();
        put(glancePlain, Arrays.copyOf(data, 1000), Map.of());
        foreign.put(container + "/" + glancePlain, Arrays.copyOf(data, 1000));
        String glanceDlo = UUID.randomUUID().toString();
        put(glanceDlo + "-00001", Arrays.copyOfRange(data, 0, 150_000), Map.of());
        put(glanceDlo + "-00002", Arrays.copyOfRange(data, 150_000, 300_000), Map.of());
        put(glanceDlo, new byte[0], Map.of("X-Object-Manifest", container + "/" + glanceDlo + "-"));
        foreign.put(container + "/" + glanceDlo, data);
        foreign.put(container + "/" + glanceDlo + "-00001", Arrays.copyOfRange(data, 0, 150_000));
        String glanceSlo = UUID.randomUUID().toString();
        putSlo(container, glanceSlo, seg, glanceSlo + "-0000", data);
        foreign.put(container + "/" + glanceSlo, data);
        foreign.put(seg + "/" + glanceSlo + "-00001", Arrays.copyOfRange(data, 0, 150_000));
        // a person's object, and objects of the layout without catalog id
        put("notes.txt", "a person's notes".getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of());
        foreign.put(container + "/notes.txt", "a person's notes".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String oldPlain = UUID.randomUUID().toString();
        put(oldPlain, Arrays.copyOf(data, 2000), Map.of());
        foreign.put(container + "/" + oldPlain, Arrays.copyOf(data, 2000));
        String oldSlo = UUID.randomUUID().toString();
        putSlo(container, oldSlo, seg, container + "/" + oldSlo + "/1-0a0b0c0d/0000000", data);
        foreign.put(container + "/" + oldSlo, data);
        String oldOrphan = container + "/" + UUID.randomUUID() + "/1-deadbeef/00000001";
        putIn(seg, oldOrphan, new byte[100]);
        foreign.put(seg + "/" + oldOrphan, new byte[100]);
        // a name under the catalog's id that is not of its shapes
        putIn(container, SwiftTestSupport.CATALOG + "/notes.txt", new byte[7]);
        foreign.put(container + "/" + SwiftTestSupport.CATALOG + "/notes.txt", new byte[7]);

        SwiftImageStore other = SwiftTestSupport.create("glance", "other-catalog", SwiftTestSupport.tempAuthSettings(container));
        List<ImageWriter> writers = new ArrayList<>();
        try {
            StoreLocation theirs = write(other, UUID.randomUUID().toString(), Arrays.copyOf(data, 500));
            foreign.put(theirs.key(), Arrays.copyOf(data, 500));
            String ourId = UUID.randomUUID().toString();
            StoreLocation ours = write(store, ourId, Arrays.copyOf(data, 600));
            assertThat(ours.key()).isEqualTo(container + "/" + SwiftTestSupport.CATALOG + "/" + ourId);

            List<StoredObject> owned = new ArrayList<>();
            store.forEachOwned(owned::add);
            assertThat(owned).extracting(StoredObject::location).containsExactly(ours);

            java.time.Instant now = java.time.Instant.now();
            for (String key : foreign.keySet()) {
                for (boolean committed : new boolean[] {true, false}) {
                    StoredObject o = new StoredObject(glancePlain, committed, new StoreLocation("swift", "glance", key), now);
                    assertThatThrownBy(() -> store.remove(o)).as("remove %s", o)
                            .isInstanceOf(IllegalArgumentException.class);
                }
            }
            for (Map.Entry<String, byte[]> e : foreign.entrySet()) {
                try (InputStream in = store.openStream(new StoreLocation("swift", "glance", e.getKey()), 0, -1)) {
                    assertThat(in.readAllBytes()).as(e.getKey()).isEqualTo(e.getValue());
                }
            }
            assertThat(store.remove(owned.get(0))).isTrue();
            assertThat(other.delete(theirs)).isTrue();
            foreign.remove(theirs.key());
        } finally {
            writers.forEach(ImageWriter::abort);
            other.close();
        }
        // taking over: a Glance image, its location rewritten to this store, reads and deletes as the catalog's own
        StoreLocation taken = new StoreLocation("swift", "glance", container + "/" + glanceSlo);
        try (InputStream in = store.openStream(taken, 0, -1)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        assertThat(store.delete(taken)).isTrue();
        assertThat(SwiftTestSupport.names(store, seg)).noneMatch(n -> n.startsWith(glanceSlo));
    }

    private void putIn(String c, String object, byte[] body) throws Exception {
        HttpResponse<byte[]> r = store.client.send("PUT", SwiftClient.objectPath(c, object), Map.of(),
                () -> HttpRequest.BodyPublishers.ofByteArray(body), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(201);
    }

    /** An SLO of {@code data} in two segments {@code <segmentPrefix>1} and {@code 2} of container {@code seg}. */
    private void putSlo(String c, String object, String seg, String segmentPrefix, byte[] data) throws Exception {
        com.fasterxml.jackson.databind.node.ArrayNode manifest = SwiftClient.JSON.createArrayNode();
        for (int i = 1; i <= 2; i++) {
            putIn(seg, segmentPrefix + i, Arrays.copyOfRange(data, (i - 1) * data.length / 2, i * data.length / 2));
            manifest.addObject().put("path", "/" + seg + "/" + segmentPrefix + i);
        }
        byte[] body = SwiftClient.JSON.writeValueAsBytes(manifest);
        HttpResponse<byte[]> r = store.client.send("PUT", SwiftClient.objectPath(c, object) + "?multipart-manifest=put",
                Map.of(), () -> HttpRequest.BodyPublishers.ofByteArray(body), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(201);
    }

    private static StoreLocation write(SwiftImageStore s, String id, byte[] data) throws Exception {
        try (ImageWriter w = s.openWriter(id, data.length)) {
            w.write(ByteBuffer.wrap(data));
            return w.commit();
        }
    }

    @Test
    void multipleContainersSeedSpreadsImagesAsGlanceDoes() throws Exception {
        Map<String, String> m = SwiftTestSupport.tempAuthSettings(container);
        m.put("multiple-containers-seed", "3");
        m.put("segment-size", "64KiB");
        SwiftImageStore spread = SwiftTestSupport.create("glance", m);
        try {
            String a = UUID.randomUUID().toString();
            assertThat(spread.containerFor(a)).isEqualTo(container + "_" + a.substring(0, 3));
            Map<String, String> ten = new java.util.HashMap<>(m);
            ten.put("multiple-containers-seed", "10");
            try (SwiftImageStore wide = SwiftTestSupport.create("glance", ten)) {
                // dashes kept, not counted: 8 characters, the dash, 2 more
                assertThat(wide.containerFor(a)).isEqualTo(container + "_" + a.substring(0, 11));
            }
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
            spread.forEachOwned(o -> listed.add(o.location()));
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
