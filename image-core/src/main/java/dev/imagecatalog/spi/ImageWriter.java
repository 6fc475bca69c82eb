package dev.imagecatalog.spi;

import dev.imagecatalog.image.StoreLocation;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One write of one image's bytes into a store, made visible only by {@link #commit()}. Core calls
 * {@link #write(ByteBuffer)} from one thread at a time, in order, then either {@code commit()} or {@code abort()}.
 * {@link #close()} aborts a writer that was not committed, so try-with-resources never leaves anything behind.
 */
public interface ImageWriter extends AutoCloseable {

    /**
     * Writes all remaining bytes of {@code data}. The store must not keep a reference to {@code data} after
     * returning: core reuses the buffer. The buffer may be read-only.
     *
     * @param data the bytes to write, from its position to its limit
     * @throws IOException on a store failure; a full store should throw
     *                     {@link dev.imagecatalog.error.StorageFullException} (unchecked) instead
     */
    void write(ByteBuffer data) throws IOException;

    /**
     * Makes the object visible and durable (fs: fsync, atomic rename, fsync the directory; S3: complete the
     * multipart upload; Swift: the manifest last) and returns where it is. After a failed commit nothing remains.
     *
     * @return where the object is
     * @throws IOException on a store failure (nothing remains)
     */
    StoreLocation commit() throws IOException;

    /**
     * Where {@link #commit()} will put the object, known as soon as the writer is open: core records it (as a
     * pending location) before the first byte is written, so a crash mid-write leaves a record of what to remove.
     *
     * @return the location the committed object will have
     */
    StoreLocation location();

    /** Removes everything written so far. Idempotent; never throws for an already-aborted writer. */
    void abort();

    /** Aborts unless committed. */
    @Override
    void close();
}
