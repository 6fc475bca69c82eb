package dev.imagecatalog.store.swift;

import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.error.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A download that resumes a broken transfer with a {@code Range} request from the byte where it broke (at most
 * {@code retries} times) and checks that exactly the announced number of bytes arrived.
 */
final class SwiftDownload extends InputStream {
    private static final Logger LOG = LoggerFactory.getLogger(SwiftDownload.class);

    private final SwiftClient client;
    private final String path;
    private long position;      // absolute offset of the next byte
    private long end;           // absolute offset after the last byte; -1 unknown
    private String etag;
    private int retriesLeft;
    private InputStream body;
    private boolean closed;

    private SwiftDownload(SwiftClient client, String path, long offset, long end, int retries) {
        this.client = client;
        this.path = path;
        this.position = offset;
        this.end = end;
        this.retriesLeft = retries;
    }

    static SwiftDownload open(SwiftClient client, String path, long offset, long end, int retries) throws IOException {
        SwiftDownload d = new SwiftDownload(client, path, offset, end, retries);
        d.request(true);
        return d;
    }

    private void request(boolean first) throws IOException {
        Map<String, String> headers = new HashMap<>();
        boolean ranged = position > 0 || end >= 0;
        if (ranged) {
            headers.put("Range", "bytes=" + position + "-" + (end >= 0 ? Long.toString(end - 1) : ""));
        }
        HttpResponse<InputStream> r = client.send("GET", path, headers, null, HttpResponse.BodyHandlers.ofInputStream());
        int status = r.statusCode();
        if (status == 404) {
            SwiftClient.discard(r);
            throw new NotFoundException("no object at " + path);
        }
        if (status == 416) {
            SwiftClient.discard(r);
            throw new InvalidInputException("range from byte " + position + " is not satisfiable for " + path);
        }
        if (status != 200 && status != 206) {
            String text;
            try (InputStream in = r.body()) {
                text = new String(in.readNBytes(200), java.nio.charset.StandardCharsets.UTF_8);
            }
            throw SwiftClient.error(status, "GET " + path + ": HTTP " + status + " " + text.strip());
        }
        if (ranged && status == 200) {
            SwiftClient.discard(r);
            throw new IOException("GET " + path + " ignored the Range header");
        }
        String tag = r.headers().firstValue("ETag").orElse(null);
        if (first) {
            etag = tag;
            if (end < 0) {
                if (status == 206) {
                    end = r.headers().firstValue("Content-Range").map(SwiftDownload::rangeEnd).orElse(-1L);
                } else {
                    end = r.headers().firstValueAsLong("Content-Length").stream().map(n -> position + n).findFirst()
                            .orElse(-1L);
                }
            } else if (status == 206) {
                // a range past the end is clipped by Swift
                long e = r.headers().firstValue("Content-Range").map(SwiftDownload::rangeEnd).orElse(end);
                end = Math.min(end, e);
            }
        } else if (etag != null && tag != null && !etag.equals(tag)) {
            SwiftClient.discard(r);
            throw new IOException("object " + path + " changed while it was read (ETag " + etag + " -> " + tag + ")");
        }
        body = r.body();
    }

    /** The exclusive end of {@code bytes a-b/size}. */
    private static long rangeEnd(String contentRange) {
        int dash = contentRange.indexOf('-');
        int slash = contentRange.indexOf('/');
        return Long.parseLong(contentRange.substring(dash + 1, slash).trim()) + 1;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (len == 0) {
            return 0;
        }
        if (end >= 0 && position >= end) {
            return -1;
        }
        while (true) {
            int n;
            try {
                n = body.read(b, off, end >= 0 ? (int) Math.min(len, end - position) : len);
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                resume(e);
                continue;
            }
            if (n < 0) {
                if (end >= 0 && position < end) {
                    resume(new IOException("connection ended early"));
                    continue;
                }
                return -1;
            }
            position += n;
            return n;
        }
    }

    private void resume(IOException cause) throws IOException {
        try {
            body.close();
        } catch (IOException ignored) {
            // already broken
        }
        if (retriesLeft-- <= 0 || end < 0) {
            throw new IOException("download of " + path + " broke at byte " + position
                    + (end >= 0 ? " of " + end : "") + ": " + cause.getMessage(), cause);
        }
        LOG.info("download of {} broke at byte {} ({}); resuming with a Range request", path, position, cause.toString());
        request(false);
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            body.close();
        }
    }
}
