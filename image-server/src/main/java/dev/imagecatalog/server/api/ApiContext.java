package dev.imagecatalog.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.metadef.MetadefService;
import dev.imagecatalog.server.http.Exchange;

/** What every resource needs: the catalog it serves and the JSON mapper. One per server. */
public final class ApiContext {
    private final ImageCatalog catalog;
    private final ObjectMapper mapper;

    public ApiContext(ImageCatalog catalog, ObjectMapper mapper) {
        this.catalog = catalog;
        this.mapper = mapper;
    }

    public ImageCatalog catalog() {
        return catalog;
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
