package dev.imagecatalog.internal;

import dev.imagecatalog.cache.CacheListing;
import dev.imagecatalog.cache.CacheService;
import dev.imagecatalog.cache.CacheTarget;
import dev.imagecatalog.cache.CleanResult;
import dev.imagecatalog.cache.PruneResult;
import dev.imagecatalog.error.NotFoundException;

/** The cache service of a catalog without an image cache: every call is Glance's 404. */
final class DisabledCacheService implements CacheService {
    static final DisabledCacheService INSTANCE = new DisabledCacheService();

    private DisabledCacheService() {
    }

    private static NotFoundException unsupported() {
        return new NotFoundException("Caching via API is not supported (cache.enabled is false)");
    }

    @Override
    public CacheListing list() {
        throw unsupported();
    }

    @Override
    public void queue(String imageId) {
        throw unsupported();
    }

    @Override
    public void remove(String imageId) {
        throw unsupported();
    }

    @Override
    public int clear(CacheTarget target) {
        throw unsupported();
    }

    @Override
    public PruneResult prune() {
        throw unsupported();
    }

    @Override
    public CleanResult clean() {
        throw unsupported();
    }
}
