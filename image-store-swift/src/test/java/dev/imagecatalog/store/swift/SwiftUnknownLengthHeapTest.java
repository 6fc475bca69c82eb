package dev.imagecatalog.store.swift;

import dev.imagecatalog.contract.TestEnvironment;
import dev.imagecatalog.contract.UnknownLengthUploadHeapContract;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/**
 * image-core's {@link UnknownLengthUploadHeapContract} on the real Swift: SLO segments of 8 MiB, 4 in flight
 * (32 MiB of segment buffers), so a 512 MiB image is 64 segments.
 */
class SwiftUnknownLengthHeapTest extends UnknownLengthUploadHeapContract {
    private static final String CONTAINER = SwiftTestSupport.uniqueContainer("heap");

    @Override
    protected Map<String, String> storeSettings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("stores", "swift");
        settings.put("store.swift.type", "swift");
        swiftSettings().forEach((k, v) -> settings.put("store.swift." + k, v));
        return settings;
    }

    private static Map<String, String> swiftSettings() {
        Map<String, String> m = SwiftTestSupport.tempAuthSettings(CONTAINER);
        m.put("segment-size", "8MiB");
        m.put("segments-in-flight", "4");
        return m;
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (TestEnvironment.optional("IMAGECATALOG_SWIFT_AUTH_URL").isPresent()) {
            try (SwiftImageStore s = SwiftTestSupport.create("cleanup", swiftSettings())) {
                SwiftTestSupport.deleteContainers(s, CONTAINER, CONTAINER + "_segments");
            }
        }
    }
}
