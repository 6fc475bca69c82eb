package dev.imagecatalog.spi;

import java.io.IOException;

/**
 * One step of an import, run on the staged data before format inspection and before the data reaches a store (as
 * Glance's {@code image_import_plugins}). Thread-safe: one plug-in serves every import of a catalog.
 */
public interface ImportPlugin {

    /**
     * Works on the staged image: reads {@link StagedImage#data()}, may replace it ({@link StagedImage#newDataFile()},
     * {@link StagedImage#replaceData}) and may change its formats and properties. Whatever it changes is applied
     * only if the import succeeds.
     *
     * @param image the staged image
     * @throws IOException when the data cannot be read or written (the import fails)
     * @throws dev.imagecatalog.error.ImageCatalogException a typed refusal (the import fails with its message)
     */
    void apply(StagedImage image) throws IOException;
}
