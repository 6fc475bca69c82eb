package dev.imagecatalog.error;

/** A store or metadata back-end is unavailable or refused to work (HTTP 503). */
public class BackendUnavailableException extends ImageCatalogException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message names the back-end failure (the field, key or id at fault)
     */
    public BackendUnavailableException(String message) {
        super(ErrorKind.UNAVAILABLE, message, null);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message names the back-end failure (the field, key or id at fault)
     * @param cause   the failure behind it, may be null
     */
    public BackendUnavailableException(String message, Throwable cause) {
        super(ErrorKind.UNAVAILABLE, message, cause);
    }
}
