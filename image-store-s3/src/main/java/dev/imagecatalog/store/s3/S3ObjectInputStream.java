package dev.imagecatalog.store.s3;

import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.image.StoreLocation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A streamed GET of a whole object or a byte range. When the connection breaks (an I/O error or an early end of
 * the body), it waits a bounded, jittered back-off and resumes with a Range request from the last byte received,
 * pinned to the first response's ETag, up to {@code read-attempts} times in a row. It ends only when it has
 * delivered exactly the bytes the first response announced.
 */
final class S3ObjectInputStream extends InputStream {
    private static final Logger LOG = LoggerFactory.getLogger(S3ObjectInputStream.class);
    private static final long BASE_DELAY_MS = 50;
    private static final long MAX_DELAY_MS = 2_000;

    private final S3ImageStore store;
    private final String key;
    private final StoreLocation location;
    private long position;
    private final long end; // exclusive
    private final String etag;
    private ResponseInputStream<GetObjectResponse> body;
    private boolean closed;

    private S3ObjectInputStream(S3ImageStore store, String key, StoreLocation location, long position, long end,
                                String etag, ResponseInputStream<GetObjectResponse> body) {
        this.store = store;
        this.key = key;
        this.location = location;
        this.position = position;
        this.end = end;
        this.etag = etag;
        this.body = body;
    }

    static InputStream open(S3ImageStore store, String key, StoreLocation location, long offset, long length)
            throws IOException {
        if (length == 0) {
            if (!store.exists(location)) {
                throw new NotFoundException("no object at " + location);
            }
            return new ByteArrayInputStream(new byte[0]);
        }
        ResponseInputStream<GetObjectResponse> first;
        int attempt = 0;
        while (true) {
            try {
                first = get(store, key, offset, length, null);
                break;
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    throw new NotFoundException("no object at " + location, e);
                }
                if (e.statusCode() == 416) { // offset at or past the end
                    long size = store.size(location);
                    if (offset >= size) {
                        return new ByteArrayInputStream(new byte[0]);
                    }
                }
                throw store.io("GET " + location, e);
            } catch (SdkException e) {
                // the SDK already retried; we add our own bounded attempts for a connection that drops early
                if (++attempt >= store.config().readAttempts) {
                    throw store.io("GET " + location, e);
                }
                pause(attempt);
            }
        }
        long contentLength = first.response().contentLength() == null ? -1 : first.response().contentLength();
        if (contentLength < 0) {
            first.abort();
            throw new IOException("store " + store.id() + ": GET " + location + " gave no Content-Length");
        }
        return new S3ObjectInputStream(store, key, location, offset, offset + contentLength, first.response().eTag(),
                first);
    }

    private static ResponseInputStream<GetObjectResponse> get(S3ImageStore store, String key, long offset,
                                                              long length, String etag) {
        GetObjectRequest.Builder req = GetObjectRequest.builder().bucket(store.bucket()).key(key);
        if (offset > 0 || length >= 0) {
            req.range("bytes=" + offset + "-" + (length >= 0 ? Long.toString(offset + length - 1) : ""));
        }
        if (etag != null) {
            req.ifMatch(etag);
        }
        return store.client().getObject(req.build());
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
            throw new IOException("stream of " + location + " is closed");
        }
        if (len == 0) {
            return 0;
        }
        if (position >= end) {
            return -1;
        }
        int attempt = 0;
        while (true) {
            IOException failure;
            try {
                if (body == null) {
                    body = get(store, key, position, end - position, etag);
                }
                int n = body.read(b, off, (int) Math.min(len, end - position));
                if (n > 0) {
                    position += n;
                    return n;
                }
                failure = new IOException("body ended early at byte " + position + " of " + end);
            } catch (IOException e) {
                failure = e;
            } catch (S3Exception e) {
                if (e.statusCode() == 404 || e.statusCode() == 412) {
                    throw new IOException("store " + store.id() + ": " + location + " changed or vanished while read",
                            e);
                }
                failure = new IOException(e.getMessage(), e);
            } catch (SdkException e) {
                failure = new IOException(e.getMessage(), e);
            }
            discardBody();
            if (++attempt >= store.config().readAttempts) {
                throw new IOException("store " + store.id() + ": reading " + location + " failed at byte " + position
                        + " of " + end + " after " + attempt + " attempts: " + failure.getMessage(), failure);
            }
            LOG.debug("resuming {} at byte {} after: {}", location, position, failure.toString());
            pause(attempt);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        if (n <= 0 || position >= end) {
            return 0;
        }
        long skip = Math.min(n, end - position);
        discardBody(); // the next read resumes with a Range request from the new position
        position += skip;
        return skip;
    }

    @Override
    public int available() throws IOException {
        return 0;
    }

    private void discardBody() {
        if (body != null) {
            try {
                body.abort(); // never drain what nobody will read
            } catch (RuntimeException ignored) {
                // already broken
            }
            try {
                body.close();
            } catch (IOException | RuntimeException ignored) {
                // already broken
            }
            body = null;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (body != null) {
            if (position < end) {
                discardBody();
            } else {
                try {
                    body.close();
                } catch (IOException | RuntimeException ignored) {
                    // the bytes were all delivered
                }
                body = null;
            }
        }
    }

    /** Exponential back-off with full jitter, capped. */
    static void pause(int attempt) throws InterruptedIOException {
        long cap = Math.min(MAX_DELAY_MS, BASE_DELAY_MS << Math.min(attempt, 10));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry");
        }
    }
}
