package dev.imagecatalog.memory;

import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageStoreProvider;
import dev.imagecatalog.spi.StoreContext;

/**
 * Provides the in-memory store, type {@code memory}. It reads no settings and, unlike the persistent stores, accepts
 * any key under {@code store.<id>.}, so a test configuration switches a store to memory by changing only its type.
 */
public final class MemoryImageStoreProvider implements ImageStoreProvider {

    /** A provider; {@link java.util.ServiceLoader} makes one through this constructor. */
    public MemoryImageStoreProvider() {
    }

    @Override
    public String type() {
        return MemoryImageStore.SCHEME;
    }

    @Override
    public ImageStore create(StoreContext context) {
        return new MemoryImageStore(context);
    }
}
