package dev.imagecatalog.spi;

import dev.imagecatalog.image.StoreLocation;
import java.io.IOException;
import java.io.InputStream;

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
}
