package dev.imagecatalog.internal;

import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.spi.MetadataRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one rule for the bytes at a location an image let go of (its record already saved without it): they are
 * deleted, quietly (a failure is logged and the orphan sweep retries), unless they are not the catalog's to remove
 * (a read-only store's) or another image still lists them (one location added to two images). Used by location
 * removal, image deletion and the scrubber.
 */
final class LocationRelease {
    private static final Logger LOG = LoggerFactory.getLogger(LocationRelease.class);

    private final ImageStores stores;
    private final MetadataRepository repo;

    LocationRelease(ImageStores stores, MetadataRepository repo) {
        this.stores = stores;
        this.repo = repo;
    }

    /** Deletes the bytes at {@code loc} unless a read-only store holds them or an image still lists them. */
    void release(StoreLocation loc) {
        if (stores.isReadOnly(loc.storeId())) {
            LOG.debug("{} is no longer an image's location; its read-only store keeps the bytes", loc);
            return;
        }
        try {
            if (repo.isReferenced(loc)) {
                LOG.debug("{} is still another image's location; its bytes are kept", loc);
                return;
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot tell whether {} is still referenced; its bytes are kept for the orphan sweep", loc, e);
            return;
        }
        stores.deleteQuietly(loc);
    }
}
