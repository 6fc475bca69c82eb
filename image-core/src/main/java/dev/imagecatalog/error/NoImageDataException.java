package dev.imagecatalog.error;

/**
 * A download was asked of an image that has no data (queued, uploading, importing...). A REST front end answers
 * this one as Glance does, with 204 No Content; it is a {@link NotFoundException} because the data is not there.
 */
public class NoImageDataException extends NotFoundException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message names the image without data
     */
    public NoImageDataException(String message) {
        super(message);
    }
}
