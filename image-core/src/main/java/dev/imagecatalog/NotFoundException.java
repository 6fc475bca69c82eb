package dev.imagecatalog;

/** No such resource, or one the caller may not see (HTTP 404). Invisible resources are never reported as forbidden. */
public class NotFoundException extends ImageCatalogException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(ErrorKind.NOT_FOUND, message, null);
    }

    public NotFoundException(String message, Throwable cause) {
        super(ErrorKind.NOT_FOUND, message, cause);
    }
}
