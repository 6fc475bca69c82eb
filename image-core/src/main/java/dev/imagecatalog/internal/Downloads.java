package dev.imagecatalog.internal;

import dev.imagecatalog.data.ByteRange;
import dev.imagecatalog.data.DownloadOptions;
import dev.imagecatalog.data.ImageData;
import dev.imagecatalog.error.ForbiddenException;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.error.NoImageDataException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.policy.Policy;
import java.io.InputStream;

/**
 * One caller's download of an image's data, top to bottom: visibility and {@code download_image}, the status checks
 * (a deactivated image only for admins), the byte range, then the active locations in {@linkplain
 * ImageStores#readOrder read order} behind one {@link FailoverStream} (a store that fails at open or while
 * streaming is replaced by the next copy at the first byte not yet delivered), the checksums verified while
 * streaming when asked (over every byte delivered, whichever store it came from), and {@code image.send} once, when
 * the stream is closed, with the bytes delivered. With an {@link ImageCache}, the bytes of an active image come from
 * it when it holds them (or a whole download fills it) after the same checks, with the same verification and event.
 */
final class Downloads {
    private final AccessControl access;
    private final ImageStores stores;
    private final EventBus events;
    /** Null without an image cache. */
    private final ImageCache cache;

    Downloads(AccessControl access, ImageStores stores, EventBus events, ImageCache cache) {
        this.access = access;
        this.stores = stores;
        this.events = events;
        this.cache = cache;
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
        InputStream cached = cache == null ? null : cache.open(image, range, opt.range() == null);
        FailoverStream bytes = cached != null ? null : FailoverStream.open(imageId, stores,
                stores.readOrder(image.activeLocations()), range.offset(), range.length());
        InputStream in = cached != null ? cached : bytes;
        if (opt.verify()) {
            in = new VerifyingInputStream(imageId, in, Digests.create("MD5"),
                    image.osHashAlgo() == null ? null : Digests.create(CatalogConfig.jcaName(image.osHashAlgo())),
                    size, image.checksum(), image.osHashValue(),
                    bytes != null ? bytes::blameCorruption : () -> cache.discard(imageId));
        }
        if (events.hasListeners()) {
            in = new SendCountingStream(in, image, range.length(), access.caller(), events);
        }
        return new ImageData(imageId, in, range, image.checksum(), image.osHashAlgo(), image.osHashValue());
    }
}
