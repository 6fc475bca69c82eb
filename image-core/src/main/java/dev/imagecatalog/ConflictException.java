package dev.imagecatalog;

/** The resource's state does not allow the operation (HTTP 409): an illegal status transition, data already uploaded, a duplicate id, a lost compare-and-set. */
public class ConflictException extends ImageCatalogException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        super(ErrorKind.CONFLICT, message, null);
    }

    public ConflictException(String message, Throwable cause) {
        super(ErrorKind.CONFLICT, message, cause);
    }
}
