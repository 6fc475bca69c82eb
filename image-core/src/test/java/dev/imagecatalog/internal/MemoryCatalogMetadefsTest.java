package dev.imagecatalog.internal;

import dev.imagecatalog.contract.CatalogMetadefsContract;
import java.util.Map;

class MemoryCatalogMetadefsTest extends CatalogMetadefsContract {
    @Override
    protected Map<String, String> catalogSettings() {
        return Map.of("metadata.type", "memory", "stores", "mem", "store.mem.type", "memory");
    }
}
