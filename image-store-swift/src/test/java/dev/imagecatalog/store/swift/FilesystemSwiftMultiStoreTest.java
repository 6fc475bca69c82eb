package dev.imagecatalog.store.swift;

import dev.imagecatalog.contract.MultiStoreContract;
import dev.imagecatalog.contract.StoreUnderTest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** The multi-store contract over a filesystem store (a, the default) and Swift (b) through a fault proxy. */
class FilesystemSwiftMultiStoreTest extends MultiStoreContract {
    @TempDir
    Path dir;

    @Override
    protected StoreUnderTest createStoreA() {
        return StoreUnderTest.local(Map.of("type", "filesystem", "datadir", dir.resolve("a").toString()));
    }

    @Override
    protected StoreUnderTest createStoreB() throws Exception {
        return SwiftMultiStorePairs.swift();
    }
}
