package dev.imagecatalog.internal;

import dev.imagecatalog.cache.CacheListing;
import dev.imagecatalog.cache.CacheService;
import dev.imagecatalog.cache.CacheTarget;
import dev.imagecatalog.cache.CleanResult;
import dev.imagecatalog.cache.PruneResult;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.policy.Policy;
import dev.imagecatalog.policy.RequestContext;
import java.util.Objects;

/**
 * One caller's management of the catalog's {@link ImageCache}: each call checks its policy rule
 * ({@code cache_list}, {@code cache_image}, {@code cache_delete}) on the caller's project first; queuing then needs
 * an image the caller sees (else not found) that is active (else invalid input).
 */
final class DefaultCacheService implements CacheService {
    private final AccessControl access;
    private final Policy policy;
    private final ImageCache cache;

    DefaultCacheService(AccessControl access, Policy policy, ImageCache cache) {
        this.access = access;
        this.policy = policy;
        this.cache = cache;
    }

    @Override
    public CacheListing list() {
        authorize(Policy.CACHE_LIST, "list the image cache");
        return cache.list();
    }

    @Override
    public void queue(String imageId) {
        authorize(Policy.CACHE_IMAGE, "queue image " + imageId + " for caching");
        Image image = access.visible(imageId).image();
        if (image.status() != ImageStatus.ACTIVE) {
            throw new InvalidInputException("only active images can be cached; image " + imageId + " is "
                    + image.status().wireName());
        }
        cache.queue(image);
    }

    @Override
    public void remove(String imageId) {
        authorize(Policy.CACHE_DELETE, "remove image " + imageId + " from the image cache");
        cache.remove(imageId);
    }

    @Override
    public int clear(CacheTarget target) {
        Objects.requireNonNull(target, "target");
        authorize(Policy.CACHE_DELETE, "clear the image cache");
        return cache.clear(target);
    }

    @Override
    public PruneResult prune() {
        authorize(Policy.CACHE_DELETE, "prune the image cache");
        return cache.prune();
    }

    @Override
    public CleanResult clean() {
        authorize(Policy.CACHE_DELETE, "clean the image cache");
        return cache.clean();
    }

    private void authorize(String rule, String what) {
        RequestContext ctx = access.caller();
        policy.enforce(rule, ctx, AccessControl.callerTarget(ctx), what);
    }
}
