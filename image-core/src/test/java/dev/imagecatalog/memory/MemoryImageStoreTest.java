package dev.imagecatalog.memory;

import dev.imagecatalog.contract.ImageStoreContract;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.Settings;
import java.util.Map;

class MemoryImageStoreTest extends ImageStoreContract {
    @Override
    protected ImageStore createStore() {
        return new MemoryImageStoreProvider().create("mem", Settings.of(Map.of()));
    }
}
