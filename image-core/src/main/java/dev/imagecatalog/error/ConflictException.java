package dev.imagecatalog.error;

/** The resource's state does not allow the operation (HTTP 409): an illegal status transition, data already uploaded, a duplicate id, a lost compare-and-set. */
public class ConflictException extends ImageCatalogException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message names the conflict (the field, key or id at fault)
     */
    public ConflictException(String message) {
        super(ErrorKind.CONFLICT, message, null);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message names the conflict (the field, key or id at fault)
     * @param cause   the failure behind it, may be null
     */
    public ConflictException(String message, Throwable cause) {
        super(ErrorKind.CONFLICT, message, cause);
    }
}
