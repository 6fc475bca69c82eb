package dev.imagecatalog.server.http;

import java.util.Map;

/**
 * An answer other than success that a route or the dispatcher decides on itself (not one of the catalog's typed
 * exceptions): a status, the message for the error body, and the headers that go with it ({@code Allow} on 405,
 * {@code WWW-Authenticate} on 401, {@code Accept-Patch} on 415).
 */
public final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Map<String, String> headers;

    public HttpError(int status, String message) {
        this(status, message, Map.of());
    }

    public HttpError(int status, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    public static HttpError badRequest(String message) {
        return new HttpError(400, message);
    }

    public static HttpError notFound(String message) {
        return new HttpError(404, message);
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
