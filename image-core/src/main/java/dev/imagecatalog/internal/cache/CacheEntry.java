package dev.imagecatalog.internal.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Objects;
import java.util.Properties;

/**
 * One complete, verified cached image as its sidecar file records it: the image's size, MD5 and os_hash (what the
 * bytes were verified against), the hits, the last access and when it was filled.
 *
 * @param imageId     the image
 * @param size        its size in bytes
 * @param checksum    its MD5, hex
 * @param osHashAlgo  its os_hash algorithm, or null
 * @param osHashValue its os_hash, hex, or null
 * @param hits        downloads served from this entry
 * @param lastAccess  the last time it was served (the fill time until then)
 * @param filledAt    when it was filled
 */
public record CacheEntry(String imageId, long size, String checksum, String osHashAlgo, String osHashValue,
                         long hits, Instant lastAccess, Instant filledAt) {
    /** Checks the values. */
    public CacheEntry {
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(lastAccess, "lastAccess");
        Objects.requireNonNull(filledAt, "filledAt");
    }

    /**
     * Whether this entry holds the bytes of an image recorded with these values (else it is stale).
     *
     * @param size        the image's size
     * @param checksum    the image's MD5
     * @param osHashAlgo  the image's os_hash algorithm
     * @param osHashValue the image's os_hash
     * @return true when every value equals this entry's
     */
    public boolean matches(Long size, String checksum, String osHashAlgo, String osHashValue) {
        return size != null && size == this.size && this.checksum.equalsIgnoreCase(checksum)
                && Objects.equals(osHashAlgo, this.osHashAlgo)
                && (osHashValue == null ? this.osHashValue == null : osHashValue.equalsIgnoreCase(this.osHashValue));
    }

    /**
     * This entry after one more download served from it.
     *
     * @param now the time of the download
     * @return the entry with one more hit, last accessed at {@code now}
     */
    public CacheEntry hit(Instant now) {
        return new CacheEntry(imageId, size, checksum, osHashAlgo, osHashValue, hits + 1, now, filledAt);
    }

    void write(OutputStream out) throws IOException {
        Properties p = new Properties();
        p.setProperty("image_id", imageId);
        p.setProperty("size", Long.toString(size));
        p.setProperty("checksum", checksum);
        if (osHashAlgo != null && osHashValue != null) {
            p.setProperty("os_hash_algo", osHashAlgo);
            p.setProperty("os_hash_value", osHashValue);
        }
        p.setProperty("hits", Long.toString(hits));
        p.setProperty("last_access", lastAccess.toString());
        p.setProperty("filled_at", filledAt.toString());
        p.store(out, null);
    }

    /** The entry a sidecar records; any missing or malformed value is an {@link IOException}. */
    static CacheEntry read(InputStream in) throws IOException {
        Properties p = new Properties();
        p.load(in);
        try {
            return new CacheEntry(p.getProperty("image_id"), Long.parseLong(p.getProperty("size")),
                    p.getProperty("checksum"), p.getProperty("os_hash_algo"), p.getProperty("os_hash_value"),
                    Long.parseLong(p.getProperty("hits")), Instant.parse(p.getProperty("last_access")),
                    Instant.parse(p.getProperty("filled_at")));
        } catch (RuntimeException e) {
            throw new IOException("malformed cache sidecar: " + e.getMessage(), e);
        }
    }
}
