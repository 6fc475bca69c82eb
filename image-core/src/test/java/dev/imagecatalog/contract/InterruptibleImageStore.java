package dev.imagecatalog.contract;

import dev.imagecatalog.config.Settings;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageStoreProvider;
import dev.imagecatalog.spi.ImageWriter;
import dev.imagecatalog.spi.StoreContext;
import dev.imagecatalog.spi.StoredObject;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Test-only: wraps a real store of any type and lets a test stop it, stop it in the middle of a read, fail or hold
 * its writes past a byte count, and see at which offsets core opened its reads. Type {@value #TYPE}; the wrapped
 * store is configured under {@code store.<id>.delegate.} ({@code delegate.type} and its own keys) and keeps the
 * store id and catalog id, so it writes and lists exactly as the unwrapped store would. The instance is reached
 * through {@code (InterruptibleImageStore) catalog.backends().stores().get(id)}. A stopped store refuses every call
 * that would reach its medium with an {@link IOException}, as a store whose server went away does.
 */
public final class InterruptibleImageStore implements ImageStore {
    /** The store type of the wrapper. */
    public static final String TYPE = "interruptible";

    private static final long OFF = -1;

    private final ImageStore delegate;
    private final List<Long> readOffsets = new CopyOnWriteArrayList<>();
    private volatile boolean stopped;
    private volatile long stopAfterReading = OFF;
    private volatile long failWritesAfter = OFF;
    private volatile long holdWritesAfter = OFF;
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    InterruptibleImageStore(ImageStore delegate) {
        this.delegate = delegate;
    }

    /**
     * Catalog settings for store {@code storeId} wrapped in this type: {@code store.<id>.delegate.<key>} for each of
     * the wrapped store's {@code settings} (keys below {@code store.<id>.}).
     */
    public static Map<String, String> wrapping(String storeId, Map<String, String> settings) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        out.put("store." + storeId + ".type", TYPE);
        settings.forEach((k, v) -> out.put("store." + storeId + ".delegate." + k, v));
        return out;
    }

    /** The wrapped store (for a test to look at the medium while this one is stopped). */
    public ImageStore delegate() {
        return delegate;
    }

    /** From now on every call reaching the medium fails, as if the store's server had gone away. */
    public void stop() {
        stopped = true;
    }

    /** Undoes {@link #stop()} and every armed fault. */
    public void restart() {
        stopped = false;
        stopAfterReading = OFF;
        failWritesAfter = OFF;
    }

    /**
     * The next stream opened delivers {@code bytes} bytes, then fails with an {@link IOException} and the store
     * {@link #stop() stops}.
     */
    public void stopAfterReading(long bytes) {
        stopAfterReading = bytes;
    }

    /** Every writer fails once more than {@code bytes} bytes were written to it (the first ones reach the store). */
    public void failWritesAfter(long bytes) {
        failWritesAfter = bytes;
    }

    /** The first write past {@code bytes} bytes of a writer waits until {@link #release()} (at most 2 minutes). */
    public void holdWritesAfter(long bytes) {
        holdWritesAfter = bytes;
    }

    /** Waits until a write is held by {@link #holdWritesAfter}; false on timeout. */
    public boolean awaitHeld(Duration timeout) throws InterruptedException {
        return held.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Lets held writes go on. */
    public void release() {
        holdWritesAfter = OFF;
        released.countDown();
    }

    /** The offset of every {@link #openStream} call so far, in order (refused ones included). */
    public List<Long> readOffsets() {
        return List.copyOf(readOffsets);
    }

    /** Forgets the offsets recorded so far. */
    public void clearReadOffsets() {
        readOffsets.clear();
    }

    private void refuseIfStopped() throws IOException {
        if (stopped) {
            throw new IOException("store " + id() + " is stopped (injected by the test)");
        }
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
    public boolean canWrite() {
        return delegate.canWrite();
    }

    @Override
    public Optional<StoreLocation> locate(String url) {
        return delegate.locate(url);
    }

    @Override
    public Map<String, String> properties() {
        return delegate.properties();
    }

    @Override
    public ImageWriter openWriter(String imageId, long expectedSize) throws IOException {
        refuseIfStopped();
        ImageWriter w = delegate.openWriter(imageId, expectedSize);
        return new ImageWriter() {
            private long written;

            @Override
            public void write(ByteBuffer data) throws IOException {
                refuseIfStopped();
                long after = written + data.remaining();
                long failAt = failWritesAfter;
                if (failAt != OFF && after > failAt) {
                    throw new IOException("write into store " + id() + " failed past " + failAt
                            + " bytes (injected by the test)");
                }
                long holdAt = holdWritesAfter;
                if (holdAt != OFF && after > holdAt) {
                    hold();
                }
                written = after;
                w.write(data);
            }

            @Override
            public StoreLocation location() {
                return w.location();
            }

            @Override
            public StoreLocation commit() throws IOException {
                refuseIfStopped();
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

    private void hold() throws InterruptedIOException {
        held.countDown();
        try {
            released.await(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while held");
        }
    }

    @Override
    public InputStream openStream(StoreLocation location, long offset, long length) throws IOException {
        readOffsets.add(offset);
        refuseIfStopped();
        InputStream in = delegate.openStream(location, offset, length);
        long limit = stopAfterReading;
        if (limit == OFF) {
            return in;
        }
        stopAfterReading = OFF;
        return new StoppingStream(in, limit);
    }

    /** Delivers {@code left} bytes, then stops the store and fails. */
    private final class StoppingStream extends FilterInputStream {
        private long left;

        StoppingStream(InputStream in, long left) {
            super(in);
            this.left = left;
        }

        private void stopHere() throws IOException {
            stop();
            throw new IOException("store " + id() + " stopped in the middle of a read (injected by the test)");
        }

        @Override
        public int read() throws IOException {
            if (left == 0) {
                stopHere();
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (left == 0) {
                stopHere();
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            return super.skip(Math.min(n, left));
        }
    }

    @Override
    public long size(StoreLocation location) throws IOException {
        refuseIfStopped();
        return delegate.size(location);
    }

    @Override
    public boolean exists(StoreLocation location) throws IOException {
        refuseIfStopped();
        return delegate.exists(location);
    }

    @Override
    public boolean delete(StoreLocation location) throws IOException {
        refuseIfStopped();
        return delegate.delete(location);
    }

    @Override
    public void forEachOwned(Consumer<StoredObject> visitor) throws IOException {
        refuseIfStopped();
        delegate.forEachOwned(visitor);
    }

    @Override
    public boolean remove(StoredObject object) throws IOException {
        refuseIfStopped();
        return delegate.remove(object);
    }

    @Override
    public void close() {
        released.countDown();
        delegate.close();
    }

    /** The provider of type {@value InterruptibleImageStore#TYPE}, registered in the test-jar's services file. */
    public static final class Provider implements ImageStoreProvider {
        @Override
        public String type() {
            return TYPE;
        }

        /** The wrapped store gets the same store id and catalog id, and the settings under {@code delegate.}. */
        @Override
        public ImageStore create(StoreContext context) {
            Settings delegateSettings = context.settings().scoped("delegate.");
            String type = delegateSettings.require("type");
            List<ImageStoreProvider> found = new ArrayList<>();
            for (ImageStoreProvider p : ServiceLoader.load(ImageStoreProvider.class, Provider.class.getClassLoader())) {
                if (p.type().equals(type) && !type.equals(TYPE)) {
                    found.add(p);
                }
            }
            if (found.size() != 1) {
                throw delegateSettings.bad("type", type, "exactly one store provider of that type (found "
                        + found.size() + ")");
            }
            return new InterruptibleImageStore(found.get(0).create(new StoreContext(context.storeId(),
                    context.catalogId(), delegateSettings)));
        }
    }
}
