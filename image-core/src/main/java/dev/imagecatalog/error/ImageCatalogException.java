package dev.imagecatalog.error;

import java.util.Objects;

/**
 * The root of the catalog's unchecked exception family. Every exception the catalog throws on purpose is one of
 * its subclasses, and {@link #kind()} says which HTTP status a REST front end answers for it.
 */
public abstract class ImageCatalogException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** What kind of failure this is. */
    private final ErrorKind kind;

    /**
     * Creates an exception of one kind.
     *
     * @param kind    what kind of failure this is, never null
     * @param message names the field, key or id at fault
     * @param cause   the failure behind it, may be null
     */
    protected ImageCatalogException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** {@return what kind of failure this is} */
    public ErrorKind kind() {
        return kind;
    }

    /** {@return the HTTP status a REST front end answers: shorthand for {@code kind().httpStatus()}} */
    public int httpStatus() {
        return kind.httpStatus();
    }
}
