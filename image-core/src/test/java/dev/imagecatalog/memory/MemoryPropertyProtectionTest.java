package dev.imagecatalog.memory;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.contract.PropertyProtectionContract;
import java.util.Map;

/** The property-protection oracle checks on the memory back-end. */
class MemoryPropertyProtectionTest extends PropertyProtectionContract {
    @Override
    protected ImageCatalog createCatalog(Map<String, String> settings) {
        return ImageCatalog.builder().setting("metadata.type", "memory").setting("stores", "mem")
                .setting("store.mem.type", "memory").settings(settings).build();
    }
}
