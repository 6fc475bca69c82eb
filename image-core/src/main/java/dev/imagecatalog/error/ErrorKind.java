package dev.imagecatalog.error;

/**
 * The kinds of failure the catalog reports, each mapping one-to-one to the HTTP status Glance v2 would answer.
 */
public enum ErrorKind {
    /** Bad input: a malformed value, an unknown filter, an unknown marker. HTTP 400. */
    INVALID_INPUT(400),
    /** The caller may see the resource but not do this to it (read-only attribute, protected image). HTTP 403. */
    FORBIDDEN(403),
    /** No such resource, or one the caller may not see. HTTP 404. */
    NOT_FOUND(404),
    /** The resource is in a state that does not allow this (illegal status change, duplicate). HTTP 409. */
    CONFLICT(409),
    /** Too large: image size cap, quota, full storage. HTTP 413. */
    TOO_LARGE(413),
    /** The data is of a kind the catalog refuses (format mismatch, unsafe image). HTTP 415. */
    UNSUPPORTED_MEDIA(415),
    /** A back-end (store, database) cannot be reached or refused to work. HTTP 503. */
    UNAVAILABLE(503);

    private final int httpStatus;

    ErrorKind(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /** {@return the HTTP status a REST front end answers for this kind} */
    public int httpStatus() {
        return httpStatus;
    }
}
