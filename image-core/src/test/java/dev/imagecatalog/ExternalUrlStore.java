package dev.imagecatalog;

import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageStoreProvider;
import dev.imagecatalog.spi.ImageWriter;
import dev.imagecatalog.spi.StoreContext;
import dev.imagecatalog.spi.StoredObject;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Test-only: a read-only store of external {@code http(s)} URLs, as the {@code http} store is (its locations have
 * the external URL as key), serving bytes a test gives it and failing on demand. Type {@value Provider#TYPE}; the
 * instance is {@code (ExternalUrlStore) catalog.backends().stores().get(id)}.
 */
final class ExternalUrlStore implements ImageStore {
    /** Registered in the test resources' {@code META-INF/services}. */
    public static final class Provider implements ImageStoreProvider {
        static final String TYPE = "test-external";

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public ImageStore create(StoreContext context) {
            return new ExternalUrlStore(context.storeId());
        }
    }

    private final String id;
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();
    private final AtomicInteger deletes = new AtomicInteger();
    private volatile boolean sizeFails;
    private volatile long readFailsAfter = -1;

    private ExternalUrlStore(String id) {
        this.id = id;
    }

    /** Serves {@code data} at {@code url}. */
    void serve(String url, byte[] data) {
        served.put(url, data.clone());
    }

    /** Whether {@link #size} throws an I/O error. */
    void sizeFails(boolean fails) {
        sizeFails = fails;
    }

    /** Reads throw an I/O error after {@code bytes} bytes (-1: never). */
    void readFailsAfter(long bytes) {
        readFailsAfter = bytes;
    }

    /** How often {@link #delete} was called. */
    int deletes() {
        return deletes.get();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String scheme() {
        return "http";
    }

    @Override
    public boolean canWrite() {
        return false;
    }

    @Override
    public Optional<StoreLocation> locate(String url) {
        return url.startsWith("http://") || url.startsWith("https://")
                ? Optional.of(new StoreLocation("http", id, url)) : Optional.empty();
    }

    @Override
    public ImageWriter openWriter(String imageId, long expectedSize) throws IOException {
        throw new IOException("store " + id + " only reads");
    }

    private byte[] bytes(StoreLocation location) {
        byte[] b = served.get(location.key());
        if (b == null) {
            throw new NotFoundException("nothing at " + location.key());
        }
        return b;
    }

    @Override
    public InputStream openStream(StoreLocation location, long offset, long length) {
        byte[] b = bytes(location);
        int end = length < 0 ? b.length : (int) Math.min(b.length, offset + length);
        long failAfter = readFailsAfter;
        return new FilterInputStream(new ByteArrayInputStream(b, (int) offset, end - (int) offset)) {
            private long read;

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                if (failAfter >= 0 && read >= failAfter) {
                    throw new IOException("connection reset by " + location.key());
                }
                int n = in.read(buf, off, failAfter >= 0 ? (int) Math.min(len, Math.max(1, failAfter - read)) : len);
                read += Math.max(n, 0);
                return n;
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }
        };
    }

    @Override
    public long size(StoreLocation location) throws IOException {
        if (sizeFails) {
            throw new IOException("HEAD " + location.key() + " failed");
        }
        return bytes(location).length;
    }

    @Override
    public boolean exists(StoreLocation location) {
        return served.containsKey(location.key());
    }

    @Override
    public boolean delete(StoreLocation location) throws IOException {
        deletes.incrementAndGet();
        throw new IOException("store " + id + " only reads");
    }

    @Override
    public void forEachOwned(Consumer<StoredObject> visitor) {
    }

    @Override
    public boolean remove(StoredObject object) {
        return false;
    }

    @Override
    public void close() {
    }
}
