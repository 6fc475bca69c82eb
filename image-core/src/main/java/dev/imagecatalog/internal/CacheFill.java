package dev.imagecatalog.internal;

import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.internal.cache.CacheDir;
import dev.imagecatalog.spi.ImageWriter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fill of the image cache: the image's bytes read once from its active locations ({@link FailoverStream}) into
 * {@code incomplete/<id>} through {@link UploadPipeline#fanOut}, so MD5 and the os_hash are computed by the
 * pipeline's digest workers while the file is written. At the end the size and both digests must equal the image
 * record's: then the file is fsync'ed and committed to {@code images/}; a mismatch moves it to {@code invalid/}. A
 * read error, a store failure or {@link #abandon} stops the fill and deletes the file. Downloads {@linkplain
 * #follow follow} a fill: they read the file as far as it is written, waiting for more.
 */
final class CacheFill implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(CacheFill.class);

    /** Told of a fill's outcome. */
    interface Listener {
        /** The fill was kept as a complete entry; its followers are told once this returns. */
        void committed(CacheFill fill);

        /** The fill is over, whatever its outcome; an abandoned fill's file is still to be deleted. */
        void ended(CacheFill fill);
    }

    /** Where a fill stands. */
    enum State { RUNNING, DONE, INVALID, ABANDONED }

    private final Image image;
    private final CacheDir dir;
    private final ImageStores stores;
    private final UploadPipeline pipeline;
    private final String hashJca;
    private final Listener listener;
    private final FileChannel out;
    private State state = State.RUNNING;
    private long written;
    private String why;

    /** Creates {@code incomplete/<id>}; {@link #run} fills it, then tells {@code listener}. */
    CacheFill(Image image, CacheDir dir, ImageStores stores, UploadPipeline pipeline, String hashJca,
              Listener listener) throws IOException {
        this.image = image;
        this.dir = dir;
        this.stores = stores;
        this.pipeline = pipeline;
        this.hashJca = hashJca;
        this.listener = listener;
        this.out = FileChannel.open(dir.incompleteFile(image.id()), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    Image image() {
        return image;
    }

    @Override
    public void run() {
        try {
            if (state() == State.RUNNING) {
                fillFromStore();
            }
        } finally {
            closeOut();
            listener.ended(this);
        }
    }

    private void fillFromStore() {
        long size = image.size();
        try (FailoverStream src = FailoverStream.open(image.id(), stores, stores.readOrder(image.activeLocations()),
                0, size)) {
            UploadPipeline.FanOut r = pipeline.fanOut(image.id(), new Checked(src), List.of(new FileWriter()), size,
                    hashJca);
            if (r.read() == null) {
                abandon("writing the cache file failed: " + r.failedWriters().values().iterator().next());
            } else {
                finish(r.read());
            }
        } catch (IOException | RuntimeException e) {
            abandon("reading the image failed: " + e);
        }
    }

    private void finish(UploadPipeline.Result r) throws IOException {
        String problem = null;
        if (r.size() != image.size()) {
            problem = "read " + r.size() + " bytes, expected " + image.size();
        } else if (!r.md5().equalsIgnoreCase(image.checksum())) {
            problem = "md5 " + r.md5() + ", expected " + image.checksum();
        } else if (image.osHashValue() != null && !r.hash().equalsIgnoreCase(image.osHashValue())) {
            problem = "os_hash " + r.hash() + ", expected " + image.osHashValue();
        }
        if (problem == null) {
            out.force(true);
        }
        synchronized (this) {
            if (state != State.RUNNING) {
                return;
            }
            if (problem != null) {
                LOG.error("image cache: the bytes of image {} read from its stores do not match its record ({}); "
                        + "moved to invalid/, never served", image.id(), problem);
                dir.invalidate(image.id());
                why = "image " + image.id() + " is corrupt in its store: " + problem;
                state = State.INVALID;
            } else {
                dir.commit(image.id(), image.size(), image.checksum(), image.osHashAlgo(), image.osHashValue());
                listener.committed(this);
                state = State.DONE;
            }
            notifyAll();
        }
    }

    /** Stops the fill unless it is over; its followers go on from the store. */
    void abandon(String reason) {
        synchronized (this) {
            if (state != State.RUNNING) {
                return;
            }
            state = State.ABANDONED;
            why = reason;
            notifyAll();
        }
        LOG.info("image cache: fill of image {} abandoned: {}", image.id(), reason);
    }

    synchronized State state() {
        return state;
    }

    synchronized String why() {
        return why;
    }

    /** Waits until more than {@code pos} bytes are written or the fill is over; {@return the bytes written, or -1 if abandoned} */
    synchronized long awaitData(long pos) throws InterruptedIOException {
        while (state == State.RUNNING && written <= pos) {
            await();
        }
        return state == State.ABANDONED ? -1 : written;
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
     * A stream of the image's bytes following this fill, or null when the fill is over before it could be followed.
     *
     * @param owner whether closing it early abandons the fill (the download that started it)
     */
    synchronized InputStream follow(boolean owner, FillFollower.StoreReader fallback) throws IOException {
        if (state != State.RUNNING) {
            return null;
        }
        FileChannel in = FileChannel.open(dir.incompleteFile(image.id()), StandardOpenOption.READ);
        return new FillFollower(this, in, image.size(), owner, fallback);
    }

    private void closeOut() {
        try {
            out.close();
        } catch (IOException e) {
            LOG.debug("closing the cache file of {} failed", image.id(), e);
        }
    }

    /** The store's bytes, refused once the fill is abandoned so the pipeline stops reading. */
    private final class Checked extends FilterInputStream {
        Checked(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (state() == State.ABANDONED) {
                throw new IOException("the fill was abandoned");
            }
            return super.read(b, off, len);
        }
    }

    /** Appends each buffer to the incomplete file and wakes the followers. */
    private final class FileWriter implements ImageWriter {
        @Override
        public void write(ByteBuffer data) throws IOException {
            if (state() != State.RUNNING) {
                throw new IOException("the fill was abandoned");
            }
            int n = 0;
            while (data.hasRemaining()) {
                n += out.write(data);
            }
            synchronized (CacheFill.this) {
                written += n;
                CacheFill.this.notifyAll();
            }
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
            // the fill deletes the file
        }

        @Override
        public void close() {
            // the fill closes the file
        }
    }
}
