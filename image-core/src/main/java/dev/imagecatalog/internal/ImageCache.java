package dev.imagecatalog.internal;

import dev.imagecatalog.cache.CacheListing;
import dev.imagecatalog.cache.CacheTarget;
import dev.imagecatalog.cache.CachedImage;
import dev.imagecatalog.cache.CleanResult;
import dev.imagecatalog.cache.PruneResult;
import dev.imagecatalog.config.Settings;
import dev.imagecatalog.data.ByteRange;
import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.error.CatalogConfigurationException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.internal.cache.CacheDir;
import dev.imagecatalog.internal.cache.CacheEntry;
import dev.imagecatalog.spi.MetadataRepository;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A catalog's image cache ({@code cache.enabled}): serves downloads from its {@link CacheDir} when the entry equals
 * the image record, fills it with a {@link CacheFill} on a full download of an image held only in remote stores (the
 * download and any other full download arriving before the fill is over, verification included, follow the fill and
 * end once its copy is complete; only a verified, committed entry is a hit), prunes after a fill that crossed
 * {@code cache.max-size}, and runs the prefetch queue on {@code cache.prefetch-workers} daemon threads. Built once per catalog; closing stops
 * the workers, abandons running fills and releases the directory's lock.
 */
final class ImageCache implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ImageCache.class);
    /** How long a download waits for an abandoned fill of its image to stop before reading the store uncached. */
    private static final Duration ABANDONED_STOP = Duration.ofSeconds(5);

    private final CacheDir dir;
    private final ImageStores stores;
    private final MetadataRepository repo;
    private final UploadPipeline pipeline;
    private final ExecutorService fillExecutor;
    private final long maxSize;
    private final Duration stallTime;
    private final ThreadPoolExecutor prefetch;
    private final Map<String, CacheFill> fills = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private ImageCache(CacheDir dir, ImageStores stores, MetadataRepository repo, UploadPipeline pipeline,
                       ExecutorService fillExecutor, long maxSize, Duration stallTime, int workers,
                       String threadPrefix) {
        this.dir = dir;
        this.stores = stores;
        this.repo = repo;
        this.pipeline = pipeline;
        this.fillExecutor = fillExecutor;
        this.maxSize = maxSize;
        this.stallTime = stallTime;
        this.prefetch = WorkerThreads.fixed(workers, threadPrefix + "-cache-prefetch-");
    }

    /**
     * The cache the settings ask for, its queue resumed, or null when {@code cache.enabled} is false.
     *
     * @throws CatalogConfigurationException naming {@code cache.dir} when it is unusable or locked (that it is set
     *                                       when enabled is checked with the settings)
     */
    static ImageCache build(Settings s, String catalogId, ImageStores stores, MetadataRepository repo,
                            UploadPipeline pipeline, ExecutorService fillExecutor, String threadPrefix) {
        if (!s.value(CoreSettings.CACHE_ENABLED)) {
            return null;
        }
        Path path = s.optional(CoreSettings.CACHE_DIR).orElseThrow(); // CoreSettings.check: set when enabled
        ImageCache cache = new ImageCache(CacheDir.open(path, catalogId, Clock.systemUTC()), stores, repo, pipeline,
                fillExecutor, s.value(CoreSettings.CACHE_MAX_SIZE), s.value(CoreSettings.CACHE_STALL_TIME),
                s.value(CoreSettings.CACHE_PREFETCH_WORKERS), threadPrefix);
        for (String id : cache.dir.queued()) {
            cache.prefetch.execute(() -> cache.prefetch(id));
        }
        return cache;
    }

    /**
     * The bytes of a download that passed every access check, from the cache (a hit, or following a fill this
     * download starts or joins), or null when the stores are read directly: the image is not active, a range
     * misses, or the image may not be cached.
     *
     * @param whole whether the whole image is asked for (only then may it fill)
     */
    InputStream open(Image image, ByteRange.Resolved range, boolean whole) {
        if (image.status() != ImageStatus.ACTIVE || closed) {
            return null;
        }
        String id = image.id();
        for (int attempt = 0; attempt < 3; attempt++) {
            CacheEntry e = dir.get(id).orElse(null);
            if (e != null) {
                if (e.matches(image.size(), image.checksum(), image.osHashAlgo(), image.osHashValue())) {
                    InputStream hit = openEntry(id, range);
                    if (hit != null) {
                        dir.hit(id);
                        return hit;
                    }
                    continue;
                }
                LOG.info("image cache: evicting {}: its entry no longer matches the image record", id);
                dir.remove(id);
            }
            if (!whole || !fillable(image)) {
                return null;
            }
            boolean[] mine = new boolean[1];
            CacheFill fill;
            try {
                fill = fills.computeIfAbsent(id, k -> {
                    if (dir.get(k).isPresent()) {
                        return null;
                    }
                    mine[0] = true;
                    return newFill(image);
                });
            } catch (BackendUnavailableException ex) {
                LOG.warn("{}; reading the store without caching", ex.getMessage());
                return null;
            }
            if (fill == null) {
                continue;
            }
            InputStream follower;
            try {
                follower = fill.follow(mine[0], offset -> storeBytes(image, offset)); // before the fill starts
            } catch (IOException ex) {
                LOG.warn("image cache: cannot follow the fill of {}: {}", id, ex.toString());
                if (mine[0]) {
                    fill.abandon("its download could not read the cache file");
                    fill.run();
                }
                return null;
            }
            if (mine[0]) {
                try {
                    fillExecutor.execute(fill);
                } catch (RejectedExecutionException ex) {
                    fill.abandon("the catalog is closing");
                    fill.run();
                    CatalogAssembly.closeQuietly(follower);
                    return null;
                }
            }
            if (follower != null) {
                return follower;
            }
            if (fill.state() == CacheFill.State.ABANDONED) {
                // an abandoned fill stops at its next buffer and removes its file; then this download may fill
                if (awaitStopped(fill)) {
                    continue;
                }
                return null; // still stopping (a stalled store read): read the store
            }
            fills.remove(id, fill); // kept or invalid, its end not yet told: the next attempt sees the outcome
        }
        return null;
    }

    /** Waits a little for an abandoned fill to stop; {@return whether it did} */
    private static boolean awaitStopped(CacheFill fill) {
        try {
            return fill.awaitFinished(ABANDONED_STOP);
        } catch (InterruptedIOException e) {
            return false;
        }
    }

    private CacheFill newFill(Image image) {
        try {
            return new CacheFill(image, dir, stores, pipeline, hashJca(image), new CacheFill.Listener() {
                @Override
                public void committed(CacheFill fill) {
                    if (dir.totalSize() > maxSize) {
                        dir.prune(maxSize, fill.image().id(), ImageCache.this::stale);
                    }
                }

                @Override
                public void ended(CacheFill fill) {
                    // atomic with starting a fill of the same image, whose file has the same name
                    fills.compute(fill.image().id(), (id, current) -> {
                        if (fill.state() == CacheFill.State.ABANDONED && (current == null || current == fill)) {
                            dir.deleteIncomplete(id);
                        }
                        return current == fill ? null : current;
                    });
                }
            });
        } catch (IOException e) {
            throw new BackendUnavailableException("image cache: cannot create the cache file of " + image.id()
                    + ": " + e, e);
        }
    }

    /** A full download may fill: an active image with a checksum, no copy in a local store, small enough. */
    private boolean fillable(Image image) {
        if (image.checksum() == null || image.size() == null || image.size() > maxSize
                || image.activeLocations().isEmpty()) {
            return false;
        }
        for (StoreLocation loc : image.activeLocations()) {
            if (stores.isLocal(loc.storeId())) {
                return false;
            }
        }
        return true;
    }

    private static String hashJca(Image image) {
        return image.osHashAlgo() == null ? "MD5" : CatalogConfig.jcaName(image.osHashAlgo());
    }

    /** The entry's bytes in {@code range}, or null if the entry went away meanwhile. */
    private InputStream openEntry(String id, ByteRange.Resolved range) {
        FileChannel ch;
        try {
            ch = FileChannel.open(dir.imageFile(id), StandardOpenOption.READ);
        } catch (NoSuchFileException gone) {
            return null;
        } catch (IOException e) {
            throw new BackendUnavailableException("image cache: cannot read the cached image " + id + ": " + e, e);
        }
        try {
            ch.position(range.offset());
        } catch (IOException e) {
            CatalogAssembly.closeQuietly(ch);
            throw new BackendUnavailableException("image cache: cannot read the cached image " + id + ": " + e, e);
        }
        return new BoundedStream(Channels.newInputStream(ch), range.length());
    }

    private InputStream storeBytes(Image image, long offset) throws IOException {
        try {
            return FailoverStream.open(image.id(), stores, stores.readOrder(image.activeLocations()), offset,
                    image.size() - offset);
        } catch (BackendUnavailableException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** An entry whose image is gone or no longer matches it; a repository that fails keeps the entry. */
    private boolean stale(CacheEntry e) {
        try {
            Image image = repo.find(e.imageId()).orElse(null);
            return image == null || !e.matches(image.size(), image.checksum(), image.osHashAlgo(),
                    image.osHashValue());
        } catch (RuntimeException ex) {
            LOG.warn("image cache: cannot look up image {}: {}", e.imageId(), ex.toString());
            return false;
        }
    }

    // ------------------------------------------------------------------ prefetch

    /** Queues an active, visible image (checked by the caller) unless it is cached or queued. */
    void queue(Image image) {
        String id = image.id();
        if (dir.get(id).isPresent() || fills.containsKey(id)) {
            return;
        }
        if (dir.enqueue(id)) {
            prefetch.execute(() -> prefetch(id));
        }
    }

    private void prefetch(String id) {
        if (closed || !dir.isQueued(id)) {
            return;
        }
        try {
            Image image = repo.find(id).orElse(null);
            if (image != null && image.status() == ImageStatus.ACTIVE && fillable(image)
                    && dir.get(id).isEmpty()) {
                boolean[] mine = new boolean[1];
                CacheFill fill = fills.computeIfAbsent(id, k -> {
                    mine[0] = dir.get(k).isEmpty();
                    return mine[0] ? newFill(image) : null;
                });
                if (mine[0]) {
                    fill.run();
                } else if (fill != null) {
                    fill.awaitEnd();
                }
            } else {
                LOG.info("image cache: not prefetching {}: it is cached, gone, not active or not cacheable", id);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("image cache: prefetch of image {} failed: {}", id, e.toString());
        }
        if (!closed) {
            dir.dequeue(id);
        }
    }

    // ------------------------------------------------------------------ management

    /** Removes image {@code id}'s entry, fill and queue file at once (the image was deleted). */
    void evict(String id) {
        CacheFill fill = fills.get(id);
        if (fill != null) {
            fill.abandon("the image was deleted");
        }
        dir.remove(id);
        dir.dequeue(id);
    }

    /**
     * A verified download through the cache found image {@code id}'s bytes corrupt: a complete entry is removed;
     * {@return where the bytes came from: the entry, or the stores when the download followed a fill (whose own
     * verification moves the file to invalid/)}
     */
    String discard(String id) {
        if (dir.remove(id)) {
            LOG.error("image cache: the cached bytes of image {} do not match its checksums; removed", id);
            return "the image cache";
        }
        return "its stores (read through the image cache's fill)";
    }

    CacheListing list() {
        return new CacheListing(dir.entries().stream().sorted(Comparator.comparing(CacheEntry::imageId))
                .map(e -> new CachedImage(e.imageId(), e.size(), e.hits(), e.lastAccess(), e.filledAt(),
                        e.checksum())).toList(), dir.queued());
    }

    void remove(String id) {
        CacheFill fill = fills.get(id);
        boolean filling = fill != null && fill.state() == CacheFill.State.RUNNING;
        if (filling) {
            fill.abandon("it was removed from the cache");
        }
        boolean cached = dir.remove(id);
        boolean queued = dir.dequeue(id);
        if (!cached && !queued && !filling) {
            throw new NotFoundException("image " + id + " is neither cached nor queued");
        }
    }

    int clear(CacheTarget target) {
        int n = 0;
        if (target != CacheTarget.QUEUE) {
            fills.values().forEach(f -> f.abandon("the cache was cleared"));
            n += dir.clear();
        }
        if (target != CacheTarget.CACHE) {
            n += dir.clearQueue();
        }
        return n;
    }

    PruneResult prune() {
        return dir.prune(maxSize, null, this::stale);
    }

    CleanResult clean() {
        try {
            return dir.clean(stallTime);
        } catch (UncheckedIOException e) {
            throw new BackendUnavailableException("image cache: cleaning failed: " + e.getMessage(), e);
        }
    }

    /** Stops the prefetch workers, abandons running fills and releases the directory. */
    @Override
    public void close() {
        closed = true;
        prefetch.shutdownNow();
        fills.values().forEach(f -> f.abandon("the catalog is closing"));
        dir.close();
    }
}
