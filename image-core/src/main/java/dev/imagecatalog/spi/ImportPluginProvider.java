package dev.imagecatalog.spi;

import dev.imagecatalog.config.Settings;

/**
 * Makes one kind of import plug-in, found with {@link java.util.ServiceLoader} and chosen by {@link #name()} in the
 * catalog's {@code import.plugins} list (run in that order on the staged data of every import but copy-image).
 */
public interface ImportPluginProvider {

    /** {@return the name {@code import.plugins} lists it by, such as {@code decompression}} */
    String name();

    /**
     * Builds the plug-in from its settings.
     *
     * @param settings the catalog's {@code import.plugin.<name>.*} keys, the prefix removed; the provider checks
     *                 them against its own {@link dev.imagecatalog.config.SettingsSpec} (unknown keys refused)
     * @return the plug-in, used by many imports at once
     * @throws dev.imagecatalog.error.CatalogConfigurationException naming a wrong setting
     */
    ImportPlugin create(Settings settings);
}
