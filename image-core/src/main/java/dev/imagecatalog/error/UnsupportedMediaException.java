package dev.imagecatalog.error;

/** The data or request is of a media kind the catalog refuses (HTTP 415). */
public class UnsupportedMediaException extends ImageCatalogException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message names the unsupported media type (the field, key or id at fault)
     */
    public UnsupportedMediaException(String message) {
        super(ErrorKind.UNSUPPORTED_MEDIA, message, null);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message names the unsupported media type (the field, key or id at fault)
     * @param cause   the failure behind it, may be null
     */
    public UnsupportedMediaException(String message, Throwable cause) {
        super(ErrorKind.UNSUPPORTED_MEDIA, message, cause);
    }
}
