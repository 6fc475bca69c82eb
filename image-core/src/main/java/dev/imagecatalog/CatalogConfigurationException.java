package dev.imagecatalog;

/**
 * The catalog's configuration is wrong: an unknown plug-in type, a missing required key, a value that does not
 * parse, two providers claiming one type. Thrown while the catalog is built; the message names the key.
 */
public class CatalogConfigurationException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    public CatalogConfigurationException(String message) {
        super(message);
    }

    public CatalogConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
