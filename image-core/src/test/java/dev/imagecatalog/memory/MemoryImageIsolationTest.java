package dev.imagecatalog.memory;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.contract.ImageIsolationContract;
import java.util.Map;

/** The isolation matrix on the memory back-end. */
class MemoryImageIsolationTest extends ImageIsolationContract {
    @Override
    protected ImageCatalog createCatalog(Map<String, String> settings) {
        return ImageCatalog.builder().setting("metadata.type", "memory").setting("stores", "mem")
                .setting("store.mem.type", "memory").settings(settings).build();
    }
}
