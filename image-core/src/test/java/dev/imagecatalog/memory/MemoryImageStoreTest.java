package dev.imagecatalog.memory;

import dev.imagecatalog.config.Settings;
import dev.imagecatalog.contract.ImageStoreContract;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.StoreContext;
import java.util.Map;

class MemoryImageStoreTest extends ImageStoreContract {
    @Override
    protected ImageStore createStore(String catalogId) {
        return new MemoryImageStoreProvider().create(new StoreContext("mem", catalogId, Settings.of(Map.of())));
    }
}
