package dev.imagecatalog.error;

/** The caller may see the resource but may not do this (HTTP 403): a read-only or reserved attribute, a protected image, a policy refusal. */
public class ForbiddenException extends ImageCatalogException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message names the refusal (the field, key or id at fault)
     */
    public ForbiddenException(String message) {
        super(ErrorKind.FORBIDDEN, message, null);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message names the refusal (the field, key or id at fault)
     * @param cause   the failure behind it, may be null
     */
    public ForbiddenException(String message, Throwable cause) {
        super(ErrorKind.FORBIDDEN, message, cause);
    }
}
