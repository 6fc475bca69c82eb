package dev.imagecatalog.memory;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.contract.UploadInspectionContract;
import java.util.Map;

/** Format inspection in the upload on the memory store. */
class MemoryUploadInspectionTest extends UploadInspectionContract {
    @Override
    protected ImageCatalog createCatalog(Map<String, String> settings) {
        return ImageCatalog.builder().setting("metadata.type", "memory").setting("stores", "mem")
                .setting("store.mem.type", "memory").settings(settings).build();
    }
}
