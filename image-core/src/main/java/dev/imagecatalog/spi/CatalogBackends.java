package dev.imagecatalog.spi;

import java.util.Map;
import java.util.Objects;

/**
 * The raw back-ends of one catalog: its stores and its metadata repository, as the plug-ins built them. Whatever
 * goes through them bypasses every rule the catalog keeps: visibility, policy, property protections, quotas,
 * limits, the status machine, checksums and events. For tools, tests and migrations that must see or repair what
 * the back-ends hold; an application uses {@code ImageCatalog.images(ctx)}. The catalog owns and closes them: do not
 * close them, nor use them after the catalog is closed.
 *
 * @param stores             the configured stores by id, in configuration order (unmodifiable)
 * @param metadataRepository the metadata repository
 */
public record CatalogBackends(Map<String, ImageStore> stores, MetadataRepository metadataRepository) {
    /**
     * Keeps an unmodifiable copy of {@code stores}, in its iteration order.
     *
     * @param stores             the configured stores by id
     * @param metadataRepository the metadata repository, not null
     */
    public CatalogBackends {
        stores = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(stores));
        Objects.requireNonNull(metadataRepository, "metadataRepository");
    }
}
