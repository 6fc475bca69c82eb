package dev.imagecatalog.store.swift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.data.ImageData;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageWriter;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The README's "taking over a Glance container", through the whole catalog: a catalog starts on Glance's container
 * before any location is rewritten (so no image references Glance's objects), uploads into it, and its start-up
 * recovery and scrubber sweep; Glance's plain object, DLO (with its segments) and a person's object survive with
 * their bytes, and only the catalog's own unreferenced object is removed.
 */
class SwiftGlanceTakeoverCatalogTest {

    @Test
    void aCatalogStartedOnAGlanceContainerRemovesNothingOfGlances() throws Exception {
        String container = SwiftTestSupport.uniqueContainer("takeover");
        Map<String, String> storeSettings = SwiftTestSupport.tempAuthSettings(container);
        storeSettings.put("segment-size", "1MiB");
        SwiftImageStore admin = SwiftTestSupport.create("admin", "admin", storeSettings);
        try {
            admin.client.send("PUT", "/" + container, Map.of());
            byte[] data = new byte[250_000];
            new Random(4).nextBytes(data);
            Map<String, byte[]> glance = new LinkedHashMap<>();
            String plain = UUID.randomUUID().toString();
            glance.put(plain, Arrays.copyOf(data, 1000));
            String dlo = UUID.randomUUID().toString();
            glance.put(dlo + "-00001", Arrays.copyOfRange(data, 0, 125_000));
            glance.put(dlo + "-00002", Arrays.copyOfRange(data, 125_000, 250_000));
            glance.put("notes.txt", "a person's notes".getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, byte[]> e : glance.entrySet()) {
                put(admin, container, e.getKey(), e.getValue(), Map.of());
            }
            put(admin, container, dlo, new byte[0], Map.of("X-Object-Manifest", container + "/" + dlo + "-"));
            glance.put(dlo, data);

            Map<String, String> cfg = new HashMap<>();
            cfg.put("metadata.type", "memory");
            cfg.put("stores", "objects");
            storeSettings.forEach((k, v) -> cfg.put("store.objects." + k, v));
            cfg.put("store.objects.type", "swift");
            try (ImageCatalog catalog = ImageCatalog.builder().settings(cfg).build()) {
                ImageService images = catalog.images(RequestContext.admin("p", "u"));
                byte[] upload = new byte[3 * 1024 * 1024 + 5]; // an SLO of four segments
                new Random(5).nextBytes(upload);
                Image image = images.create(ImageDraft.builder().name("new").diskFormat("raw").containerFormat("bare")
                        .build());
                images.upload(image.id(), new ByteArrayInputStream(upload));
                ImageStore store = catalog.backends().stores().get("objects");
                StoreLocation orphan;
                try (ImageWriter w = store.openWriter(UUID.randomUUID().toString(), 10)) {
                    w.write(ByteBuffer.wrap(new byte[10]));
                    orphan = w.commit();
                }
                assertThat(catalog.scrubber().runOnce().orphansDeleted()).isEqualTo(1);
                assertThat(store.exists(orphan)).isFalse();
                assertThat(images.get(image.id()).status()).isEqualTo(ImageStatus.ACTIVE);
                try (ImageData d = images.download(image.id()); InputStream in = d.stream()) {
                    assertThat(in.readAllBytes()).isEqualTo(upload);
                }
            }
            for (Map.Entry<String, byte[]> e : glance.entrySet()) {
                try (InputStream in = admin.openStream(admin.location(container, e.getKey()), 0, -1)) {
                    assertThat(in.readAllBytes()).as(e.getKey()).isEqualTo(e.getValue());
                }
            }
        } finally {
            SwiftTestSupport.deleteContainers(admin, container, container + "_segments");
            admin.close();
        }
    }

    private static void put(SwiftImageStore s, String container, String object, byte[] body, Map<String, String> headers)
            throws Exception {
        HttpResponse<byte[]> r = s.client.send("PUT", SwiftClient.objectPath(container, object), headers,
                () -> HttpRequest.BodyPublishers.ofByteArray(body), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(201);
    }
}
