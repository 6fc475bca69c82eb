package dev.imagecatalog.image;

/**
 * What the caller says the bytes at a location are, checked before the location is added (Glance's
 * {@code validation_data}). Each component may be null; a non-null one must agree with the image and, where the
 * store can read the bytes, with them.
 *
 * @param checksum    the hex MD5 of the bytes
 * @param osHashAlgo  the multihash algorithm ({@code sha512}, {@code sha256}, ...)
 * @param osHashValue the hex multihash
 */
public record LocationValidation(String checksum, String osHashAlgo, String osHashValue) {

    /** No validation data. */
    public static final LocationValidation NONE = new LocationValidation(null, null, null);

    /**
     * Whether nothing is claimed.
     *
     * @return true if every component is null
     */
    public boolean isEmpty() {
        return checksum == null && osHashAlgo == null && osHashValue == null;
    }
}
