package dev.imagecatalog.contract;

import dev.imagecatalog.StorageFullException;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageWriter;
import dev.imagecatalog.spi.StoreLocation;
import dev.imagecatalog.spi.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Test-only: wraps a real store and fails on demand, so the service contract can check that core cleans up
 * after a store failure (the real store's abort must leave nothing). Type {@code faulty}; configure the wrapped
 * store under {@code store.<id>.delegate.} ({@code delegate.type} and its own keys). Faults are switched at run
 * time through the instance: {@code (FaultyImageStore) catalog.stores().get(id)}.
 */
public final class FaultyImageStore implements ImageStore {

    /** What to do wrong. */
    public enum Fault { NONE, IO_ERROR_ON_WRITE, STORAGE_FULL_ON_WRITE, IO_ERROR_ON_COMMIT,
        /** Writes past the threshold wait until {@link #release()}. */
        BLOCK_ON_WRITE }

    private final ImageStore delegate;
    private volatile Fault fault = Fault.NONE;
    private volatile long failAfterBytes;
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
                        blocked.countDown();
                        try {
                            released.await(60, java.util.concurrent.TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new java.io.InterruptedIOException("interrupted while blocked");
                        }
                    }
                    if (f == Fault.STORAGE_FULL_ON_WRITE) {
                        throw new StorageFullException("injected: no space left", null);
                    }
                }
                written += data.remaining();
                w.write(data);
            }

            @Override
            public StoreLocation commit() throws IOException {
                if (fault == Fault.IO_ERROR_ON_COMMIT) {
                    w.abort(); // a failed commit leaves nothing, as the contract demands of real stores
                    throw new IOException("injected commit failure");
                }
                return w.commit();
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
        return delegate.delete(location);
    }

    @Override
    public int sweepIncompleteWrites() throws IOException {
        return delegate.sweepIncompleteWrites();
    }

    @Override
    public void forEachLocation(Consumer<StoreLocation> visitor) throws IOException {
        delegate.forEachLocation(visitor);
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
