package dev.imagecatalog.spi;

/**
 * Builds stores of one type. Found with {@link java.util.ServiceLoader}: register the implementation in
 * {@code META-INF/services/dev.imagecatalog.spi.ImageStoreProvider}.
 */
public interface ImageStoreProvider {

    /** The type name used in configuration ({@code store.<id>.type = filesystem}). */
    String type();

    /**
     * Builds a store. A missing or bad setting is a {@link dev.imagecatalog.CatalogConfigurationException} naming
     * the key ({@link Settings#require}, {@link Settings#bad}).
     *
     * @param storeId  the store's id
     * @param settings the settings under {@code store.<id>.}
     */
    ImageStore create(String storeId, Settings settings);

    /**
     * Builds a store that marks everything it writes with {@code context.catalogId()} and lists and sweeps only
     * what carries that mark.
     */
    default ImageStore create(StoreContext context) {
        return create(context.storeId(), context.settings());
    }
}
