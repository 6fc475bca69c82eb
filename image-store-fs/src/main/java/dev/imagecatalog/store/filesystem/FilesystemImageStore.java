package dev.imagecatalog.store.filesystem;

import dev.imagecatalog.InvalidInputException;
import dev.imagecatalog.NotFoundException;
import dev.imagecatalog.StorageFullException;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageWriter;
import dev.imagecatalog.spi.StoreLocation;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Image bytes as files under a data directory (type {@code filesystem}).
 *
 * <p>Layout: {@code <datadir>/<first two characters of the id>/<id>}; the location key is
 * {@code <first two>/<id>}. Image ids must be lower-case UUIDs, so no id can name a path outside the layout.
 *
 * <p>A write goes to {@code <datadir>/.incoming/<id>.<random>.part}, is forced to disk, moved into place with one
 * atomic {@code rename(2)} (which replaces an earlier object of the same id atomically: a reader of the old object
 * keeps reading the old bytes), and the directory holding it is forced so the new name survives a crash. A crash
 * before the rename leaves only a {@code .part} file, which the next start-up removes.
 *
 * <p>With {@code fsync} on, a writer also starts a write-back ({@code fdatasync}) on a flusher thread every
 * {@code fsync.interval} bytes, so the disk works while the upload streams (and while core computes digests) rather
 * than only in the commit's final fsync; at most one write-back per writer runs at a time and the writer never waits
 * for it until commit.
 *
 * <p>Single-writer-process assumption: by default one process writes to a data directory, so at start-up every
 * {@code .part} file is a leftover and is removed. When several processes share a data directory (an NFS mount),
 * set {@code shared = true}: start-up and later sweeps then keep {@code .part} files modified within
 * {@code sweep.grace}.
 */
final class FilesystemImageStore implements ImageStore {
    static final String SCHEME = "filesystem";
    static final String INCOMING = ".incoming";
    static final String PART_SUFFIX = ".part";

    private static final Logger LOG = LoggerFactory.getLogger(FilesystemImageStore.class);
    private static final Pattern IMAGE_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern SHARD = Pattern.compile("[0-9a-f]{2}");
    private static final String NO_SPACE = "No space left on device";
    private static final int READ_CHUNK = 1 << 20;

    private final String id;
    private final Path datadir;
    private final Path incoming;
    private final boolean fsync;
    private final long flushInterval;
    private final Duration sweepGrace;
    private final ExecutorService flusher;
    private final Set<Writer> openWriters = ConcurrentHashMap.newKeySet();

    /**
     * Opens (creating if needed) the store and removes leftovers of interrupted writes: all of them, or, when
     * {@code shared}, those idle for longer than {@code sweepGrace}.
     */
    FilesystemImageStore(String id, Path datadir, boolean fsync, long flushInterval, Duration sweepGrace, boolean shared)
            throws IOException {
        this.id = id;
        this.datadir = datadir.toAbsolutePath().normalize();
        this.incoming = this.datadir.resolve(INCOMING);
        this.fsync = fsync;
        this.flushInterval = fsync ? flushInterval : 0;
        this.sweepGrace = sweepGrace;
        createDirectories(this.incoming);
        if (!Files.isWritable(this.datadir)) {
            throw new IOException("data directory " + this.datadir + " is not writable");
        }
        int swept = sweep(shared ? sweepGrace : Duration.ZERO);
        if (swept > 0) {
            LOG.info("store {}: removed {} leftover temporary file(s) of interrupted writes in {}", id, swept, incoming);
        }
        AtomicInteger threads = new AtomicInteger();
        this.flusher = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "filesystem-store-" + id + "-flush-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    Path datadir() {
        return datadir;
    }

