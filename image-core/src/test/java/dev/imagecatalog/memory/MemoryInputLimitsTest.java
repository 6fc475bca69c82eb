package dev.imagecatalog.memory;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.contract.InputLimitsContract;
import java.util.Map;

/** The input-limits contract on the memory back-end. */
class MemoryInputLimitsTest extends InputLimitsContract {
    @Override
    protected ImageCatalog createCatalog(Map<String, String> settings) {
        return ImageCatalog.builder().setting("metadata.type", "memory").setting("stores", "mem")
                .setting("store.mem.type", "memory").settings(settings).build();
    }
}
