package dev.imagecatalog.error;

/**
 * The catalog's configuration is wrong: an unknown plug-in type, a missing required key, a value that does not
 * parse, two providers claiming one type. Thrown while the catalog is built; the message names the key.
 */
public class CatalogConfigurationException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message names the bad setting (the field, key or id at fault)
     */
    public CatalogConfigurationException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message names the bad setting (the field, key or id at fault)
     * @param cause   the failure behind it, may be null
     */
    public CatalogConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
