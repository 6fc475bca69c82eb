package dev.imagecatalog.spi;

/**
 * Builds stores of one type. Found with {@link java.util.ServiceLoader}: register the implementation in
 * {@code META-INF/services/dev.imagecatalog.spi.ImageStoreProvider}.
 */
public interface ImageStoreProvider {

    /** The type name used in configuration ({@code store.<id>.type = filesystem}). */
    String type();

    /**
     * Builds a store that marks everything it writes with {@code context.catalogId()} and lists only what carries
     * that mark. A provider declares its keys in a {@link SettingsSpec} and checks {@code context.settings()} (those
     * under {@code store.<id>.}) against it first: an unknown key, a missing or bad value is a
     * {@link dev.imagecatalog.CatalogConfigurationException} naming the key.
     */
    ImageStore create(StoreContext context);
}
