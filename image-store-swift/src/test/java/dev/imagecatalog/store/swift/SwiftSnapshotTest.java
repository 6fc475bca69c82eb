package dev.imagecatalog.store.swift;

import dev.imagecatalog.contract.SnapshotContract;
import dev.imagecatalog.contract.TestEnvironment;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/**
 * The snapshot contract with the real Swift and memory metadata; images above 64 KiB are SLOs of 64 KiB segments
 * (the larger snapshots go through the segment path), and no stray segment is left afterwards.
 */
class SwiftSnapshotTest extends SnapshotContract {
    private static final String CONTAINER = SwiftTestSupport.uniqueContainer("snapshot");

    private static Map<String, String> storeSettings() {
        Map<String, String> s = new LinkedHashMap<>(SwiftTestSupport.tempAuthSettings(CONTAINER));
        s.put("segment-size", "64KiB");
        s.put("large-object-threshold", "64KiB");
        return s;
    }

    @Override
    protected Map<String, String> storeUnderTest() {
        Map<String, String> s = storeSettings();
        s.put("type", "swift");
        return s;
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (TestEnvironment.optional("IMAGECATALOG_SWIFT_AUTH_URL").isPresent()) {
            try (SwiftImageStore s = SwiftTestSupport.create("cleanup", storeSettings())) {
                SwiftTestSupport.assertNoStraySegments(s);
                SwiftTestSupport.deleteContainers(s, CONTAINER, CONTAINER + "_segments");
            }
        }
    }
}
