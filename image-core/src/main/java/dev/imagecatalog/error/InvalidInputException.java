package dev.imagecatalog.error;

/** Bad input from the caller (HTTP 400). The message names the field or value at fault. */
public class InvalidInputException extends ImageCatalogException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message names the invalid input (the field, key or id at fault)
     */
    public InvalidInputException(String message) {
        super(ErrorKind.INVALID_INPUT, message, null);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message names the invalid input (the field, key or id at fault)
     * @param cause   the failure behind it, may be null
     */
    public InvalidInputException(String message, Throwable cause) {
        super(ErrorKind.INVALID_INPUT, message, cause);
    }
}
