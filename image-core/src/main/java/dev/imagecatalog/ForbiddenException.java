package dev.imagecatalog;

/** The caller may see the resource but may not do this (HTTP 403): a read-only or reserved attribute, a protected image, a policy refusal. */
public class ForbiddenException extends ImageCatalogException {
    private static final long serialVersionUID = 1L;

    public ForbiddenException(String message) {
        super(ErrorKind.FORBIDDEN, message, null);
    }

    public ForbiddenException(String message, Throwable cause) {
        super(ErrorKind.FORBIDDEN, message, cause);
    }
}
