package dev.imagecatalog.contract;

import dev.imagecatalog.error.StorageFullException;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageWriter;
import dev.imagecatalog.spi.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Test-only: wraps a real store and fails or pauses on demand, so the service contract can check that core cleans
 * up after a store failure (the real store's abort must leave nothing), and crash tests can hold an upload right
 * after the store's commit or a delete right before it starts. Type {@code faulty}; configure the wrapped
 * store under {@code store.<id>.delegate.} ({@code delegate.type} and its own keys). Faults are switched at run
 * time through the instance: {@code (FaultyImageStore) catalog.backends().stores().get(id)}.
 */
public final class FaultyImageStore implements ImageStore {

    /** What to do wrong. */
    public enum Fault { NONE, IO_ERROR_ON_WRITE, STORAGE_FULL_ON_WRITE, IO_ERROR_ON_COMMIT,
        /** Writes past the threshold wait until {@link #release()}. */
        BLOCK_ON_WRITE,
        /** A commit is done by the wrapped store, then waits until {@link #release()} before returning. */
        BLOCK_AFTER_COMMIT,
        /** A delete waits until {@link #release()} before the wrapped store starts it. */
        BLOCK_ON_DELETE }

    private final ImageStore delegate;
    private volatile Fault fault = Fault.NONE;
    private volatile long failAfterBytes;
    private volatile java.time.Duration commitDelay = java.time.Duration.ZERO;
    private final java.util.concurrent.CountDownLatch blocked = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);

    /** Waits until a write is blocked by {@link Fault#BLOCK_ON_WRITE}. */
    public boolean awaitBlocked(long seconds) throws InterruptedException {
        return blocked.await(seconds, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Lets blocked writes go on. */
    public void release() {
        released.countDown();
    }

    FaultyImageStore(ImageStore delegate) {
        this.delegate = delegate;
    }

    /** The wrapped store. */
    public ImageStore delegate() {
        return delegate;
    }

    /**
     * Holds every later commit for {@code delay} after the wrapped store committed, so the object sits committed
     * but not yet referenced by its image (as if the process were slow between the two).
     */
    public void delayCommits(java.time.Duration delay) {
        commitDelay = delay;
    }

    /** Arms a fault; write faults strike once more than {@code afterBytes} bytes were written. */
    public void inject(Fault f, long afterBytes) {
        fault = f;
        failAfterBytes = afterBytes;
    }

    @Override
    public String id() {
        return delegate.id();
    }

    @Override
    public String scheme() {
        return delegate.scheme();
    }

    @Override
    public ImageWriter openWriter(String imageId, long expectedSize) throws IOException {
        ImageWriter w = delegate.openWriter(imageId, expectedSize);
        return new ImageWriter() {
            private long written;

            @Override
            public void write(ByteBuffer data) throws IOException {
                Fault f = fault;
                if (written + data.remaining() > failAfterBytes) {
                    if (f == Fault.IO_ERROR_ON_WRITE) {
                        throw new IOException("injected write failure");
                    }
                    if (f == Fault.BLOCK_ON_WRITE) {
                        block();
                    }
                    if (f == Fault.STORAGE_FULL_ON_WRITE) {
                        throw new StorageFullException("injected: no space left", null);
                    }
                }
                written += data.remaining();
                w.write(data);
            }

            @Override
            public StoreLocation location() {
                return w.location();
            }

            @Override
            public StoreLocation commit() throws IOException {
                if (fault == Fault.IO_ERROR_ON_COMMIT) {
                    w.abort(); // a failed commit leaves nothing, as the contract demands of real stores
                    throw new IOException("injected commit failure");
                }
                StoreLocation committed = w.commit();
                if (fault == Fault.BLOCK_AFTER_COMMIT) {
                    block();
                }
                if (!commitDelay.isZero()) {
                    try {
                        Thread.sleep(commitDelay.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException("interrupted after the commit");
                    }
                }
                return committed;
            }

            @Override
            public void abort() {
                w.abort();
            }

            @Override
            public void close() {
                w.close();
            }
        };
    }

    @Override
    public InputStream openStream(StoreLocation location, long offset, long length) throws IOException {
        return delegate.openStream(location, offset, length);
    }

    @Override
    public long size(StoreLocation location) throws IOException {
        return delegate.size(location);
    }

    @Override
    public boolean exists(StoreLocation location) throws IOException {
        return delegate.exists(location);
    }

    @Override
    public boolean delete(StoreLocation location) throws IOException {
        if (fault == Fault.BLOCK_ON_DELETE) {
            block();
        }
        return delegate.delete(location);
    }

    /** Signals {@link #awaitBlocked} and waits (at most 60 s) for {@link #release()}. */
    private void block() throws java.io.InterruptedIOException {
        blocked.countDown();
        try {
            released.await(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while blocked");
        }
    }

    @Override
    public void forEachOwned(Consumer<StoredObject> visitor) throws IOException {
        delegate.forEachOwned(visitor);
    }

    @Override
    public boolean remove(StoredObject object) throws IOException {
        return delegate.remove(object);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