    Path incomingDir() {
        return incoming;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    // ---- naming -------------------------------------------------------------------------------------------

    static String validImageId(String imageId) {
        if (imageId == null || !IMAGE_ID.matcher(imageId).matches()) {
            throw new InvalidInputException("image id '" + imageId + "' is not a lower-case UUID");
        }
        return imageId;
    }

    static String keyOf(String imageId) {
        return imageId.substring(0, 2) + "/" + imageId;
    }

    /** The file of a location of this store; a key outside the layout is invalid input, never a path. */
    private Path pathOf(StoreLocation location) {
        String key = location.key();
        int slash = key.indexOf('/');
        if (slash != 2 || !IMAGE_ID.matcher(key.substring(3)).matches() || !key.startsWith(key.substring(3, 5) + "/")) {
            throw new InvalidInputException("location key '" + key + "' is not <2 chars>/<lower-case uuid>");
        }
        return datadir.resolve(key.substring(0, 2)).resolve(key.substring(3));
    }

    private boolean ours(StoreLocation location) {
        return location.storeId().equals(id) && location.scheme().equals(SCHEME);
    }

    private Path requireOurs(StoreLocation location) {
        if (!ours(location)) {
            throw new NotFoundException("no object at " + location + " in filesystem store " + id);
        }
        return pathOf(location);
    }

    // ---- writing ------------------------------------------------------------------------------------------

    @Override
    public ImageWriter openWriter(String imageId, long expectedSize) throws IOException {
        validImageId(imageId);
        Path part = incoming.resolve(imageId + "." + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + PART_SUFFIX);
        FileChannel channel;
        try {
            channel = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            Files.deleteIfExists(part);
            throw translate(e, "cannot create " + part);
        }
        Writer w = new Writer(imageId, part, channel);
        openWriters.add(w);
        return w;
    }

    private final class Writer implements ImageWriter {
        private final String imageId;
        private final Path part;
        private final FileChannel channel;
        private boolean committed;
        private boolean aborted;
        private long unflushed;
        private Future<?> flushing;
        private volatile IOException flushFailure;

        Writer(String imageId, Path part, FileChannel channel) {
            this.imageId = imageId;
            this.part = part;
            this.channel = channel;
        }

        private void checkOpen() throws IOException {
            if (committed || aborted) {
                throw new IOException("writer of image " + imageId + " is " + (committed ? "committed" : "aborted"));
            }
        }

        @Override
        public synchronized void write(ByteBuffer data) throws IOException {
            checkOpen();
            try {
                checkFlush();
                int n = data.remaining();
                while (data.hasRemaining()) {
                    channel.write(data);
                }
                unflushed += n;
                if (flushInterval > 0 && unflushed >= flushInterval && (flushing == null || flushing.isDone())) {
                    startFlush();
                }
            } catch (IOException e) {
                abort();
                throw translate(e, "cannot write image " + imageId + " to " + part);
            }
        }

        /**
         * Starts writing back what was written so far on a flusher thread, while this writer goes on: the disk works
         * during the upload instead of all at once in the commit's fsync. At most one flush per writer is running.
         */
        private void startFlush() {
            unflushed = 0;
            try {
                flushing = flusher.submit(() -> {
                    try {
                        channel.force(false);
                    } catch (IOException e) {
                        if (channel.isOpen()) {
                            flushFailure = e;
                        }
                    }
                });
            } catch (RejectedExecutionException e) {
                flushing = null; // store closing: the commit's fsync still makes the data durable
            }
        }

        /** Waits for a running flush and rethrows its failure (a full disk may show only at write-back). */
        private void awaitFlush() throws IOException {
            if (flushing != null) {
                try {
                    flushing.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted waiting for the write-back of image " + imageId);
                } catch (ExecutionException e) {
                    throw new IOException("write-back of image " + imageId + " failed", e.getCause());
                }
                flushing = null;
            }
            checkFlush();
        }

        private void checkFlush() throws IOException {
            IOException f = flushFailure;
            if (f != null) {
                throw f;
            }
        }

        @Override
        public synchronized StoreLocation commit() throws IOException {
            checkOpen();
            Path shard = datadir.resolve(imageId.substring(0, 2));
            Path target = shard.resolve(imageId);
            boolean moved = false;
            try {
                if (fsync) {
                    awaitFlush();
                    channel.force(true);
                }
                channel.close();
                createDirectories(shard);
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
                moved = true;
                if (fsync) {
                    fsyncDirectory(shard);
                }
                committed = true;
                openWriters.remove(this);
                return new StoreLocation(SCHEME, id, keyOf(imageId));
            } catch (IOException e) {
                undo(moved, target);
                throw translate(e, "cannot commit image " + imageId);
            } catch (RuntimeException e) {
                undo(moved, target);
                throw e;
            }
        }

        private void undo(boolean moved, Path target) {
            if (moved) {
                deleteQuietly(target);
            }
            abort();
        }

        @Override
        public synchronized void abort() {
            if (committed || aborted) {
                return;
            }
            aborted = true;
            openWriters.remove(this);
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing {} failed", part, e);
            }
            deleteQuietly(part);
        }

        @Override
        public void close() {
            abort();
        }
    }

