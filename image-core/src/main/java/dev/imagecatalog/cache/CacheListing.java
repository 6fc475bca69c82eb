package dev.imagecatalog.cache;

import java.util.List;

/**
 * What the cache holds: its complete images and the ids queued for prefetch.
 *
 * @param cached the cached images, by image id
 * @param queued the queued image ids, oldest first
 */
public record CacheListing(List<CachedImage> cached, List<String> queued) {
    /**
     * Copies the lists.
     *
     * @param cached the cached images, by image id
     * @param queued the queued image ids, oldest first
     */
    public CacheListing {
        cached = List.copyOf(cached);
        queued = List.copyOf(queued);
    }
}
