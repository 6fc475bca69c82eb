package dev.imagecatalog.cache;

/**
 * Manages the catalog's local image cache, bound to one caller ({@code ImageCatalog.cache(ctx)}). Every call needs
 * the caller to pass the policy rule Glance names for it ({@code cache_list}, {@code cache_image},
 * {@code cache_delete}; administrators by default), else {@link dev.imagecatalog.error.ForbiddenException}. With the
 * cache disabled ({@code cache.enabled=false}) every call throws {@link dev.imagecatalog.error.NotFoundException}
 * ("Caching via API is not supported"), as Glance answers without an image cache directory.
 *
 * <p>Filling is not done here: a full download of an active image held only in remote stores fills the cache as it
 * streams; {@link #queue(String)} asks for a fill in the background.
 */
public interface CacheService {
    /**
     * The cached images (complete and verified) and the images queued for prefetch ({@code cache_list}).
     *
     * @return the listing, cached images by image id
     */
    CacheListing list();

    /**
     * Queues an active image for prefetch ({@code cache_image}); a bounded background worker fills it. Queuing an
     * image already cached or queued changes nothing.
     *
     * @param imageId the image
     * @throws dev.imagecatalog.error.NotFoundException     if the image does not exist or the caller may not see it
     * @throws dev.imagecatalog.error.InvalidInputException if the image is not active
     */
    void queue(String imageId);

    /**
     * Removes one image from the cache and from the queue ({@code cache_delete}).
     *
     * @param imageId the image
     * @throws dev.imagecatalog.error.NotFoundException if the image is neither cached nor queued
     */
    void remove(String imageId);

    /**
     * Empties the cache, the queue or both ({@code cache_delete}); a fill in progress is abandoned.
     *
     * @param target what to empty
     * @return how many cached files and queued ids were removed
     */
    int clear(CacheTarget target);

    /**
     * Removes cached images, least recently accessed first, until the cache holds at most {@code cache.max-size}
     * ({@code cache_delete}).
     *
     * @return the files and bytes removed
     */
    PruneResult prune();

    /**
     * Removes invalid files (fills that failed their checksums) and incomplete files older than
     * {@code cache.stall-time} ({@code cache_delete}).
     *
     * @return the files and bytes removed
     */
    CleanResult clean();
}
