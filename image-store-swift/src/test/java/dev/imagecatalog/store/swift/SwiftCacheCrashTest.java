package dev.imagecatalog.store.swift;

import dev.imagecatalog.contract.CacheCrashContract;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/** A cache fill from Swift killed in a child JVM ({@link CacheCrashContract}); the containers deleted after. */
class SwiftCacheCrashTest extends CacheCrashContract {
    private final String container = SwiftTestSupport.uniqueContainer("cache-crash");

    @Override
    protected Map<String, String> storeSettings() {
        Map<String, String> s = new LinkedHashMap<>(SwiftTestSupport.tempAuthSettings(container));
        s.put("type", "swift");
        return s;
    }

    @AfterEach
    void removeContainers() throws Exception {
        try (SwiftImageStore cleaner = SwiftTestSupport.create("cleanup", SwiftTestSupport.tempAuthSettings(container))) {
            SwiftTestSupport.deleteContainers(cleaner, container, cleaner.config.segmentsContainer());
        }
    }
}
