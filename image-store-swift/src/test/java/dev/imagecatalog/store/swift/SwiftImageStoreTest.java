package dev.imagecatalog.store.swift;

import dev.imagecatalog.contract.ImageStoreContract;
import dev.imagecatalog.spi.ImageStore;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/** The store contract on the real Swift with a threshold above every test size: plain objects, one PUT each. */
class SwiftImageStoreTest extends ImageStoreContract {
    private static final String CONTAINER = SwiftTestSupport.uniqueContainer("plain");
    private static SwiftImageStore last;

    protected Map<String, String> settings() {
        Map<String, String> m = SwiftTestSupport.tempAuthSettings(CONTAINER);
        m.put("segment-size", "8MiB");
        m.put("large-object-threshold", "8MiB");
        return m;
    }

    @Override
    protected ImageStore createStore(String catalogId) {
        last = SwiftTestSupport.create("swift-plain", catalogId, settings());
        return last;
    }

    /** Below 8 MiB a write is buffered for one PUT: only past a segment does Swift hold anything of it. */
    @Override
    protected long inFlightLeftoverSize() {
        return 8L * 1024 * 1024 + 1000;
    }

    @Override
    protected void assertNoLeftovers() throws Exception {
        SwiftImageStore s = (SwiftImageStore) store;
        SwiftTestSupport.assertNoStraySegments(s);
        org.assertj.core.api.Assertions.assertThat(SwiftTestSupport.names(s, s.config.segmentsContainer())).isEmpty();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        SwiftImageStore s = SwiftTestSupport.create("cleanup", SwiftTestSupport.tempAuthSettings(CONTAINER));
        SwiftTestSupport.deleteContainers(s, CONTAINER, CONTAINER + "_segments");
        s.close();
    }
}
