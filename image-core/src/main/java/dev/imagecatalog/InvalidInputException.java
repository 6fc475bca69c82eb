package dev.imagecatalog;

/** Bad input from the caller (HTTP 400). The message names the field or value at fault. */
public class InvalidInputException extends ImageCatalogException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(ErrorKind.INVALID_INPUT, message, null);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(ErrorKind.INVALID_INPUT, message, cause);
    }
}
