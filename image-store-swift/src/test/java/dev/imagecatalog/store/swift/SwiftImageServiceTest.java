package dev.imagecatalog.store.swift;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.contract.ImageServiceContract;
import dev.imagecatalog.contract.TestEnvironment;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;

/**
 * The service contract with image bytes in the Swift store on the real Swift (tempauth, metadata in memory), and
 * the fault-injecting store wrapping a Swift store too. Images above 256 KiB are SLOs of 1 MiB segments, so the
 * contract's multi-buffer uploads go through the segment path. All catalogs share one container (each writes under
 * its own catalog id); after every test no segment is left that no committed manifest references, and after the
 * class the containers are emptied and removed.
 */
class SwiftImageServiceTest extends ImageServiceContract {
    private static final String CONTAINER = SwiftTestSupport.uniqueContainer("service");

    private static Map<String, String> storeSettings() {
        Map<String, String> m = SwiftTestSupport.tempAuthSettings(CONTAINER);
        m.put("segment-size", "1MiB");
        m.put("large-object-threshold", "256KiB");
        m.put("segments-in-flight", "2");
        return m;
    }

    @Override
    protected ImageCatalog createCatalog() {
        ImageCatalog.Builder b = ImageCatalog.builder().setting("metadata.type", "memory").setting("stores", "swift")
                .setting("store.swift.type", "swift");
        storeSettings().forEach((k, v) -> b.setting("store.swift." + k, v));
        return b.build();
    }

    @Override
    protected Map<String, String> faultyStoreDelegateSettings() {
        Map<String, String> m = storeSettings();
        m.put("type", "swift");
        return m;
    }

    @AfterEach
    void noStraySegments() throws Exception {
        try (SwiftImageStore s = SwiftTestSupport.create("check", storeSettings())) {
            SwiftTestSupport.assertNoStraySegments(s);
        }
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (TestEnvironment.optional("IMAGECATALOG_SWIFT_AUTH_URL").isPresent()) {
            try (SwiftImageStore s = SwiftTestSupport.create("cleanup", storeSettings())) {
                SwiftTestSupport.deleteContainers(s, CONTAINER, CONTAINER + "_segments");
            }
        }
    }
}
