package dev.imagecatalog.spi;

import dev.imagecatalog.config.Settings;

/**
 * Builds metadata repositories of one type. Found with {@link java.util.ServiceLoader}: register the
 * implementation in {@code META-INF/services/dev.imagecatalog.spi.MetadataProvider}.
 */
public interface MetadataProvider {

    /**
     * The type name used in configuration.
     *
     * @return the value of {@code metadata.type} this provider builds, e.g. {@code jdbc}
     */
    String type();

    /**
     * Builds a repository. A provider declares its keys in a {@link dev.imagecatalog.config.SettingsSpec} and checks {@code settings}
     * against it first: an unknown key, a missing or bad value is a
     * {@link dev.imagecatalog.error.CatalogConfigurationException} naming the key.
     *
     * @param settings the settings under {@code metadata.} (e.g. {@code jdbc.url} for {@code metadata.jdbc.url})
     * @return the repository, owned (and closed) by the catalog
     * @throws dev.imagecatalog.error.CatalogConfigurationException for a missing or bad setting, naming its key
     */
    MetadataRepository create(Settings settings);
}
