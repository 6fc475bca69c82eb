package dev.imagecatalog.memory;

import dev.imagecatalog.NotFoundException;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageWriter;
import dev.imagecatalog.spi.StoreLocation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A store that keeps bytes in the heap (type {@code memory}): for tests and harnesses, not for large images.
 * Objects become visible only on commit; an aborted write leaves nothing.
 */
final class MemoryImageStore implements ImageStore {
    static final String SCHEME = "memory";

    private final String id;
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();

    MemoryImageStore(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public ImageWriter openWriter(String imageId, long expectedSize) {
        // a unique key per write, so two writers of one image never see each other's bytes
        String key = imageId + "/" + UUID.randomUUID();
        return new ImageWriter() {
            private ByteArrayOutputStream buffer = new ByteArrayOutputStream(
                    expectedSize > 0 && expectedSize < (1 << 24) ? (int) expectedSize : 8192);
            private boolean committed;

            @Override
            public void write(ByteBuffer data) throws IOException {
                if (buffer == null) {
                    throw new IOException("writer is closed");
                }
                if (data.hasArray()) {
                    buffer.write(data.array(), data.arrayOffset() + data.position(), data.remaining());
                    data.position(data.limit());
                } else {
                    byte[] chunk = new byte[data.remaining()];
                    data.get(chunk);
                    buffer.write(chunk);
                }
            }

            @Override
            public StoreLocation commit() throws IOException {
                if (buffer == null) {
                    throw new IOException("writer is closed");
                }
                objects.put(key, buffer.toByteArray());
                buffer = null;
                committed = true;
                return new StoreLocation(SCHEME, id, key);
            }

            @Override
            public void abort() {
                buffer = null;
            }

            @Override
            public void close() {
                if (!committed) {
                    abort();
                }
            }
        };
    }

    private byte[] object(StoreLocation location) {
        byte[] b = location.storeId().equals(id) ? objects.get(location.key()) : null;
        if (b == null) {
            throw new NotFoundException("no object at " + location);
        }
        return b;
    }

    @Override
    public InputStream openStream(StoreLocation location, long offset, long length) {
        byte[] b = object(location);
        if (offset < 0 || offset > b.length) {
            throw new IllegalArgumentException("offset " + offset + " outside object of " + b.length + " bytes");
        }
        int len = (int) (length < 0 ? b.length - offset : Math.min(length, b.length - offset));
        return new ByteArrayInputStream(b, (int) offset, len);
    }

    @Override
    public long size(StoreLocation location) {
        return object(location).length;
    }

    @Override
    public boolean exists(StoreLocation location) {
        return location.storeId().equals(id) && objects.containsKey(location.key());
    }

    @Override
    public boolean delete(StoreLocation location) {
        return location.storeId().equals(id) && objects.remove(location.key()) != null;
    }

    @Override
    public int sweepIncompleteWrites() {
        return 0; // uncommitted bytes never enter the map
    }

    @Override
    public void forEachLocation(Consumer<StoreLocation> visitor) {
        for (String key : objects.keySet()) {
            visitor.accept(new StoreLocation(SCHEME, id, key));
        }
    }

    @Override
    public void close() {
        objects.clear();
    }
}
