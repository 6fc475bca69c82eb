package dev.imagecatalog.internal;

import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageLocation;
import dev.imagecatalog.image.LocationValidation;
import java.util.List;

/**
 * One caller's reads and changes of an image's locations (Glance's locations API): listing them in read order,
 * adding a location that already holds the image's bytes (checked against the store and the validation data), and
 * removing one that is not the last, each under Glance's location rules and statuses.
 */
final class ImageLocations {
    private final AccessControl access;
    private final ImageChanges changes;
    private final ImageStores stores;
    private final CatalogConfig config;
    private final EventBus events;

    ImageLocations(AccessControl access, ImageChanges changes, ImageStores stores, CatalogConfig config,
                   EventBus events) {
        this.access = access;
        this.changes = changes;
        this.stores = stores;
        this.config = config;
        this.events = events;
    }

    List<ImageLocation> list(String imageId) {
        throw new UnsupportedOperationException("locations");
    }

    Image add(String imageId, String url, LocationValidation validation) {
        throw new UnsupportedOperationException("addLocation");
    }

    Image remove(String imageId, String url) {
        throw new UnsupportedOperationException("removeLocation");
    }
}
