package dev.imagecatalog.memory;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.contract.ImageQuotaContract;
import java.util.Map;

/** The quota contract on the memory back-end. */
class MemoryImageQuotaTest extends ImageQuotaContract {
    @Override
    protected ImageCatalog createCatalog(Map<String, String> settings) {
        return ImageCatalog.builder().setting("metadata.type", "memory").setting("stores", "mem")
                .setting("store.mem.type", "memory").settings(settings).build();
    }
}
