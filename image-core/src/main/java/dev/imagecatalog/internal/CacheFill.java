package dev.imagecatalog.internal;

import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.internal.cache.CacheDir;
import dev.imagecatalog.spi.ImageWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fill of the image cache, in two steps run by one thread. The copy: the image's bytes read once from its active
 * locations ({@link FailoverStream}) and written to {@code incomplete/<id>} with one reused buffer, no digest on the
 * way, so the fill and the downloads {@linkplain #follow following} it go as fast as the store gives bytes; a
 * follower's stream ends as soon as exactly the image's size is written. The verification, once the copy is
 * complete: MD5 and the os_hash computed over the file's bytes by {@link UploadPipeline#fanOut}'s digest workers;
 * when the size and both digests equal the image record's, the file is fsync'ed and committed to {@code images/},
 * a mismatch moves it to {@code invalid/}. Only a committed file is ever served as a cache hit. A read or write
 * error, a short or long store stream, or {@link #abandon} stops the fill and deletes the file.
 */
final class CacheFill implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(CacheFill.class);
    private static final int COPY_BUFFER = 1 << 20;

    /** Told of a fill's outcome. */
    interface Listener {
        /** The fill was kept as a complete entry. */
        void committed(CacheFill fill);

        /** The fill is over, whatever its outcome; an abandoned fill's file is still to be deleted. */
        void ended(CacheFill fill);
    }

    /** Where a fill stands: RUNNING while it copies or verifies. */
    enum State { RUNNING, DONE, INVALID, ABANDONED }

    private final Image image;
    private final CacheDir dir;
    private final ImageStores stores;
    private final UploadPipeline pipeline;
    private final String hashJca;
    private final Listener listener;
    private final FileChannel file;
    private State state = State.RUNNING;
    private long written;
    /** Counted down once {@link #run} has told its listener the fill ended (its file is then removed or kept). */
    private final CountDownLatch finished = new CountDownLatch(1);

    /** Creates {@code incomplete/<id>}; {@link #run} fills it, then tells {@code listener}. */
    CacheFill(Image image, CacheDir dir, ImageStores stores, UploadPipeline pipeline, String hashJca,
              Listener listener) throws IOException {
        this.image = image;
        this.dir = dir;
        this.stores = stores;
        this.pipeline = pipeline;
        this.hashJca = hashJca;
        this.listener = listener;
        this.file = FileChannel.open(dir.incompleteFile(image.id()), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    Image image() {
        return image;
    }

    @Override
    public void run() {
        try {
            if (state() == State.RUNNING && copyFromStore()) {
                verify();
            }
        } finally {
            closeFile();
            try {
                listener.ended(this);
            } finally {
                finished.countDown();
            }
        }
    }

    /**
     * Waits at most {@code timeout} for {@link #run} to have ended and told its listener; {@return whether it has}
     */
    boolean awaitFinished(Duration timeout) throws InterruptedIOException {
        try {
            return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the image cache's fill of " + image.id());
        }
    }

    /** Copies the store's bytes into the file; {@return whether exactly the image's size was written} */
    private boolean copyFromStore() {
        long size = image.size();
        byte[] buf = new byte[COPY_BUFFER];
        try (FailoverStream src = FailoverStream.open(image.id(), stores, stores.readOrder(image.activeLocations()),
                0, size)) {
            int n;
            while ((n = src.read(buf, 0, buf.length)) >= 0) {
                if (state() != State.RUNNING) {
                    return false;
                }
                ByteBuffer data = ByteBuffer.wrap(buf, 0, n);
                while (data.hasRemaining()) {
                    file.write(data);
                }
                synchronized (this) {
                    written += n;
                    notifyAll();
                }
            }
        } catch (IOException | RuntimeException e) {
            abandon("copying the image from its stores failed: " + e);
            return false;
        }
        if (written() != size) {
            abandon("its stores gave " + written() + " of " + size + " bytes");
            return false;
        }
        return true;
    }

    /** Digests the written file; keeps it when it matches the image record, else moves it to invalid/. */
    private void verify() {
        UploadPipeline.Result r;
        try {
            file.position(0);
            InputStream bytes = new StoppableStream(Channels.newInputStream(file), () -> state() != State.ABANDONED,
                    0, "the fill was abandoned");
            r = pipeline.fanOut(image.id(), bytes, List.of(new Discard()), image.size(), hashJca).read();
        } catch (IOException | RuntimeException e) {
            abandon("verifying the cache file failed: " + e);
            return;
        }
        String problem = null;
        if (r == null) {
            abandon("verifying the cache file stopped early");
            return;
        } else if (r.size() != image.size()) {
            problem = "read " + r.size() + " bytes, expected " + image.size();
        } else if (!r.md5().equalsIgnoreCase(image.checksum())) {
            problem = "md5 " + r.md5() + ", expected " + image.checksum();
        } else if (image.osHashValue() != null && !r.hash().equalsIgnoreCase(image.osHashValue())) {
            problem = "os_hash " + r.hash() + ", expected " + image.osHashValue();
        }
        try {
            if (problem == null) {
                file.force(true);
            }
        } catch (IOException e) {
            abandon("syncing the cache file failed: " + e);
            return;
        }
        // the commit and the prune it may call for are one step to whoever lists the cache (CacheDir's lock, taken
        // before this fill's: no path takes them the other way round)
        synchronized (dir) {
            synchronized (this) {
                if (state != State.RUNNING) {
                    return;
                }
                if (problem != null) {
                    LOG.error("image cache: the bytes of image {} read from its stores do not match its record "
                            + "({}); moved to invalid/, never served", image.id(), problem);
                    dir.invalidate(image.id());
                    state = State.INVALID;
                } else {
                    dir.commit(image.id(), image.size(), image.checksum(), image.osHashAlgo(), image.osHashValue());
                    state = State.DONE;
                }
                notifyAll();
            }
            if (problem == null) {
                listener.committed(this);
            }
        }
    }

    /** Stops the fill unless it is over; its followers go on from the store. */
    void abandon(String reason) {
        synchronized (this) {
            if (state != State.RUNNING) {
                return;
            }
            state = State.ABANDONED;
            notifyAll();
        }
        LOG.info("image cache: fill of image {} abandoned: {}", image.id(), reason);
    }

    /** Abandons the fill if its copy is not complete: the download that started it was closed early. */
    void abandonCopy(String reason) {
        synchronized (this) {
            if (written == image.size()) {
                return;
            }
        }
        abandon(reason);
    }

    synchronized State state() {
        return state;
    }

    private synchronized long written() {
        return written;
    }

    /**
     * Waits until more than {@code pos} bytes are written or the fill is over; {@return the bytes written, or -1 if
     * the fill was abandoned before its copy was complete}
     */
    synchronized long awaitData(long pos) throws InterruptedIOException {
        while (state == State.RUNNING && written <= pos) {
            await();
        }
        return state == State.ABANDONED && written < image.size() ? -1 : written;
    }

    /** Waits until the fill is over; {@return how it ended} */
    synchronized State awaitEnd() throws InterruptedIOException {
        while (state == State.RUNNING) {
            await();
        }
        return state;
    }

    private void await() throws InterruptedIOException {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the image cache's fill of " + image.id());
        }
    }

    /**
     * A stream of the image's bytes following this fill (copying or verifying), or null when the fill is over.
     *
     * @param owner whether closing it before the copy is complete abandons the fill (the download that started it)
     */
    synchronized InputStream follow(boolean owner, FillFollower.StoreReader fallback) throws IOException {
        if (state != State.RUNNING) {
            return null;
        }
        FileChannel in = FileChannel.open(dir.incompleteFile(image.id()), StandardOpenOption.READ);
        return new FillFollower(this, in, image.size(), owner, fallback);
    }

    private void closeFile() {
        try {
            file.close();
        } catch (IOException e) {
            LOG.debug("closing the cache file of {} failed", image.id(), e);
        }
    }

    /** The verification's writer: the bytes are in the file already, only their digests are wanted. */
    private static final class Discard implements ImageWriter {
        @Override
        public void write(ByteBuffer data) {
            data.position(data.limit());
        }

        @Override
        public StoreLocation commit() {
            throw new UnsupportedOperationException("a cache file is committed by its fill");
        }

        @Override
        public StoreLocation location() {
            return null;
        }

        @Override
        public void abort() {
            // nothing written
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}
