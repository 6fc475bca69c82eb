package dev.imagecatalog.cache;

import java.time.Instant;
import java.util.Objects;

/**
 * One complete, verified image in the cache, as Glance's {@code GET /v2/cache} lists it.
 *
 * @param imageId      the image
 * @param size         the cached file's size in bytes
 * @param hits         how many downloads it has served
 * @param lastAccessed when it last served a download (when it was filled if never)
 * @param lastModified when it was filled
 * @param checksum     the image's MD5 the file was verified against
 */
public record CachedImage(String imageId, long size, long hits, Instant lastAccessed, Instant lastModified,
                          String checksum) {
    /**
     * Checks the fields.
     *
     * @param imageId the image
     * @param size the cached file's size in bytes
     * @param hits how many downloads it has served
     * @param lastAccessed when it last served a download (when it was filled if never)
     * @param lastModified when it was filled
     * @param checksum the image's MD5 the file was verified against
     */
    public CachedImage {
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(lastAccessed, "lastAccessed");
        Objects.requireNonNull(lastModified, "lastModified");
        if (size < 0 || hits < 0) {
            throw new IllegalArgumentException("size and hits must not be negative");
        }
    }
}
