package dev.imagecatalog.store.filesystem;

import java.util.Map;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.error.StorageFullException;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageWriter;
import dev.imagecatalog.spi.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Image bytes as files under a data directory (type {@code filesystem}), in the folder of the owning catalog:
 * {@code <datadir>/<catalog id>/<first two characters of the id>/<id>} (see {@link FilesystemLayout}). Image ids
 * must be lower-case UUIDs, so no id can name a path outside the layout.
 *
 * <p>A write goes to {@code <datadir>/.incoming/<catalog id>/<id>.<random>.part}, is forced to disk, moved into place
 * with one atomic {@code rename(2)} (which replaces an earlier object of the same id atomically: a reader of the old
 * object keeps reading the old bytes), and the directory holding it is forced so the new name survives a crash. A
 * crash before the rename leaves only a {@code .part} file, which {@link #forEachOwned} lists as a leftover; the
 * store removes nothing on its own (the catalog's recovery decides, through {@link #remove}).
 *
 * <p>With {@code fsync} on, a writer also starts a write-back ({@code fdatasync}) on a flusher thread every
 * {@code fsync.interval} bytes, so the disk works while the upload streams (and while core computes digests) rather
 * than only in the commit's final fsync; at most one write-back per writer runs at a time and the writer never waits
 * for it until commit.
 */
final class FilesystemImageStore implements ImageStore {
    static final String SCHEME = "filesystem";
    static final String INCOMING = FilesystemLayout.INCOMING;
    static final String PART_SUFFIX = FilesystemLayout.PART_SUFFIX;
    /** An I/O failure while the filesystem has less than this usable counts as a full disk. */
    static final long FULL_BELOW = 1L << 20;

    private static final Logger LOG = LoggerFactory.getLogger(FilesystemImageStore.class);
    private static final String NO_SPACE = "No space left on device";

    private final String id;
    private final FilesystemLayout layout;
    private final boolean fsync;
    private final long flushInterval;
    private final ExecutorService flusher;
    private final Set<FilesystemImageWriter> openWriters = ConcurrentHashMap.newKeySet();

    /** Opens (creating if needed) the data directory and the catalog's folder of temporary files. */
    FilesystemImageStore(String id, String catalogId, Path datadir, boolean fsync, long flushInterval) throws IOException {
        this.id = id;
        this.layout = new FilesystemLayout(datadir, catalogId);
        this.fsync = fsync;
        this.flushInterval = fsync ? flushInterval : 0;
        createDirectories(layout.incoming());
        if (!Files.isWritable(layout.datadir())) {
            throw new IOException("data directory " + layout.datadir() + " is not writable");
        }
        AtomicInteger threads = new AtomicInteger();
        this.flusher = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "filesystem-store-" + id + "-flush-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    Path datadir() {
        return layout.datadir();
    }

    /** The folder of this catalog's temporary files. */
    Path incomingDir() {
        return layout.incoming();
    }

    FilesystemLayout layout() {
        return layout;
    }

    boolean fsync() {
        return fsync;
    }

    long flushInterval() {
        return flushInterval;
    }

    ExecutorService flusher() {
        return flusher;
    }

    void closed(FilesystemImageWriter writer) {
        openWriters.remove(writer);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    private boolean ours(StoreLocation location) {
        return location.storeId().equals(id) && location.scheme().equals(SCHEME);
    }

    private Path requireOurs(StoreLocation location) {
        if (!ours(location)) {
            throw new NotFoundException("no object at " + location + " in filesystem store " + id);
        }
        return layout.pathOf(location.key());
    }

    // ---- writing ------------------------------------------------------------------------------------------

    @Override
    public ImageWriter openWriter(String imageId, long expectedSize) throws IOException {
        FilesystemLayout.validImageId(imageId);
        Path part = layout.newPartFile(imageId);
        FileChannel channel;
        try {
            createDirectories(layout.incoming()); // a person may have cleaned the folder up
            channel = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            Files.deleteIfExists(part);
            throw translate(e, "cannot create " + part);
        }
        FilesystemImageWriter w = new FilesystemImageWriter(this, imageId, part, channel);
        openWriters.add(w);
        return w;
    }

    /**
     * A full disk becomes {@link StorageFullException}; everything else stays an {@link IOException}. ENOSPC is
     * recognised by the C library's message; as that message may be translated (a non-English locale), an I/O
     * failure while the data directory's filesystem has less than {@link #FULL_BELOW} bytes free counts as full too.
     */
    IOException translate(IOException e, String what) {
        if (isNoSpace(e) || almostNoSpaceLeft()) {
            throw new StorageFullException(what + ": no space left on device", e);
        }
        return e;
    }

    private boolean almostNoSpaceLeft() {
        try {
            return Files.getFileStore(layout.datadir()).getUsableSpace() < FULL_BELOW;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static boolean isNoSpace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String reason = t instanceof FileSystemException ? ((FileSystemException) t).getReason() : null;
            if (reason != null && reason.contains(NO_SPACE)) {
                return true;
            }
            if (t.getMessage() != null && t.getMessage().contains(NO_SPACE)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Creates {@code dir} and its missing parents. With fsync on, the parent of each directory created is forced (also
     * when another thread or process created it first), so a name later committed inside survives a crash: an
     * object's own name is durable only as long as every directory above it is.
     */
    void createDirectories(Path dir) throws IOException {
        java.util.ArrayDeque<Path> missing = new java.util.ArrayDeque<>();
        for (Path d = dir; d != null && !Files.isDirectory(d); d = d.getParent()) {
            missing.push(d);
        }
        for (Path d : missing) {
            try {
                Files.createDirectory(d);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (!Files.isDirectory(d)) {
                    throw e;
                }
            }
            if (fsync) {
                fsyncDirectory(d.getParent());
            }
        }
    }

    /** Forces a directory's entries to disk (opening a directory for reading and fsync-ing it works on Linux and macOS). */
    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("could not remove {}: {}", p, e.toString());
        }
    }

    // ---- reading ------------------------------------------------------------------------------------------

    @Override
    public InputStream openStream(StoreLocation location, long offset, long length) throws IOException {
        Path file = requireOurs(location);
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new NotFoundException("no object at " + location, e);
        }
        try {
            long size = ch.size();
            if (offset < 0 || offset > size) {
                throw new IllegalArgumentException("offset " + offset + " outside object of " + size + " bytes");
            }
            long end = length < 0 ? size : Math.min(size, offset + length);
            return new FileRangeStream(ch, offset, end, location);
        } catch (RuntimeException | IOException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public long size(StoreLocation location) throws IOException {
        Path file = requireOurs(location);
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).size();
        } catch (NoSuchFileException e) {
            throw new NotFoundException("no object at " + location, e);
        }
    }

    @Override
    public boolean exists(StoreLocation location) {
        return ours(location) && Files.isRegularFile(layout.pathOf(location.key()));
    }

    @Override
    public boolean delete(StoreLocation location) throws IOException {
        if (!ours(location)) {
            return false;
        }
        return deleteFile(layout.pathOf(location.key()));
    }

    private boolean deleteFile(Path file) throws IOException {
        boolean deleted = Files.deleteIfExists(file);
        if (deleted && fsync) {
            fsyncDirectory(file.getParent());
        }
        return deleted;
    }

    // ---- what this catalog owns ---------------------------------------------------------------------------

    @Override
    public void forEachOwned(Consumer<StoredObject> visitor) throws IOException {
        layout.forEachOwned(id, visitor);
    }

    @Override
    public boolean remove(StoredObject object) throws IOException {
        if (!ours(object.location())) {
            throw new IllegalArgumentException(object.location() + " is not a location of filesystem store " + id);
        }
        return deleteFile(layout.ownedPath(object));
    }

    /** Aborts writers still open (their temporary files are removed); committed objects stay. */
    @Override
    public void close() {
        for (FilesystemImageWriter w : openWriters.toArray(new FilesystemImageWriter[0])) {
            w.abort();
        }
        flusher.shutdown();
    }

    @Override
    public String toString() {
        return "FilesystemImageStore{id=" + id + ", datadir=" + layout.datadir() + ", fsync=" + fsync
                + ", fsync.interval=" + flushInterval + "}";
    }

    /** Its settings as in effect: the data directory (absolute), {@code fsync} and {@code fsync.interval} in bytes. */
    @Override
    public Map<String, String> properties() {
        return Map.of(FilesystemImageStoreProvider.DATADIR.key(), layout.datadir().toAbsolutePath().toString(),
                FilesystemImageStoreProvider.FSYNC.key(), Boolean.toString(fsync),
                FilesystemImageStoreProvider.FSYNC_INTERVAL.key(), Long.toString(flushInterval));
    }

    /** {@return true: the bytes are in a filesystem this host mounts, as cheap to read as the image cache} */
    @Override
    public boolean isLocal() {
        return true;
    }
}
