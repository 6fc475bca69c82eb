package dev.imagecatalog.contract;

import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageStoreProvider;
import dev.imagecatalog.spi.Settings;
import dev.imagecatalog.spi.StoreContext;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Test-only provider of {@link FaultyImageStore}, type {@code faulty}. */
public final class FaultyImageStoreProvider implements ImageStoreProvider {
    public static final String TYPE = "faulty";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ImageStore create(String storeId, Settings settings) {
        return create(new StoreContext(storeId, "catalog", settings));
    }

    /** The wrapped store gets the same store id and catalog id, and the settings under {@code delegate.}. */
    @Override
    public ImageStore create(StoreContext context) {
        Settings delegateSettings = context.settings().scoped("delegate.");
        String type = delegateSettings.require("type");
        List<ImageStoreProvider> found = new ArrayList<>();
        for (ImageStoreProvider p : ServiceLoader.load(ImageStoreProvider.class, FaultyImageStoreProvider.class.getClassLoader())) {
            if (p.type().equals(type) && !type.equals(TYPE)) {
                found.add(p);
            }
        }
        if (found.size() != 1) {
            throw delegateSettings.bad("type", type, "exactly one store provider of that type (found " + found.size() + ")");
        }
        return new FaultyImageStore(found.get(0).create(new StoreContext(context.storeId(), context.catalogId(),
                delegateSettings)));
    }

}
