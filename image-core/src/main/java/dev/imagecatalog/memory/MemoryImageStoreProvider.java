package dev.imagecatalog.memory;

import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageStoreProvider;
import dev.imagecatalog.spi.Settings;
import dev.imagecatalog.spi.StoreContext;

/** Provides the in-memory store, type {@code memory}. No settings. */
public final class MemoryImageStoreProvider implements ImageStoreProvider {
    @Override
    public String type() {
        return MemoryImageStore.SCHEME;
    }

    @Override
    public ImageStore create(StoreContext context) {
        return new MemoryImageStore(context);
    }

    /** A store marking its data with the catalog id {@code catalog}. */
    @Override
    public ImageStore create(String storeId, Settings settings) {
        return create(new StoreContext(storeId, "catalog", settings));
    }
}
