package dev.imagecatalog.store.swift;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.contract.TestEnvironment;
import dev.imagecatalog.contract.UploadInspectionContract;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/** Format inspection in the upload on the real Swift, with segments small enough that uploads go segmented. */
class SwiftUploadInspectionTest extends UploadInspectionContract {
    private static final String CONTAINER = SwiftTestSupport.uniqueContainer("inspect");

    @Override
    protected ImageCatalog createCatalog(Map<String, String> settings) {
        ImageCatalog.Builder b = ImageCatalog.builder().setting("metadata.type", "memory").setting("stores", "sw")
                .setting("store.sw.type", "swift").setting("store.sw.segment-size", "1MiB")
                .setting("store.sw.large-object-threshold", "1MiB");
        SwiftTestSupport.tempAuthSettings(CONTAINER).forEach((k, v) -> b.setting("store.sw." + k, v));
        return b.settings(settings).build();
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
