package dev.imagecatalog.contract;

import dev.imagecatalog.config.Settings;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageStoreProvider;
import dev.imagecatalog.spi.StoreContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** Test-only provider of {@link FaultyImageStore}, type {@code faulty}. */
public final class FaultyImageStoreProvider implements ImageStoreProvider {
    public static final String TYPE = "faulty";

    /**
     * The same catalog settings with their one store ({@code stores} names exactly one) wrapped in a faulty store:
     * {@code store.<id>.X} becomes {@code store.<id>.delegate.X} and {@code store.<id>.type} is {@value #TYPE}. The
     * wrapped store writes and lists exactly as the unwrapped one would, so a catalog with the plain settings sees
     * everything the wrapped one wrote.
     */
    public static Map<String, String> wrapping(Map<String, String> catalogSettings) {
        String storeId = catalogSettings.get("stores").trim();
        if (storeId.contains(",")) {
            throw new IllegalArgumentException("more than one store: " + storeId);
        }
        String prefix = "store." + storeId + ".";
        Map<String, String> out = new LinkedHashMap<>();
        catalogSettings.forEach((k, v) -> out.put(k.startsWith(prefix)
                ? prefix + "delegate." + k.substring(prefix.length()) : k, v));
        out.put(prefix + "type", TYPE);
        return out;
    }

    /**
     * Catalog settings for store {@code storeId} wrapped in a faulty store: {@code store.<id>.delegate.<key>} for each
     * of the wrapped store's {@code storeSettings} (keys below {@code store.<id>.}, its {@code type} among them).
     */
    public static Map<String, String> wrapping(String storeId, Map<String, String> storeSettings) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("store." + storeId + ".type", TYPE);
        storeSettings.forEach((k, v) -> out.put("store." + storeId + ".delegate." + k, v));
        return out;
    }

    @Override
    public String type() {
        return TYPE;
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
