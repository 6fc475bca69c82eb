package dev.imagecatalog.spi;

import dev.imagecatalog.image.StoreLocation;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/**
 * Where image bytes live: a filesystem, S3, Swift, memory. A store only moves bytes and reports where it put them;
 * digests, sizes, quotas and statuses are core's business. Implementations are thread-safe.
 *
 * <p>Every store passes {@code ImageStoreContract} from image-core's test-jar.
 */
public interface ImageStore extends AutoCloseable {

    /**
     * The configured id of this store.
     *
     * @return the name in {@code stores = ...}
     */
    String id();

    /**
     * The scheme of the locations this store writes.
     *
     * @return {@code filesystem}, {@code s3}, ...
     */
    String scheme();

    /**
     * Starts writing the bytes of {@code imageId}.
     *
     * @param imageId      the image (a UUID; stores may rely on it being one, core validates it)
     * @param expectedSize the size if known, else -1 (a store may pre-allocate or choose a strategy with it; core
     *                     checks the real size itself)
     * @return the writer, which holds nothing visible until {@link ImageWriter#commit()}
     * @throws IOException on a store failure
     */
    ImageWriter openWriter(String imageId, long expectedSize) throws IOException;

    /**
     * Opens {@code length} bytes from {@code offset} of the object at {@code location}.
     *
     * @param location where the object is
     * @param offset   the first byte to read
     * @param length   how many bytes; -1 means to the end
     * @return the bytes, to be closed by the caller
     * @throws dev.imagecatalog.error.NotFoundException if the object is missing
     * @throws IOException on a store failure
     */
    InputStream openStream(StoreLocation location, long offset, long length) throws IOException;

    /**
     * The object's size.
     *
     * @param location where the object is
     * @return its size in bytes
     * @throws dev.imagecatalog.error.NotFoundException if the object is missing
     * @throws IOException on a store failure
     */
    long size(StoreLocation location) throws IOException;

    /**
     * Whether the object exists.
     *
     * @param location where the object would be
     * @return true if it exists
     * @throws IOException on a store failure
     */
    boolean exists(StoreLocation location) throws IOException;

    /**
     * Deletes the object with any segments or parts.
     *
     * @param location where the object is
     * @return false if it did not exist
     * @throws IOException on a store failure
     */
    boolean delete(StoreLocation location) throws IOException;

    /**
     * Visits everything this store holds that carries its catalog id ({@link StoreContext#catalogId()}): committed
     * objects and leftovers of incomplete writes. Never visits anything without that mark: objects another catalog,
     * a Glance or a person put beside ours are invisible here. Core decides what to remove (see the catalog's
     * recovery); a store never removes anything on its own.
     *
     * @param visitor called once per object or leftover
     * @throws IOException if the store cannot list (the catalog then does not sweep it)
     */
    void forEachOwned(java.util.function.Consumer<StoredObject> visitor) throws IOException;

    /**
     * Removes one thing {@link #forEachOwned} visited: a committed object (with its segments or parts) or a
     * leftover (abort the multipart upload, remove the temporary file, delete the segments). Returns false if it
     * was already gone.
     *
     * @param object what {@link #forEachOwned} visited
     * @return false if it was already gone
     * @throws IllegalArgumentException if {@code object} does not carry this store's catalog id
     * @throws IOException on a store failure
     */
    boolean remove(StoredObject object) throws IOException;

    /** Releases connections, threads and files. */
    @Override
    void close();

    /**
     * Whether this store's bytes are on this host (a local disk or the JVM's memory), so reading them is as cheap as
     * reading the image cache: core never caches images held in a local store. {@code store.<id>.local} overrides
     * it. The default is false (a remote store, such as S3 or Swift, whose images the cache keeps).
     *
     * @return true if the store is on this host
     */
    default boolean isLocal() {
        return false;
    }

    /**
     * Whether this store type can write at all. A store that only reads (the {@code http} store) answers false and
     * core treats it as read-only whatever its settings say; its {@link #openWriter} is never called.
     *
     * @return true unless the store only reads
     */
    default boolean canWrite() {
        return true;
    }

    /**
     * The location in this store that a user-given URL names, for adding a location that already holds an image's
     * bytes. The default accepts {@code <scheme>://<this store's id>/<key>} as {@link StoreLocation#url()} renders
     * it; a store of external URLs (the {@code http} store) accepts those it may read.
     *
     * @param url the URL as the user gave it
     * @return the location, or empty if this store does not hold that URL
     */
    default Optional<StoreLocation> locate(String url) {
        StoreLocation loc;
        try {
            loc = StoreLocation.parse(url);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return loc.scheme().equals(scheme()) && loc.storeId().equals(id()) ? Optional.of(loc)
                : Optional.empty();
    }

    /**
     * The store's settings that may be shown to administrators (Glance's {@code /v2/info/stores/detail}
     * {@code properties}): never a secret.
     *
     * @return setting name to value; empty by default
     */
    default Map<String, String> properties() {
        return Map.of();
    }
}
