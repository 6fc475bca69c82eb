package dev.imagecatalog.store.filesystem;

import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.spi.ImageWriter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One write into a filesystem store: bytes go to a temporary file of the catalog's {@code .incoming} folder; commit
 * forces it to disk, renames it into place atomically and forces the directory that now holds the name. With
 * {@code fsync.interval}, a write-back of what was written so far starts on the store's flusher every so many bytes.
 */
final class FilesystemImageWriter implements ImageWriter {
    private static final Logger LOG = LoggerFactory.getLogger(FilesystemImageWriter.class);

    private final FilesystemImageStore store;
    private final String imageId;
    private final Path part;
    private final FileChannel channel;
    private boolean committed;
    private boolean aborted;
    private long unflushed;
    private Future<?> flushing;
    private volatile IOException flushFailure;

    FilesystemImageWriter(FilesystemImageStore store, String imageId, Path part, FileChannel channel) {
        this.store = store;
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
            long interval = store.flushInterval();
            if (interval > 0 && unflushed >= interval && (flushing == null || flushing.isDone())) {
                startFlush();
            }
        } catch (IOException e) {
            abort();
            throw store.translate(e, "cannot write image " + imageId + " to " + part);
        }
    }

    /**
     * Starts writing back what was written so far on a flusher thread, while this writer goes on: the disk works
     * during the upload instead of all at once in the commit's fsync. At most one flush per writer is running.
     */
    private void startFlush() {
        unflushed = 0;
        try {
            flushing = store.flusher().submit(() -> {
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
                throw new InterruptedIOException("interrupted waiting for the write-back of image " + imageId);
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
    public StoreLocation location() {
        return new StoreLocation(FilesystemImageStore.SCHEME, store.id(), store.layout().keyOf(imageId));
    }

    @Override
    public synchronized StoreLocation commit() throws IOException {
        checkOpen();
        FilesystemLayout layout = store.layout();
        Path shard = layout.shardOf(imageId);
        Path target = shard.resolve(imageId);
        boolean moved = false;
        try {
            if (store.fsync()) {
                awaitFlush();
                channel.force(true);
            }
            channel.close();
            store.createDirectories(shard);
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
            if (store.fsync()) {
                FilesystemImageStore.fsyncDirectory(shard);
            }
            committed = true;
            store.closed(this);
            return location();
        } catch (IOException e) {
            undo(moved, target);
            throw store.translate(e, "cannot commit image " + imageId);
        } catch (RuntimeException e) {
            undo(moved, target);
            throw e;
        }
    }

    private void undo(boolean moved, Path target) {
        if (moved) {
            FilesystemImageStore.deleteQuietly(target);
        }
        abort();
    }

    @Override
    public synchronized void abort() {
        if (committed || aborted) {
            return;
        }
        aborted = true;
        store.closed(this);
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing {} failed", part, e);
        }
        FilesystemImageStore.deleteQuietly(part);
    }

    @Override
    public void close() {
        abort();
    }
}
