package dev.imagecatalog.internal;

import dev.imagecatalog.data.ByteRange;
import dev.imagecatalog.data.DownloadOptions;
import dev.imagecatalog.data.ImageData;
import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.error.ForbiddenException;
import dev.imagecatalog.error.ImageCatalogException;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.error.NoImageDataException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.policy.Policy;
import dev.imagecatalog.spi.ImageStore;
import java.io.IOException;
import java.io.InputStream;

/**
 * One caller's download of an image's data, top to bottom: visibility and {@code download_image}, the status checks
 * (a deactivated image only for admins), the byte range, then each location in turn until a store opens it (failover
 * past missing stores, missing objects and store failures), the checksums verified while streaming when asked, and
 * {@code image.send} when the stream is closed.
 */
final class Downloads {
    private final AccessControl access;
    private final ImageStores stores;
    private final EventBus events;

    Downloads(AccessControl access, ImageStores stores, EventBus events) {
        this.access = access;
        this.stores = stores;
        this.events = events;
    }

    ImageData download(String imageId, DownloadOptions options) {
        DownloadOptions opt = options == null ? DownloadOptions.whole() : options;
        AccessControl.Seen seen = access.visible(imageId);
        Image image = seen.image();
        access.authorize(Policy.DOWNLOAD_IMAGE, seen, "download");
        if (image.status() == ImageStatus.DEACTIVATED && !access.caller().isAdmin()) {
            throw new ForbiddenException("image " + imageId + " is deactivated; only an administrator may download it");
        }
        if (image.activeLocations().isEmpty() || image.size() == null
                || (image.status() != ImageStatus.ACTIVE && image.status() != ImageStatus.DEACTIVATED)) {
            throw new NoImageDataException("image " + imageId + " has no data (status " + image.status() + ")");
        }
        if (opt.verify() && opt.range() != null) {
            throw new InvalidInputException("verify applies to whole-image downloads only, not to range "
                    + opt.range());
        }
        long size = image.size();
        ByteRange.Resolved range = opt.range() == null ? new ByteRange.Resolved(0, size, size)
                : opt.range().resolve(size);
        RuntimeException last = null;
        for (StoreLocation loc : stores.readOrder(image.activeLocations())) {
            InputStream in;
            try {
                in = open(imageId, loc, range);
            } catch (ImageCatalogException e) {
                last = e; // the next location may have it
                continue;
            }
            if (opt.verify()) {
                in = new VerifyingInputStream(imageId, in, Digests.create("MD5"),
                        image.osHashAlgo() == null ? null : Digests.create(CatalogConfig.jcaName(image.osHashAlgo())),
                        size, image.checksum(), image.osHashValue());
            }
            if (events.hasListeners()) {
                in = new SendCountingStream(in, image, range.length(), access.caller(), events);
            }
            return new ImageData(imageId, in, range, image.checksum(), image.osHashAlgo(), image.osHashValue());
        }
        throw last;
    }

    /** The range's bytes at one location; every failure is a typed exception saying which store failed how. */
    private InputStream open(String imageId, StoreLocation loc, ByteRange.Resolved range) {
        ImageStore store = stores.get(loc.storeId());
        if (store == null) {
            throw new BackendUnavailableException("image " + imageId + " is in store '" + loc.storeId()
                    + "', which this catalog does not configure");
        }
        try {
            return store.openStream(loc, range.offset(), range.length());
        } catch (NotFoundException e) {
            throw new BackendUnavailableException("the data of image " + imageId + " is missing from store '"
                    + loc.storeId() + "'", e);
        } catch (IOException e) {
            throw new BackendUnavailableException("store '" + loc.storeId() + "' failed to open image " + imageId
                    + ": " + e.getMessage(), e);
        }
    }
}
