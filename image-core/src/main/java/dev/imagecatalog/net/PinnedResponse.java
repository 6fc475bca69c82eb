package dev.imagecatalog.net;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP response from {@link PinnedHttpClient}: status, headers and the body as a stream read from the socket
 * (never buffered whole). Closing it closes the connection; an unread body is not drained.
 */
public final class PinnedResponse implements AutoCloseable {
    private final CheckedUrl url;
    private final int status;
    private final Map<String, String> headers;
    private final InputStream body;
    private final Socket socket;

    PinnedResponse(CheckedUrl url, int status, Map<String, String> headers, InputStream body, Socket socket) {
        this.url = url;
        this.status = status;
        this.headers = Map.copyOf(headers);
        this.body = body;
        this.socket = socket;
    }

    /**
     * The URL that answered: the one asked, or the last redirect's target.
     *
     * @return the checked URL
     */
    public CheckedUrl url() {
        return url;
    }

    /**
     * The status code.
     *
     * @return 200, 206, 404, ...
     */
    public int status() {
        return status;
    }

    /**
     * A header's value; repeated headers are joined with {@code ", "}.
     *
     * @param name the header name, any case
     * @return its value, or empty if absent
     */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /**
     * The {@code Content-Length} of the body.
     *
     * @return the length, or -1 if the body is chunked, delimited by the connection's close, or the header is bad
     */
    public long contentLength() {
        if (headers.containsKey("transfer-encoding")) {
            return -1;
        }
        String v = headers.get("content-length");
        return v != null && v.matches("[0-9]{1,18}") ? Long.parseLong(v) : -1;
    }

    /**
     * The body, read from the connection as the caller reads it. A body that ends before its announced end throws
     * {@link java.io.EOFException}.
     *
     * @return the body stream (closing it closes the connection)
     */
    public InputStream body() {
        return body;
    }

    /** Closes the connection. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a socket that already failed
        }
    }

    @Override
    public String toString() {
        return status + " from " + url;
    }
}
