package dev.imagecatalog.store.swift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.contract.ImageStoreContract;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.spi.ImageStore;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The store contract on the real Swift with a low threshold, so large objects are SLOs of 1 MiB segments. */
class SwiftSloImageStoreTest extends ImageStoreContract {
    private static final String CONTAINER = SwiftTestSupport.uniqueContainer("slo");

    @Override
    protected ImageStore createStore(String catalogId) {
        Map<String, String> m = SwiftTestSupport.tempAuthSettings(CONTAINER);
        m.put("segment-size", "1MiB");
        m.put("large-object-threshold", "256KiB");
        m.put("segments-in-flight", "3");
        return SwiftTestSupport.create("swift-slo", catalogId, m);
    }

    @Override
    protected void assertNoLeftovers() throws Exception {
        SwiftTestSupport.assertNoStraySegments((SwiftImageStore) store);
    }

    @Test
    void largeObjectsAreStaticLargeObjectsWithVerifiedSegments() throws Exception {
        byte[] data = randomBytes((int) largeObjectSize(), 42);
        StoreLocation loc = writeAll(newImageId(), data, false);
        SwiftImageStore s = (SwiftImageStore) store;
        String[] co = s.parse(loc);
        HttpResponse<byte[]> r = s.client.send("HEAD", SwiftClient.objectPath(co[0], co[1]), Map.of());
        assertThat(r.headers().firstValue("X-Static-Large-Object")).hasValue("True");
        // the image is <catalog id>/<image id>; 3 MiB + 12345 bytes in 1 MiB segments: 4 segments, all in the
        // segments container under one prefix <catalog id>/<image id>/<container>/<upload>/
        assertThat(co[1]).isEqualTo(catalogId + "/" + imageIdOf(loc));
        List<String> segments = SwiftTestSupport.names(s, s.config.segmentsContainer()).stream()
                .filter(n -> n.startsWith(co[1] + "/")).collect(Collectors.toList());
        assertThat(segments).hasSize(4).allMatch(n -> n.matches(java.util.regex.Pattern.quote(co[1] + "/" + co[0])
                + "/[0-9]+-[0-9a-f]{8}/0000000[1-4]"));
        assertThat(store.delete(loc)).isTrue();
        assertThat(SwiftTestSupport.names(s, s.config.segmentsContainer()))
                .noneMatch(n -> n.startsWith(co[1] + "/"));
        assertNoLeftovers();
    }

    private static String imageIdOf(StoreLocation loc) {
        return loc.key().substring(loc.key().lastIndexOf('/') + 1);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        SwiftImageStore s = SwiftTestSupport.create("cleanup", SwiftTestSupport.tempAuthSettings(CONTAINER));
        SwiftTestSupport.deleteContainers(s, CONTAINER, CONTAINER + "_segments");
        s.close();
    }
}
