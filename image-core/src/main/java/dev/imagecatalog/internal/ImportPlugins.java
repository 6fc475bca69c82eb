package dev.imagecatalog.internal;

import dev.imagecatalog.config.Settings;
import dev.imagecatalog.error.CatalogConfigurationException;
import dev.imagecatalog.spi.ImportPlugin;
import dev.imagecatalog.spi.ImportPluginProvider;
import dev.imagecatalog.spi.StagedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The configured import plug-ins ({@code import.plugins}, found with {@link java.util.ServiceLoader} as
 * {@link ImportPluginProvider}s by {@link ImportPluginProvider#name()}, each built from its
 * {@code import.plugin.<name>.*} settings), run in that order on a staged image. Immutable and thread-safe: one
 * instance serves every import of a catalog.
 */
final class ImportPlugins {
    private static final String KEY = CoreSettings.IMPORT_PLUGINS.key();

    private final List<String> names;
    private final List<ImportPlugin> plugins;

    private ImportPlugins(List<String> names, List<ImportPlugin> plugins) {
        this.names = List.copyOf(names);
        this.plugins = List.copyOf(plugins);
    }

    /**
     * Loads and builds the plug-ins named in {@code config.plugins()}, in that order.
     *
     * @throws CatalogConfigurationException naming {@code import.plugins} for an unknown or repeated name, naming an
     *                                       {@code import.plugin.<name>.*} key whose plug-in is not listed, or as the
     *                                       plug-in's provider throws it for a wrong setting of its own
     */
    static ImportPlugins load(ImportConfig config, ClassLoader classLoader) {
        List<String> names = config.plugins();
        Settings settings = config.pluginSettings();
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                throw settings.bad(KEY, String.join(",", names), "distinct plug-in names ('" + name
                        + "' appears twice)");
            }
        }
        for (String key : settings.keys()) {
            if (key.startsWith(CoreSettings.IMPORT_PLUGIN_PREFIX)
                    && names.stream().noneMatch(n -> key.startsWith(CoreSettings.IMPORT_PLUGIN_PREFIX + n + "."))) {
                throw new CatalogConfigurationException("unknown setting '" + key + "': no import plug-in of that "
                        + "name is in '" + KEY + "' " + names);
            }
        }
        if (names.isEmpty()) {
            return new ImportPlugins(List.of(), List.of());
        }
        Map<String, List<ImportPluginProvider>> providers =
                PluginLoader.byName(ImportPluginProvider.class, classLoader, ImportPluginProvider::name);
        List<ImportPlugin> plugins = new ArrayList<>();
        for (String name : names) {
            ImportPluginProvider provider = PluginLoader.pick(providers, name, KEY, "import plug-in");
            ImportPlugin plugin = provider.create(settings.scoped(CoreSettings.IMPORT_PLUGIN_PREFIX + name + "."));
            if (plugin == null) {
                throw new CatalogConfigurationException("import plug-in '" + name + "' ("
                        + provider.getClass().getName() + ") built nothing");
            }
            plugins.add(plugin);
        }
        return new ImportPlugins(names, plugins);
    }

    /** {@return the plug-ins' names, in the order they run} */
    List<String> names() {
        return names;
    }

    /**
     * Runs every plug-in in order on {@code image}; the first failure stops the run and is thrown as it is.
     *
     * @throws IOException when a plug-in cannot read or write the staged data
     */
    void run(StagedImage image) throws IOException {
        for (int i = 0; i < plugins.size(); i++) {
            image.progress("import plug-in " + names.get(i));
            plugins.get(i).apply(image);
        }
    }
}
