package dev.imagecatalog.error;

/** Too large (HTTP 413): the image size cap, a quota, or full storage. */
public class TooLargeException extends ImageCatalogException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message names what is too large (the field, key or id at fault)
     */
    public TooLargeException(String message) {
        super(ErrorKind.TOO_LARGE, message, null);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message names what is too large (the field, key or id at fault)
     * @param cause   the failure behind it, may be null
     */
    public TooLargeException(String message, Throwable cause) {
        super(ErrorKind.TOO_LARGE, message, cause);
    }
}
