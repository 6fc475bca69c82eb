package dev.imagecatalog.server.api;

import dev.imagecatalog.cache.CacheListing;
import dev.imagecatalog.cache.CacheService;
import dev.imagecatalog.cache.CacheTarget;
import dev.imagecatalog.cache.CachedImage;
import dev.imagecatalog.cache.PruneResult;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.server.http.Exchange;
import dev.imagecatalog.server.http.HttpError;
import dev.imagecatalog.server.http.Router;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The image cache's management calls, as Glance's {@code cached_images.py} (API 2.14 to 2.18):
 * {@code GET /v2/cache} (200, the cached and the queued images), {@code PUT /v2/cache/{image_id}} (202, queued for
 * prefetch), {@code DELETE /v2/cache/{image_id}} (204, out of the cache and the queue), {@code DELETE /v2/cache}
 * (204, what {@code x-image-cache-clear-target} names: {@code cache}, {@code queue}, or both when empty or absent;
 * any other value 400), {@code POST /v2/cache/clean} (200, no body), {@code POST /v2/cache/prune} (200,
 * {@code total_files_pruned} and {@code total_bytes_pruned}) and {@code GET /v2/cache/nodes/{image_id}} (409: the
 * cache is this process's own, not Glance's {@code centralized_db}). Every call goes through the caller's
 * {@link CacheService}: its policy rules (administrators by default) and, with the cache disabled, its 404
 * "Caching via API is not supported".
 */
final class CacheResource {
    /** Glance's request header naming what {@code DELETE /v2/cache} empties. */
    static final String CLEAR_TARGET = "x-image-cache-clear-target";

    private final ApiContext context;

    private CacheResource(ApiContext context) {
        this.context = context;
    }

    static void register(Router router, ApiContext context) {
        CacheResource r = new CacheResource(context);
        router.add("GET", "/v2/cache", r::list);
        router.add("DELETE", "/v2/cache", r::clear);
        router.add("PUT", "/v2/cache/{image_id}", r::queue);
        router.add("DELETE", "/v2/cache/{image_id}", r::remove);
        router.add("POST", "/v2/cache/clean", r::clean);
        router.add("POST", "/v2/cache/prune", r::prune);
        router.add("GET", "/v2/cache/nodes/{image_id}", r::nodes);
    }

    private CacheService cache(Exchange ex) {
        return context.catalog().cache(ex.context());
    }

    private void list(Exchange ex) throws IOException {
        CacheListing listing = cache(ex).list();
        List<Map<String, Object>> cached = new ArrayList<>(listing.cached().size());
        for (CachedImage image : listing.cached()) {
            cached.add(render(image));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("cached_images", cached);
        body.put("queued_images", listing.queued());
        ex.json(200, body);
    }

    /**
     * One cached image in the keys Glance's drivers list (the database row {@code id} of its {@code centralized_db}
     * driver has no counterpart and is left out, as its {@code sqlite} driver does), times as epoch seconds.
     */
    static Map<String, Object> render(CachedImage image) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("image_id", image.imageId());
        entry.put("last_accessed", epochSeconds(image.lastAccessed()));
        entry.put("last_modified", epochSeconds(image.lastModified()));
        entry.put("size", image.size());
        entry.put("hits", image.hits());
        entry.put("checksum", image.checksum());
        return entry;
    }

    static double epochSeconds(Instant t) {
        return t.getEpochSecond() + t.getNano() / 1e9;
    }

    private void queue(Exchange ex) throws IOException {
        cache(ex).queue(ex.param("image_id"));
        ex.status(202);
    }

    /**
     * Glance answers 404 only when the image is neither visible to the caller nor cached nor queued: removing an
     * image the caller sees that the cache does not hold is a 204 that changes nothing.
     */
    private void remove(Exchange ex) throws IOException {
        String id = ex.param("image_id");
        try {
            cache(ex).remove(id);
        } catch (NotFoundException e) {
            if (!context.catalog().cacheEnabled()) {
                throw e;
            }
            try {
                context.images(ex).get(id);
            } catch (NotFoundException hidden) {
                throw new NotFoundException("Image " + id + " not found.");
            }
        }
        ex.status(204);
    }

    private void clear(Exchange ex) throws IOException {
        String header = ex.header(CLEAR_TARGET);
        CacheTarget target = switch (header == null ? "" : header.toLowerCase(Locale.ROOT)) {
            case "" -> CacheTarget.BOTH;
            case "cache" -> CacheTarget.CACHE;
            case "queue" -> CacheTarget.QUEUE;
            default -> null;
        };
        if (target == null) {
            if (!context.catalog().cacheEnabled()) {
                cache(ex).list();   // the disabled cache's 404, as Glance checks it first
            }
            throw HttpError.badRequest(
                    "If provided 'x-image-cache-clear-target' must be 'cache', 'queue' or empty string.");
        }
        cache(ex).clear(target);
        ex.status(204);
    }

    private void clean(Exchange ex) throws IOException {
        cache(ex).clean();
        ex.status(200);
    }

    private void prune(Exchange ex) throws IOException {
        PruneResult pruned = cache(ex).prune();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total_files_pruned", pruned.filesPruned());
        body.put("total_bytes_pruned", pruned.bytesPruned());
        ex.json(200, body);
    }

    /** Glance lists the nodes holding an image only with its {@code centralized_db} driver, else 409. */
    private void nodes(Exchange ex) throws IOException {
        cache(ex).list();
        throw new HttpError(409, "Centralized caching is not enabled");
    }
}
