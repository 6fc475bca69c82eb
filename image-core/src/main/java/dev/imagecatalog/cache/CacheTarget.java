package dev.imagecatalog.cache;

/** What {@link CacheService#clear(CacheTarget)} empties (Glance's {@code x-image-cache-clear-target}). */
public enum CacheTarget {
    /** The cached images. */
    CACHE,
    /** The prefetch queue. */
    QUEUE,
    /** Both (Glance's empty header value). */
    BOTH
}
