package dev.imagecatalog;

/** The data or request is of a media kind the catalog refuses (HTTP 415). */
public class UnsupportedMediaException extends ImageCatalogException {
    private static final long serialVersionUID = 1L;

    public UnsupportedMediaException(String message) {
        super(ErrorKind.UNSUPPORTED_MEDIA, message, null);
    }

    public UnsupportedMediaException(String message, Throwable cause) {
        super(ErrorKind.UNSUPPORTED_MEDIA, message, cause);
    }
}
