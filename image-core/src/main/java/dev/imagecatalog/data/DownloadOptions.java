package dev.imagecatalog.data;

/**
 * How to download: the whole image or one range, and whether to verify the stored checksum while reading.
 *
 * @param range  the range, or null for the whole image
 * @param verify when true (whole-image downloads only), the stream computes the MD5 and multihash as it is read
 *               and throws an {@link java.io.IOException} at the end if they differ from the image's recorded
 *               values (corruption in the store)
 */
public record DownloadOptions(ByteRange range, boolean verify) {
    /** {@return the whole image, not verified} */
    public static DownloadOptions whole() {
        return new DownloadOptions(null, false);
    }

    /** {@return the whole image, verified against its recorded checksums} */
    public static DownloadOptions verified() {
        return new DownloadOptions(null, true);
    }

    /**
     * One range of the image, not verified.
     *
     * @param range the bytes to read
     * @return the options
     */
    public static DownloadOptions range(ByteRange range) {
        return new DownloadOptions(range, false);
    }
}
