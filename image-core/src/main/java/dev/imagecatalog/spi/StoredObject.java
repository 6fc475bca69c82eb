package dev.imagecatalog.spi;

import dev.imagecatalog.image.StoreLocation;
import java.time.Instant;
import java.util.Objects;

/**
 * One thing a store holds that its catalog wrote (see {@link ImageStore#forEachOwned}): a committed object, or the
 * leftover of a write that never committed (a temporary file, a multipart upload, segments without a manifest).
 *
 * @param imageId      the image the bytes were written for
 * @param committed    true for a committed object, false for a leftover of an incomplete write
 * @param location     where a committed object is (what an image's locations name); for a leftover, a location
 *                     naming the leftover, meaningful only to {@link ImageStore#remove} and in reports
 * @param lastModified when the bytes were last written (the store's or server's clock)
 */
public record StoredObject(String imageId, boolean committed, StoreLocation location, Instant lastModified) {
    /**
     * Checks that the components other than {@code committed} are set.
     *
     * @param imageId      the image the bytes were written for
     * @param committed    true for a committed object, false for a leftover of an incomplete write
     * @param location     where the object is
     * @param lastModified when the bytes were last written
     * @throws NullPointerException if {@code imageId}, {@code location} or {@code lastModified} is null
     */
    public StoredObject {
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(lastModified, "lastModified");
    }
}
