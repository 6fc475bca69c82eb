package dev.imagecatalog.memory;

import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageStoreProvider;
import dev.imagecatalog.spi.Setting;
import dev.imagecatalog.spi.SettingsSpec;
import dev.imagecatalog.spi.StoreContext;

/**
 * Provides the in-memory store, type {@code memory}. It takes no settings but {@code type} (any other key under
 * {@code store.<id>.} is refused, naming it).
 */
public final class MemoryImageStoreProvider implements ImageStoreProvider {
    private static final SettingsSpec SPEC = SettingsSpec.of("memory store", Setting.PLUGIN_TYPE);

    @Override
    public String type() {
        return MemoryImageStore.SCHEME;
    }

    @Override
    public ImageStore create(StoreContext context) {
        SPEC.check(context.settings());
        return new MemoryImageStore(context);
    }
}
