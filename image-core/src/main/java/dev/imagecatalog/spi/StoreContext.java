package dev.imagecatalog.spi;

import dev.imagecatalog.config.Settings;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a store is built from: its id, the id of the catalog that owns what it writes, and its settings.
 *
 * <p>The catalog id marks everything the store writes (objects, temporary files, multipart uploads, segments) as
 * this catalog's, in the store's key layout; a store lists and sweeps only what carries its catalog id, so data
 * that another catalog, a Glance, or a person put in the same bucket, container or folder is never touched.
 * Catalogs that share one metadata back-end share one catalog id.
 *
 * @param storeId   the store's id (the name in {@code stores = ...})
 * @param catalogId the owning catalog's id: lower-case letters, digits and '-', 1 to 63 characters, starting with a
 *                  letter or digit (safe in any object key, path or container name)
 * @param settings  the settings under {@code store.<id>.}
 */
public record StoreContext(String storeId, String catalogId, Settings settings) {
    private static final Pattern CATALOG_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    /**
     * Checks the components.
     *
     * @param storeId   the store's id
     * @param catalogId the owning catalog's id
     * @param settings  the settings under {@code store.<id>.}
     * @throws NullPointerException     if {@code storeId} or {@code settings} is null
     * @throws IllegalArgumentException if {@code catalogId} is not a valid catalog id ({@link #validCatalogId})
     */
    public StoreContext {
        Objects.requireNonNull(storeId, "storeId");
        Objects.requireNonNull(settings, "settings");
        if (!validCatalogId(catalogId)) {
            throw new IllegalArgumentException("invalid catalog id '" + catalogId
                    + "': lower-case letters, digits and '-', 1 to 63 characters, not starting with '-'");
        }
    }

    /**
     * Whether {@code id} is a valid catalog id.
     *
     * @param id a candidate id
     * @return true for lower-case letters, digits and '-', 1 to 63 characters, not starting with '-'
     */
    public static boolean validCatalogId(String id) {
        return id != null && CATALOG_ID.matcher(id).matches();
    }
}
