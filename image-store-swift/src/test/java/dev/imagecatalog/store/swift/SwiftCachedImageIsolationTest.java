package dev.imagecatalog.store.swift;

import dev.imagecatalog.contract.CachedImageIsolationContract;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/** The isolation matrix with the image cache on, over Swift (TempAuth); the container deleted after the class. */
class SwiftCachedImageIsolationTest extends CachedImageIsolationContract {
    private static final String CONTAINER = SwiftTestSupport.uniqueContainer("cache-iso");

    @Override
    protected Map<String, String> storeSettings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("stores", "swift");
        s.put("store.swift.type", "swift");
        SwiftTestSupport.tempAuthSettings(CONTAINER).forEach((k, v) -> s.put("store.swift." + k, v));
        return s;
    }

    @AfterAll
    static void removeContainer() throws Exception {
        Map<String, String> settings = SwiftTestSupport.tempAuthSettings(CONTAINER);
        try (SwiftImageStore cleaner = SwiftTestSupport.create("cleanup", settings)) {
            SwiftTestSupport.deleteContainers(cleaner, CONTAINER, cleaner.config.segmentsContainer());
        }
    }
}
