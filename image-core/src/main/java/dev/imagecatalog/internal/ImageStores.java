package dev.imagecatalog.internal;

import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.spi.ImageStore;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The configured stores by id: where uploads go, where a location's bytes are, and removing bytes quietly. */
final class ImageStores {
    private static final Logger LOG = LoggerFactory.getLogger(ImageStores.class);

    private final Map<String, ImageStore> byId;
    private final ImageStore defaultStore;
    private final String defaultId;

    /** {@code byId} in configuration order; {@code defaultId} one of its keys. */
    ImageStores(Map<String, ImageStore> byId, String defaultId) {
        this.byId = Collections.unmodifiableMap(byId);
        this.defaultStore = byId.get(defaultId);
        this.defaultId = defaultId;
    }

    /** The id of the store uploads go to when they name none. */
    String defaultId() {
        return defaultId;
    }

    /** Every store by id, in configuration order (unmodifiable). */
    Map<String, ImageStore> all() {
        return byId;
    }

    /** The store with this id, or null if the catalog does not configure it. */
    ImageStore get(String id) {
        return byId.get(id);
    }

    /** The store an upload asks for ({@code null}: the default); an unknown id is invalid input. */
    ImageStore forUpload(String id) {
        if (id == null) {
            return defaultStore;
        }
        ImageStore s = byId.get(id);
        if (s == null) {
            throw new InvalidInputException("unknown store '" + id + "': configured stores are " + byId.keySet());
        }
        return s;
    }

    /** Deletes the bytes at {@code loc}; failures are logged (the orphan sweep gets another chance). */
    void deleteQuietly(StoreLocation loc) {
        ImageStore s = byId.get(loc.storeId());
        if (s == null) {
            LOG.warn("cannot delete {}: store '{}' is not configured", loc, loc.storeId());
            return;
        }
        try {
            s.delete(loc);
        } catch (IOException | RuntimeException e) {
            LOG.warn("deleting {} failed; the orphan sweep will retry", loc, e);
        }
    }
}
