package dev.imagecatalog;

/** A store or metadata back-end is unavailable or refused to work (HTTP 503). */
public class BackendUnavailableException extends ImageCatalogException {
    private static final long serialVersionUID = 1L;

    public BackendUnavailableException(String message) {
        super(ErrorKind.UNAVAILABLE, message, null);
    }

    public BackendUnavailableException(String message, Throwable cause) {
        super(ErrorKind.UNAVAILABLE, message, cause);
    }
}
