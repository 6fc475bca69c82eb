package dev.imagecatalog.internal;

import dev.imagecatalog.error.CatalogConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;

/** Finds plug-ins with {@link ServiceLoader} and picks the one a setting names: one rule for every kind of plug-in. */
final class PluginLoader {

    private PluginLoader() {
    }

    /** Every provider of {@code type} found by {@code cl}, grouped by the name {@code typeName} gives it. */
    static <P> Map<String, List<P>> byName(Class<P> type, ClassLoader cl, Function<P, String> typeName) {
        Map<String, List<P>> byType = new TreeMap<>();
        try {
            for (P p : ServiceLoader.load(type, cl)) {
                byType.computeIfAbsent(typeName.apply(p), k -> new ArrayList<>()).add(p);
            }
        } catch (ServiceConfigurationError e) {
            throw new CatalogConfigurationException("cannot load the " + type.getSimpleName() + " plug-ins: "
                    + e.getMessage(), e);
        }
        return byType;
    }

    /** The one provider named {@code type} (asked for in setting {@code key}); none or several fail naming the key. */
    static <P> P pick(Map<String, List<P>> providers, String type, String key, String what) {
        List<P> found = providers.get(type);
        if (found == null) {
            throw new CatalogConfigurationException("unknown " + what + " type '" + type + "' in '" + key
                    + "': known types are " + providers.keySet() + " (is the plug-in's jar on the class path?)");
        }
        if (found.size() > 1) {
            List<String> classes = new ArrayList<>();
            for (P p : found) {
                classes.add(p.getClass().getName());
            }
            throw new CatalogConfigurationException("two or more providers of " + what + " type '" + type
                    + "' (asked for in '" + key + "'): " + classes + "; keep one of them on the class path");
        }
        return found.get(0);
    }

}
