package dev.imagecatalog.memory;

import dev.imagecatalog.contract.SnapshotContract;
import java.util.Map;

/** The snapshot contract with a memory store and memory metadata. */
class MemorySnapshotTest extends SnapshotContract {
    @Override
    protected Map<String, String> storeUnderTest() {
        return Map.of("type", "memory");
    }
}
