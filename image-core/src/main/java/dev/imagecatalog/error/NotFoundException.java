package dev.imagecatalog.error;

/** No such resource, or one the caller may not see (HTTP 404). Invisible resources are never reported as forbidden. */
public class NotFoundException extends ImageCatalogException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message names what was not found (the field, key or id at fault)
     */
    public NotFoundException(String message) {
        super(ErrorKind.NOT_FOUND, message, null);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message names what was not found (the field, key or id at fault)
     * @param cause   the failure behind it, may be null
     */
    public NotFoundException(String message, Throwable cause) {
        super(ErrorKind.NOT_FOUND, message, cause);
    }
}
