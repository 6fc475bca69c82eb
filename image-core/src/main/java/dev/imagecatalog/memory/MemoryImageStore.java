package dev.imagecatalog.memory;

import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageWriter;
import dev.imagecatalog.spi.StoreContext;
import dev.imagecatalog.spi.StoredObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A store that keeps bytes in the heap (type {@code memory}): for tests and harnesses, not for large images.
 * Objects become visible only on commit; an aborted write leaves nothing.
 *
 * <p>Key layout: {@code <catalogId>/<imageId>/<unique>}, one unique key per write. A write in progress is listed by
 * {@link #forEachOwned} as a leftover (committed = false) like a real store's temporary file, and
 * {@link #remove}-ing it makes the writer fail, as a swept temporary file would.
 */
final class MemoryImageStore implements ImageStore {
    static final String SCHEME = "memory";

    private final String id;
    private final String catalogId;
    private final Map<String, Stored> objects = new ConcurrentHashMap<>();
    /** Key -> when the write started, for writes not yet committed or aborted. */
    private final Map<String, Instant> pending = new ConcurrentHashMap<>();

    private record Stored(byte[] bytes, Instant lastModified) {
    }

    MemoryImageStore(StoreContext context) {
        this.id = context.storeId();
        this.catalogId = context.catalogId();
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
        String key = catalogId + "/" + imageId + "/" + UUID.randomUUID();
        pending.put(key, Instant.now());
        return new ImageWriter() {
            private ByteArrayOutputStream buffer = new ByteArrayOutputStream(
                    expectedSize > 0 && expectedSize < (1 << 24) ? (int) expectedSize : 8192);
            private boolean committed;

            private void checkOpen() throws IOException {
                if (buffer == null) {
                    throw new IOException("writer is closed");
                }
                if (!pending.containsKey(key)) {
                    buffer = null;
                    throw new IOException("the incomplete write " + key + " was removed");
                }
            }

            @Override
            public void write(ByteBuffer data) throws IOException {
                checkOpen();
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
            public StoreLocation location() {
                return new StoreLocation(SCHEME, id, key);
            }

            @Override
            public StoreLocation commit() throws IOException {
                checkOpen();
                objects.put(key, new Stored(buffer.toByteArray(), Instant.now()));
                pending.remove(key);
                buffer = null;
                committed = true;
                return new StoreLocation(SCHEME, id, key);
            }

            @Override
            public void abort() {
                buffer = null;
                pending.remove(key);
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
        Stored b = location.storeId().equals(id) ? objects.get(location.key()) : null;
        if (b == null) {
            throw new NotFoundException("no object at " + location);
        }
        return b.bytes();
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
    public void forEachOwned(Consumer<StoredObject> visitor) {
        String prefix = catalogId + "/";
        for (Map.Entry<String, Stored> e : objects.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                visitor.accept(new StoredObject(imageId(e.getKey()), true, new StoreLocation(SCHEME, id, e.getKey()),
                        e.getValue().lastModified()));
            }
        }
        for (Map.Entry<String, Instant> e : pending.entrySet()) {
            visitor.accept(new StoredObject(imageId(e.getKey()), false, new StoreLocation(SCHEME, id, e.getKey()),
                    e.getValue()));
        }
    }

    @Override
    public boolean remove(StoredObject object) {
        StoreLocation loc = object.location();
        if (!loc.scheme().equals(SCHEME) || !loc.storeId().equals(id) || !loc.key().startsWith(catalogId + "/")) {
            throw new IllegalArgumentException(loc + " does not carry the catalog id '" + catalogId
                    + "' of store '" + id + "'");
        }
        return object.committed() ? objects.remove(loc.key()) != null : pending.remove(loc.key()) != null;
    }

    /** The image id of a key {@code <catalogId>/<imageId>/<unique>}. */
    private String imageId(String key) {
        int start = catalogId.length() + 1;
        int end = key.indexOf('/', start);
        return key.substring(start, end < 0 ? key.length() : end);
    }

    @Override
    public void close() {
        objects.clear();
        pending.clear();
    }

    /** {@return true: the bytes are in the JVM's memory, as cheap to read as the image cache} */
    @Override
    public boolean isLocal() {
        return true;
    }
}
