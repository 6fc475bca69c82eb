package dev.imagecatalog.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.cache.CachedImage;
import dev.imagecatalog.policy.RequestContext;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/**
 * The isolation matrix with the image cache on, so that every download of the matrix is one that the cache could
 * serve: before the caller acts, an administrator's full download fills the cache with the case's image (while it is
 * still active); then the caller's download must give the outcome Glance's table says, and the entry's hits show
 * whether the cache served it: one more hit than after the fill exactly when the download was allowed and the image active, none for a
 * refused download and none for a deactivated image (read from the store even by an administrator). Metadata in
 * memory; a module gives the store, which must not be local.
 */
public abstract class CachedImageIsolationContract extends ImageIsolationContract {
    private static final RequestContext CACHE_ADMIN = RequestContext.admin("iso-cache-ops", "root");

    @TempDir
    static Path cacheDirs;

    private final AtomicInteger catalogs = new AtomicInteger();
    private final Map<String, Long> hitsBefore = new java.util.concurrent.ConcurrentHashMap<>();

    /** The catalog settings of the store(s) under test ({@code stores}, {@code store.<id>.*}), not local. */
    protected abstract Map<String, String> storeSettings() throws Exception;

    @Override
    protected ImageCatalog createCatalog(Map<String, String> settings) throws Exception {
        Map<String, String> s = new LinkedHashMap<>(storeSettings());
        s.put("metadata.type", "memory");
        s.put("cache.enabled", "true");
        s.put("cache.dir", cacheDirs.resolve("cache-" + catalogs.incrementAndGet()).toString());
        s.putAll(settings);
        return ImageCatalog.builder().settings(s).build();
    }

    private static boolean isDownload(Op op) {
        return op == Op.DOWNLOAD || op == Op.DOWNLOAD_DEACTIVATED;
    }

    @Override
    protected void prepared(ImageCatalog catalog, Op op, String imageId) throws Exception {
        if (!isDownload(op)) {
            return;
        }
        try (var d = catalog.images(CACHE_ADMIN).download(imageId); var in = d.stream()) {
            in.readAllBytes();
        }
        CacheTestSupport.await("image " + imageId + " cached", () -> hits(catalog, imageId) >= 0);
        hitsBefore.put(imageId, hits(catalog, imageId));
    }

    @Override
    protected void acted(ImageCatalog catalog, Op op, Caller caller, String imageId, String outcome) {
        if (!isDownload(op)) {
            return;
        }
        long before = hitsBefore.remove(imageId);
        long expected = before + (op == Op.DOWNLOAD && outcome.equals("O") ? 1 : 0);
        assertThat(hits(catalog, imageId)).as("hits after %s by %s (%s), %d before", op, caller, outcome, before)
                .isIn(expected, op == Op.DOWNLOAD_DEACTIVATED ? -1L : expected);
    }

    /** The entry's hits, or -1 when the image is not cached. */
    private static long hits(ImageCatalog catalog, String imageId) {
        return catalog.cache(CACHE_ADMIN).list().cached().stream().filter(i -> i.imageId().equals(imageId))
                .mapToLong(CachedImage::hits).findFirst().orElse(-1);
    }
}
