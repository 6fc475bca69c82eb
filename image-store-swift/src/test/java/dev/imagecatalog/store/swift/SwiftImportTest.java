package dev.imagecatalog.store.swift;

import dev.imagecatalog.contract.ImportContract;
import dev.imagecatalog.contract.TestEnvironment;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/** The import cases that reach the store, with the real Swift under test; no stray segment afterwards. */
class SwiftImportTest extends ImportContract {
    private static final String CONTAINER = SwiftTestSupport.uniqueContainer("import");

    @Override
    protected Map<String, String> storeUnderTest() {
        Map<String, String> s = new LinkedHashMap<>(SwiftTestSupport.tempAuthSettings(CONTAINER));
        s.put("type", "swift");
        return s;
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (TestEnvironment.optional("IMAGECATALOG_SWIFT_AUTH_URL").isPresent()) {
            SwiftImageStore s = SwiftTestSupport.create("cleanup", SwiftTestSupport.tempAuthSettings(CONTAINER));
            SwiftTestSupport.assertNoStraySegments(s);
            SwiftTestSupport.deleteContainers(s, CONTAINER, CONTAINER + "_segments");
            s.close();
        }
    }
}
