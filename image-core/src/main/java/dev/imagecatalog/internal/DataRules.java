package dev.imagecatalog.internal;

import dev.imagecatalog.data.UploadOptions;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.error.TooLargeException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.internal.cas.CompareAndSet;
import dev.imagecatalog.spi.MetadataRepository;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules every way of giving an image its data shares (upload, stage, import): what the caller declared checked
 * before and after the bytes, and the return to {@code queued} of an image whose data failed (Glance's
 * {@code _restore}).
 */
final class DataRules {
    private static final Logger LOG = LoggerFactory.getLogger(DataRules.class);

    private DataRules() {
    }

    /** The declared size against the size cap, before any byte is read. */
    static void checkDeclaredSize(String imageId, UploadOptions opt, long cap) {
        if (opt.declaredSize() < -1) {
            throw new InvalidInputException("invalid declared size " + opt.declaredSize());
        }
        if (opt.declaredSize() > cap) {
            throw new TooLargeException("the incoming image " + imageId + " is too large: its declared size "
                    + opt.declaredSize() + " exceeds the size cap of " + cap + " bytes");
        }
    }

    /** What was read against the declared size, md5 and {@code hashAlgo} value. */
    static void checkDeclared(String imageId, UploadOptions opt, UploadPipeline.Result r, String hashAlgo) {
        if (opt.declaredSize() >= 0 && r.size() != opt.declaredSize()) {
            throw new InvalidInputException("size mismatch for image " + imageId + ": received " + r.size()
                    + " bytes, declared " + opt.declaredSize());
        }
        if (opt.declaredChecksum() != null && !opt.declaredChecksum().equalsIgnoreCase(r.md5())) {
            throw new InvalidInputException("checksum mismatch for image " + imageId + ": the data's md5 is "
                    + r.md5() + ", declared " + opt.declaredChecksum());
        }
        if (opt.declaredOsHashValue() != null && !opt.declaredOsHashValue().equalsIgnoreCase(r.hash())) {
            throw new InvalidInputException("os_hash_value mismatch for image " + imageId + ": the data's "
                    + hashAlgo + " is " + r.hash() + ", declared " + opt.declaredOsHashValue());
        }
    }

    /** The builder change of an image whose data failed: queued, the data fields (and locations) cleared. */
    static Image.Builder queued(Image.Builder b) {
        return b.status(ImageStatus.QUEUED).clearData();
    }

    /** {@link #restoreQueued(MetadataRepository, String, ImageStatus, UnaryOperator)} changing nothing else. */
    static void restoreQueued(MetadataRepository repo, String imageId, ImageStatus from) {
        restoreQueued(repo, imageId, from, UnaryOperator.identity());
    }

    /**
     * An image whose data failed: {@code from} -> queued with the data fields cleared, and {@code also} applied to
     * the builder, by compare-and-set; an image no longer in {@code from} is left alone. Never throws: an image it
     * cannot return is logged for start-up recovery.
     */
    static void restoreQueued(MetadataRepository repo, String imageId, ImageStatus from,
                              UnaryOperator<Image.Builder> also) {
        try {
            Optional<Boolean> done = CompareAndSet.retry(() -> {
                Image current = repo.find(imageId).orElse(null);
                if (current == null || current.status() != from) {
                    return true;
                }
                repo.update(also.apply(queued(current.toBuilder()).updatedAt(ImageRules.now())).build());
                return true;
            });
            if (done.isEmpty()) {
                LOG.error("could not return image {} to queued; start-up recovery will", imageId);
            }
        } catch (RuntimeException e) {
            LOG.error("could not return image {} to queued; start-up recovery will", imageId, e);
        }
    }
}
