package dev.imagecatalog.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.metadef.MetadefService;
import dev.imagecatalog.server.http.Exchange;
import java.util.List;
import java.util.Map;

/** What every resource needs: the catalog it serves and the JSON mapper. One per server. */
public final class ApiContext {
    private final ImageCatalog catalog;
    private final ObjectMapper mapper;
    private final LocationDisplay locationDisplay;

    /**
     * The context of a server.
     *
     * @param catalog the catalog served
     * @param mapper  the server's JSON mapper
     */
    public ApiContext(ImageCatalog catalog, ObjectMapper mapper) {
        this.catalog = catalog;
        this.mapper = mapper;
        this.locationDisplay = catalog.showsMultipleLocations() ? LocationDisplay.BOTH : LocationDisplay.HIDDEN;
    }

    /** {@return the catalog served} */
    public ImageCatalog catalog() {
        return catalog;
    }

    /** {@return the server's JSON mapper} */
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

    /**
     * Renders an image for the exchange's caller, with its locations when the catalog shows them.
     *
     * @param ex     the exchange
     * @param images the caller's image service
     * @param image  the image, as the catalog gave it to the caller
     * @return the image's JSON
     */
    Map<String, Object> render(Exchange ex, ImageService images, Image image) {
        List<StoreLocation> locations = locationDisplay.shown() ? LocationJson.shown(images, image.id()) : List.of();
        return ImageJson.render(image, ex.context(), locationDisplay, locations);
    }
}
