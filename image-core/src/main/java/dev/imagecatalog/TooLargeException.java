package dev.imagecatalog;

/** Too large (HTTP 413): the image size cap, a quota, or full storage. */
public class TooLargeException extends ImageCatalogException {
    private static final long serialVersionUID = 1L;

    public TooLargeException(String message) {
        super(ErrorKind.TOO_LARGE, message, null);
    }

    public TooLargeException(String message, Throwable cause) {
        super(ErrorKind.TOO_LARGE, message, cause);
    }
}
