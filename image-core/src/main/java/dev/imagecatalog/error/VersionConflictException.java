package dev.imagecatalog.error;


/**
 * A compare-and-set lost: the stored version of the record is no longer the one the write expected, because another
 * writer changed it first. The repository changed nothing. Thrown by {@link dev.imagecatalog.spi.MetadataRepository#update} and
 * {@link dev.imagecatalog.metadef.MetadefRepository#updateNamespace}; core catches it, re-reads the record, re-validates the change and tries
 * again. It is a {@link ConflictException} (HTTP 409), so a caller that does not retry reports a conflict.
 */
public class VersionConflictException extends ConflictException {
    private static final long serialVersionUID = 1L;

    /**
     * A lost compare-and-set.
     *
     * @param message names the record, the stored version and the expected one
     */
    public VersionConflictException(String message) {
        super(message);
    }

    /**
     * A lost compare-and-set that the back-end reported as a failure of its own (a serialization failure).
     *
     * @param message names the record and the expected version
     * @param cause   the back-end's failure
     */
    public VersionConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
