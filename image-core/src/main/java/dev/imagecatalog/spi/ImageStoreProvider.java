package dev.imagecatalog.spi;

/**
 * Builds stores of one type. Found with {@link java.util.ServiceLoader}: register the implementation in
 * {@code META-INF/services/dev.imagecatalog.spi.ImageStoreProvider}.
 */
public interface ImageStoreProvider {

    /**
     * The type name used in configuration.
     *
     * @return the value of {@code store.<id>.type} this provider builds, e.g. {@code filesystem}
     */
    String type();

    /**
     * Builds a store that marks everything it writes with {@code context.catalogId()} and lists only what carries
     * that mark. A provider declares its keys in a {@link dev.imagecatalog.config.SettingsSpec} and checks {@code context.settings()} (those
     * under {@code store.<id>.}) against it first: an unknown key, a missing or bad value is a
     * {@link dev.imagecatalog.error.CatalogConfigurationException} naming the key.
     *
     * @param context the store id, the catalog id and the store's settings
     * @return the store, owned (and closed) by the catalog
     */
    ImageStore create(StoreContext context);
}
