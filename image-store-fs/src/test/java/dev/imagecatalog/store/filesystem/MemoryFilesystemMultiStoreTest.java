package dev.imagecatalog.store.filesystem;

import dev.imagecatalog.contract.MultiStoreContract;
import dev.imagecatalog.contract.StoreUnderTest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** The multi-store contract over a memory store (a, the default) and a filesystem store (b). */
class MemoryFilesystemMultiStoreTest extends MultiStoreContract {
    @TempDir
    Path dir;

    @Override
    protected StoreUnderTest createStoreA() {
        return StoreUnderTest.memory();
    }

    @Override
    protected StoreUnderTest createStoreB() {
        return StoreUnderTest.local(Map.of("type", "filesystem", "datadir", dir.resolve("b").toString()));
    }
}
