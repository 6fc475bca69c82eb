package dev.imagecatalog.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.metadef.MetadefService;
import dev.imagecatalog.server.http.Exchange;
import java.util.Map;

/**
 * What every resource needs: the catalog it serves, the settings it was built from (empty when the server was given
 * a catalog) and the JSON mapper. One per server.
 */
public final class ApiContext {
    private final ImageCatalog catalog;
    private final Map<String, String> catalogSettings;
    private final ObjectMapper mapper;

    public ApiContext(ImageCatalog catalog, ObjectMapper mapper) {
        this(catalog, Map.of(), mapper);
    }

    /**
     * @param catalog         the catalog served
     * @param catalogSettings the settings the catalog was built from (read for what the catalog does not expose:
     *                        its formats and default store), or empty
     * @param mapper          the JSON mapper
     */
    public ApiContext(ImageCatalog catalog, Map<String, String> catalogSettings, ObjectMapper mapper) {
        this.catalog = catalog;
        this.catalogSettings = Map.copyOf(catalogSettings);
        this.mapper = mapper;
    }

    public ImageCatalog catalog() {
        return catalog;
    }

    /** {@return the settings the catalog was built from; empty when the server was given a built catalog} */
    public Map<String, String> catalogSettings() {
        return catalogSettings;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** {@return the image service bound to the exchange's caller} */
    public ImageService images(Exchange ex) {
        return catalog.images(ex.context());
    }

    /** {@return the metadef service bound to the exchange's caller} */
    public MetadefService metadefs(Exchange ex) {
        return catalog.metadefs(ex.context());
    }
}