    /**
     * A full disk becomes {@link StorageFullException}; everything else stays an {@link IOException}. ENOSPC is
     * recognised by the C library's message; as that message may be translated (a non-English locale), an I/O
     * failure while the data directory's filesystem has less than {@link #FULL_BELOW} bytes free counts as full too.
     */
    private IOException translate(IOException e, String what) {
        if (isNoSpace(e) || almostNoSpaceLeft()) {
            throw new StorageFullException(what + ": no space left on device", e);
        }
        return e;
    }

    static final long FULL_BELOW = 1L << 20;

    private boolean almostNoSpaceLeft() {
        try {
            return Files.getFileStore(incoming).getUsableSpace() < FULL_BELOW;
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
    private void createDirectories(Path dir) throws IOException {
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

    private static void deleteQuietly(Path p) {
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
            return new RangeStream(ch, offset, end, location);
        } catch (RuntimeException | IOException e) {
            ch.close();
            throw e;
        }
    }

    /** Positioned reads of [position, end) from a channel; closing the stream closes the channel. */
    private static final class RangeStream extends InputStream {
        private final FileChannel channel;
        private final long end;
        private final StoreLocation location;
        private long position;
        private boolean closed;

        RangeStream(FileChannel channel, long start, long end, StoreLocation location) {
            this.channel = channel;
            this.position = start;
            this.end = end;
            this.location = location;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (closed) {
                throw new IOException("stream closed");
            }
            if (len == 0) {
                return 0;
            }
            long left = end - position;
            if (left <= 0) {
                return -1;
            }
            int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(Math.min(len, left), READ_CHUNK)), position);
            if (n < 0) {
                throw new EOFException(location + " ended at byte " + position + ", expected " + end + " (truncated?)");
            }
            position += n;
            return n;
        }

        @Override
        public long skip(long n) {
            long k = Math.max(0, Math.min(n, end - position));
            position += k;
            return k;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, Math.max(0, end - position));
        }

        @Override
        public void close() throws IOException {
            closed = true;
            channel.close();
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
        return ours(location) && Files.isRegularFile(pathOf(location));
    }

    @Override
    public boolean delete(StoreLocation location) throws IOException {
        if (!ours(location)) {
            return false;
        }
        Path file = pathOf(location);
        boolean deleted = Files.deleteIfExists(file);
        if (deleted && fsync) {
            fsyncDirectory(file.getParent());
        }
        return deleted;
    }

    // ---- housekeeping -------------------------------------------------------------------------------------

    @Override
    public int sweepIncompleteWrites() throws IOException {
        return sweep(sweepGrace);
    }

    /** Removes {@code .part} files not modified within {@code grace} (a live writer touches its file on every write). */
    private int sweep(Duration grace) throws IOException {
        Instant cutoff = Instant.now().minus(grace);
        int removed = 0;
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(incoming)) {
            for (Path p : dir) {
                if (!p.getFileName().toString().endsWith(PART_SUFFIX)) {
                    continue;
                }
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    if (!grace.isZero() && !a.lastModifiedTime().toInstant().isBefore(cutoff)) {
                        continue;
                    }
                    if (Files.deleteIfExists(p)) {
                        removed++;
                    }
                } catch (NoSuchFileException e) {
                    // committed or aborted meanwhile
                }
            }
        }
        return removed;
    }

    @Override
    public void forEachLocation(Consumer<StoreLocation> visitor) throws IOException {
        try (DirectoryStream<Path> shards = Files.newDirectoryStream(datadir,
                p -> SHARD.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p))) {
            for (Path shard : shards) {
                String prefix = shard.getFileName().toString();
                try (DirectoryStream<Path> files = Files.newDirectoryStream(shard)) {
                    for (Path f : files) {
                        String name = f.getFileName().toString();
                        if (IMAGE_ID.matcher(name).matches() && name.startsWith(prefix) && Files.isRegularFile(f)) {
                            visitor.accept(new StoreLocation(SCHEME, id, prefix + "/" + name));
                        }
                    }
                } catch (NoSuchFileException e) {
                    // shard removed meanwhile
                }
            }
        }
    }

    /** Aborts writers still open (their temporary files are removed); committed objects stay. */
    @Override
    public void close() {
        for (Writer w : openWriters.toArray(new Writer[0])) {
            w.abort();
        }
        flusher.shutdown();
    }

    @Override
    public String toString() {
        return "FilesystemImageStore{id=" + id + ", datadir=" + datadir + ", fsync=" + fsync + ", fsync.interval=" + flushInterval + "}";
    }
}
