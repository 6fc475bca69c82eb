package dev.imagecatalog.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A download: the bytes as a stream, with their length and the image's checksums. Close it (try-with-resources)
 * to release the store's connection or file; reading it to the end does not close it.
 */
public final class ImageData implements AutoCloseable {
    private final String imageId;
    private final InputStream stream;
    private final ByteRange.Resolved range;
    private final String checksum;
    private final String osHashAlgo;
    private final String osHashValue;

    /**
     * Holds an open download; core builds it, the caller reads and closes it.
     *
     * @param imageId     the image
     * @param stream      the bytes
     * @param range       offset, length and total size of what the stream holds
     * @param checksum    the image's hex MD5, may be null
     * @param osHashAlgo  the multihash algorithm, may be null
     * @param osHashValue the hex multihash, may be null
     */
    public ImageData(String imageId, InputStream stream, ByteRange.Resolved range, String checksum,
                     String osHashAlgo, String osHashValue) {
        this.imageId = Objects.requireNonNull(imageId);
        this.stream = Objects.requireNonNull(stream);
        this.range = Objects.requireNonNull(range);
        this.checksum = checksum;
        this.osHashAlgo = osHashAlgo;
        this.osHashValue = osHashValue;
    }

    /** {@return the id of the image the data is of} */
    public String imageId() { return imageId; }
    /** {@return the bytes} */
    public InputStream stream() { return stream; }
    /** {@return how many bytes the stream holds} */
    public long contentLength() { return range.length(); }
    /** {@return the whole image's size} */
    public long imageSize() { return range.totalSize(); }
    /** {@return offset, length and total size} */
    public ByteRange.Resolved range() { return range; }
    /** {@return true if this is part of the image (an HTTP 206)} */
    public boolean isPartial() { return range.length() != range.totalSize(); }
    /** {@return the image's hex MD5 (Glance's {@code Content-MD5} header value); may be null} */
    public String checksum() { return checksum; }
    /** {@return the multihash algorithm ({@code os_hash_algo}, e.g. {@code sha512}); may be null} */
    public String osHashAlgo() { return osHashAlgo; }
    /** {@return the image's hex multihash ({@code os_hash_value}); may be null} */
    public String osHashValue() { return osHashValue; }

    @Override
    public void close() throws IOException {
        stream.close();
    }
}
