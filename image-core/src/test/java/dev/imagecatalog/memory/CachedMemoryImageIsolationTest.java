package dev.imagecatalog.memory;

import dev.imagecatalog.contract.CachedImageIsolationContract;
import java.util.Map;

/** The isolation matrix with the image cache on, over a memory store marked not local. */
class CachedMemoryImageIsolationTest extends CachedImageIsolationContract {
    @Override
    protected Map<String, String> storeSettings() {
        return Map.of("stores", "mem", "store.mem.type", "memory", "store.mem.local", "false");
    }
}
