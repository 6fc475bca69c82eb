package dev.imagecatalog;

import java.util.Objects;

/**
 * The root of the catalog's unchecked exception family. Every exception the catalog throws on purpose is one of
 * its subclasses, and {@link #kind()} says which HTTP status a REST front end answers for it.
 */
public abstract class ImageCatalogException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorKind kind;

    protected ImageCatalogException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** What kind of failure this is. */
    public ErrorKind kind() {
        return kind;
    }

    /** Shorthand for {@code kind().httpStatus()}. */
    public int httpStatus() {
        return kind.httpStatus();
    }
}
