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
        Settings delegateSettings = settings.scoped("delegate.");
        return new FaultyImageStore(delegateProvider(delegateSettings).create(storeId, delegateSettings));
    }

    /** The wrapped store gets the same store id and catalog id, so it writes and lists exactly as it would alone. */
    @Override
    public ImageStore create(StoreContext context) {
        Settings delegateSettings = context.settings().scoped("delegate.");
        return new FaultyImageStore(delegateProvider(delegateSettings).create(
                new StoreContext(context.storeId(), context.catalogId(), delegateSettings)));
    }

    private static ImageStoreProvider delegateProvider(Settings delegateSettings) {
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
        return found.get(0);
    }

}
