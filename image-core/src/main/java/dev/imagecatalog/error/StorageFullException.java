package dev.imagecatalog.error;

/** The store has no room left for the image (HTTP 413, as Glance answers for {@code StorageFull}). */
public class StorageFullException extends TooLargeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with its cause.
     *
     * @param message names the store and the image
     * @param cause   the store's failure, may be null
     */
    public StorageFullException(String message, Throwable cause) {
        super(message, cause);
    }
}
