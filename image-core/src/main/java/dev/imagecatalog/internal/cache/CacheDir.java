package dev.imagecatalog.internal.cache;

import dev.imagecatalog.cache.CleanResult;
import dev.imagecatalog.cache.PruneResult;
import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.error.CatalogConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One catalog's image cache on disk, under {@code <cache.dir>/<catalog id>/}: {@code images/<id>} (complete,
 * verified data) beside {@code images/<id>.meta} (its {@link CacheEntry}, replaced atomically), {@code incomplete/<id>}
 * (being filled), {@code invalid/<id>} (failed verification, kept until {@link #clean}) and {@code queue/<id>}
 * (queued for prefetch). The {@code lock} file is held for the life of this object, so a second catalog cannot
 * open the same directory; holding it, {@link #open} removes every incomplete file (fills of a dead process) and
 * loads the entries, dropping data without a valid sidecar of the same size. Thread-safe.
 */
public final class CacheDir implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CacheDir.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,254}");
    private static final String SIDECAR = ".meta";
    private static final String TEMP = ".tmp";

    private final Path root;
    private final Path images;
    private final Path incomplete;
    private final Path invalid;
    private final Path queue;
    private final Clock clock;
    private final FileChannel lockChannel;
    private final Map<String, CacheEntry> index = new ConcurrentHashMap<>();

    private CacheDir(Path root, Clock clock, FileChannel lockChannel) {
        this.root = root;
        this.images = root.resolve("images");
        this.incomplete = root.resolve("incomplete");
        this.invalid = root.resolve("invalid");
        this.queue = root.resolve("queue");
        this.clock = clock;
        this.lockChannel = lockChannel;
    }

    /**
     * Opens (creating it if needed) the cache of catalog {@code catalogId} under {@code dir} and locks it.
     *
     * @param dir       {@code cache.dir}
     * @param catalogId the catalog id, one directory below it
     * @param clock     the time of hits and fills
     * @return the open cache
     * @throws CatalogConfigurationException naming {@code cache.dir} if it cannot be created or another open catalog
     *                                       holds it
     */
    public static CacheDir open(Path dir, String catalogId, Clock clock) {
        Path root = dir.resolve(catalogId);
        FileChannel ch;
        try {
            for (String sub : List.of("images", "incomplete", "invalid", "queue")) {
                Files.createDirectories(root.resolve(sub));
            }
            ch = FileChannel.open(root.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new CatalogConfigurationException("cache.dir '" + dir + "' cannot be used: " + e, e);
        }
        try {
            FileLock lock = ch.tryLock();
            if (lock == null) {
                throw new OverlappingFileLockException();
            }
        } catch (OverlappingFileLockException | IOException e) {
            close(ch);
            throw new CatalogConfigurationException("cache.dir '" + dir + "' is in use by another open catalog with "
                    + "catalog id " + catalogId + " (its lock file " + root.resolve("lock") + " is held)", e);
        }
        CacheDir d = new CacheDir(root, clock, ch);
        try {
            d.load();
        } catch (IOException | UncheckedIOException e) {
            close(ch);
            throw new CatalogConfigurationException("cache.dir '" + dir + "' cannot be read: " + e, e);
        }
        return d;
    }

    private void load() throws IOException {
        for (Path p : list(incomplete)) {
            LOG.info("image cache: removing {} left by a fill that did not finish", p);
            Files.deleteIfExists(p);
        }
        for (Path p : list(images)) {
            String name = p.getFileName().toString();
            if (name.endsWith(TEMP)) {
                Files.deleteIfExists(p);
            } else if (name.endsWith(SIDECAR)) {
                if (!Files.exists(images.resolve(name.substring(0, name.length() - SIDECAR.length())))) {
                    Files.deleteIfExists(p);
                }
            } else {
                CacheEntry e = readSidecar(name);
                if (e == null || !e.imageId().equals(name) || e.size() != Files.size(p)) {
                    LOG.warn("image cache: removing {}: no valid sidecar of its size", p);
                    Files.deleteIfExists(p);
                    Files.deleteIfExists(sidecar(name));
                } else {
                    index.put(name, e);
                }
            }
        }
    }

    private CacheEntry readSidecar(String id) {
        try (InputStream in = Files.newInputStream(sidecar(id))) {
            return CacheEntry.read(in);
        } catch (IOException e) {
            return null;
        }
    }

    /** {@return the directory of this catalog's cache} */
    public Path root() {
        return root;
    }

    /** {@return the file a fill of image {@code id} writes} */
    public Path incompleteFile(String id) {
        return incomplete.resolve(checkId(id));
    }

    /** {@return the complete data file of image {@code id} (exists only while it is cached)} */
    public Path imageFile(String id) {
        return images.resolve(checkId(id));
    }

    /** {@return the cached entry of image {@code id}, if any} */
    public Optional<CacheEntry> get(String id) {
        return Optional.ofNullable(index.get(id));
    }

    /** {@return every cached entry, a commit under way included once its file is renamed} */
    public synchronized List<CacheEntry> entries() {
        return List.copyOf(index.values());
    }

    /** {@return the bytes of every cached entry} */
    public long totalSize() {
        return index.values().stream().mapToLong(CacheEntry::size).sum();
    }

    /**
     * Counts a download served from the entry of image {@code id}: one more hit, last accessed now.
     *
     * @param id the image
     */
    public synchronized void hit(String id) {
        CacheEntry e = index.get(id);
        if (e != null) {
            CacheEntry next = e.hit(clock.instant());
            try {
                writeSidecar(next, false);
                index.put(id, next);
            } catch (IOException ex) {
                LOG.warn("image cache: cannot record a hit of {}: {}", id, ex.toString());
            }
        }
    }

    /**
     * Keeps the filled, fsync'ed {@code incomplete/<id>} as the complete entry: moved into {@code images/} and its
     * sidecar written, then listed.
     *
     * @param imageId     the image
     * @param size        its size
     * @param checksum    its MD5
     * @param osHashAlgo  its os_hash algorithm or null
     * @param osHashValue its os_hash or null
     * @return the entry
     * @throws UncheckedIOException if the file cannot be moved or the sidecar written (the file is then removed)
     */
    public synchronized CacheEntry commit(String imageId, long size, String checksum, String osHashAlgo,
                                          String osHashValue) {
        Instant now = clock.instant();
        CacheEntry e = new CacheEntry(imageId, size, checksum, osHashAlgo, osHashValue, 0, now, now);
        try {
            Files.move(incompleteFile(imageId), imageFile(imageId), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            writeSidecar(e, true);
        } catch (IOException ex) {
            deleteQuietly(imageFile(imageId));
            deleteQuietly(incompleteFile(imageId));
            throw new UncheckedIOException("image cache: cannot keep the fill of " + imageId, ex);
        }
        index.put(imageId, e);
        return e;
    }

    private void writeSidecar(CacheEntry e, boolean sync) throws IOException {
        Path tmp = images.resolve(e.imageId() + SIDECAR + TEMP);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING); OutputStream out = Channels.newOutputStream(ch)) {
            e.write(out);
            out.flush();
            if (sync) {
                ch.force(true);
            }
        }
        Files.move(tmp, sidecar(e.imageId()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Moves {@code incomplete/<id>} to {@code invalid/<id>}: it failed verification and is never served. */
    public void invalidate(String id) {
        try {
            Files.move(incompleteFile(id), invalid.resolve(checkId(id)), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn("image cache: cannot move the invalid fill of {} aside: {}", id, e.toString());
            deleteQuietly(incompleteFile(id));
        }
    }

    /** Removes {@code incomplete/<id>} (an abandoned fill). */
    public void deleteIncomplete(String id) {
        deleteQuietly(incompleteFile(id));
    }

    /** {@return whether image {@code id} had a complete entry, now removed} */
    public synchronized boolean remove(String id) {
        CacheEntry e = index.remove(id);
        deleteQuietly(sidecar(id));
        deleteQuietly(imageFile(id));
        return e != null;
    }

    /** {@return how many complete entries were removed: all of them} */
    public synchronized int clear() {
        int n = 0;
        for (String id : List.copyOf(index.keySet())) {
            n += remove(id) ? 1 : 0;
        }
        return n;
    }

    /**
     * Removes the {@code stale} entries, then the least recently accessed ones until at most {@code maxSize} bytes
     * are cached; {@code keep} (the entry just filled, or null) goes last, only if it alone is over.
     *
     * @param maxSize {@code cache.max-size}
     * @param keep    an image id to remove only when nothing else is left, or null
     * @param stale   entries whose image is gone or changed
     * @return what was removed
     */
    public synchronized PruneResult prune(long maxSize, String keep, Predicate<CacheEntry> stale) {
        int files = 0;
        long bytes = 0;
        List<CacheEntry> order = new ArrayList<>(index.values());
        Map<String, Boolean> gone = new HashMap<>();
        for (CacheEntry e : order) {
            gone.put(e.imageId(), stale.test(e));
        }
        order.sort(Comparator.comparing((CacheEntry e) -> e.imageId().equals(keep))
                .thenComparing(e -> !gone.get(e.imageId())).thenComparing(CacheEntry::lastAccess)
                .thenComparing(CacheEntry::imageId));
        long total = totalSize();
        for (CacheEntry e : order) {
            if (total <= maxSize && !gone.get(e.imageId())) {
                continue;
            }
            if (remove(e.imageId())) {
                files++;
                bytes += e.size();
                total -= e.size();
                LOG.info("image cache: pruned {} ({} bytes, last accessed {}{})", e.imageId(), e.size(),
                        e.lastAccess(), gone.get(e.imageId()) ? ", its image gone or changed" : "");
            }
        }
        return new PruneResult(files, bytes);
    }

    /**
     * Removes every invalid file and every incomplete file not written to for {@code stallTime}.
     *
     * @param stallTime {@code cache.stall-time}
     * @return what was removed
     */
    public CleanResult clean(Duration stallTime) {
        int files = 0;
        long bytes = 0;
        Instant before = clock.instant().minus(stallTime);
        try {
            List<Path> doomed = list(invalid);
            for (Path p : list(incomplete)) {
                try {
                    if (Files.getLastModifiedTime(p).toInstant().isBefore(before)) {
                        doomed.add(p);
                    }
                } catch (NoSuchFileException gone) {
                    // finished or abandoned meanwhile
                }
            }
            for (Path p : doomed) {
                long size = sizeOrZero(p);
                if (Files.deleteIfExists(p)) {
                    files++;
                    bytes += size;
                }
            }
        } catch (IOException e) {
            throw new BackendUnavailableException("image cache: cleaning " + root + " failed: " + e, e);
        }
        return new CleanResult(files, bytes);
    }

    /** {@return the ids queued for prefetch, oldest first} */
    public List<String> queued() {
        List<Path> files = list(queue);
        files.sort(Comparator.comparing(CacheDir::modified).thenComparing(Path::getFileName));
        return files.stream().map(p -> p.getFileName().toString()).filter(n -> ID.matcher(n).matches()).toList();
    }

    /** {@return whether image {@code id} was queued now (false: it already was)} */
    public boolean enqueue(String id) {
        try {
            Files.createFile(queue.resolve(checkId(id)));
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new BackendUnavailableException("image cache: cannot queue " + id + ": " + e, e);
        }
    }

    /** {@return whether image {@code id} is queued for prefetch} */
    public boolean isQueued(String id) {
        return Files.exists(queue.resolve(checkId(id)));
    }

    /** {@return whether image {@code id} was queued and no longer is} */
    public boolean dequeue(String id) {
        try {
            return Files.deleteIfExists(queue.resolve(checkId(id)));
        } catch (IOException e) {
            throw new BackendUnavailableException("image cache: cannot unqueue " + id + ": " + e, e);
        }
    }

    /** {@return how many queued ids were removed: all of them} */
    public int clearQueue() {
        int n = 0;
        for (String id : names(queue)) {
            n += dequeue(id) ? 1 : 0;
        }
        return n;
    }

    /** Releases the lock. */
    @Override
    public void close() {
        close(lockChannel);
    }

    private Path sidecar(String id) {
        return images.resolve(checkId(id) + SIDECAR);
    }

    private static String checkId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not an image id: " + id);
        }
        return id;
    }

    private static List<String> names(Path dir) {
        return list(dir).stream().map(p -> p.getFileName().toString()).filter(n -> ID.matcher(n).matches())
                .sorted().toList();
    }

    private static List<Path> list(Path dir) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            s.forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static Instant modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }

    private static long sizeOrZero(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("image cache: cannot remove {}: {}", p, e.toString());
        }
    }

    private static void close(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            LOG.debug("closing the cache lock failed", e);
        }
    }
}
