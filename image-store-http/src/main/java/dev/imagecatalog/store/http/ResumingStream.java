package dev.imagecatalog.store.http;

import dev.imagecatalog.net.PinnedResponse;
import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bytes {@code [offset, end)} of an external URL, streamed from one response at a time. When the connection
 * breaks (a read error, a body shorter than announced, a range ending early) it asks again with {@code Range} from
 * the byte reached, at most {@code retries} times per stream. A server that ignores {@code Range} (answers 200)
 * has the bytes before the offset read and dropped; a 206 for another start than asked is an error.
 */
final class ResumingStream extends InputStream {
    private static final Logger LOG = LoggerFactory.getLogger(ResumingStream.class);
    private static final int SKIP_BUFFER = 64 * 1024;

    private final HttpRequests requests;
    private final String url;
    private long position;
    private long end;
    private PinnedResponse response;
    private InputStream body;
    private int resumesLeft;
    private boolean closed;

    /**
     * Opens the first response now, so a missing object or a refused URL fails here.
     *
     * @param length how many bytes from {@code offset}; -1 to the end
     */
    ResumingStream(HttpRequests requests, String url, long offset, long length) throws IOException {
        this.requests = requests;
        this.url = url;
        this.position = offset;
        this.end = length < 0 ? -1 : offset + length;
        this.resumesLeft = requests.retries();
        open();
    }

    private void open() throws IOException {
        PinnedResponse r = requests.get(url, position, end < 0 ? -1 : end - 1);
        try {
            long start = 0;
            if (r.status() == 206) {
                long[] range = HttpRequests.contentRange(r).orElseThrow(() -> new IOException(url
                        + " answered 206 without a valid Content-Range"));
                start = range[0];
                if (start != position) {
                    throw new IOException(url + " answered bytes from " + start + " when asked from " + position);
                }
                if (end < 0 && range[2] >= 0) {
                    end = range[2];
                }
            } else if (r.status() != 200) {
                throw new IOException(url + " answered HTTP " + r.status() + " to a GET");
            } else if (end < 0 && r.contentLength() >= 0) {
                end = r.contentLength();
            }
            InputStream in = r.body();
            if (start < position) {
                LOG.debug("{} ignored Range: skipping {} bytes", url, position - start);
                skipExactly(in, position - start);
            }
            response = r;
            body = in;
        } catch (IOException | RuntimeException e) {
            r.close();
            throw e;
        }
    }

    private static void skipExactly(InputStream in, long n) throws IOException {
        byte[] drop = new byte[(int) Math.min(SKIP_BUFFER, n)];
        long left = n;
        while (left > 0) {
            int k = in.read(drop, 0, (int) Math.min(drop.length, left));
            if (k < 0) {
                throw new IOException("the body ended " + left + " bytes before the asked offset");
            }
            left -= k;
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (len == 0) {
            return 0;
        }
        while (true) {
            if (end >= 0 && position >= end) {
                return -1;
            }
            int want = end < 0 ? len : (int) Math.min(len, end - position);
            IOException broken;
            try {
                int n = body.read(b, off, want);
                if (n > 0) {
                    position += n;
                    return n;
                }
                if (end < 0) {
                    return -1;
                }
                broken = new IOException(url + " ended at byte " + position + " of " + end);
            } catch (IOException e) {
                broken = e;
            }
            resume(broken);
        }
    }

    private void resume(IOException broken) throws IOException {
        response.close();
        if (resumesLeft == 0) {
            throw broken;
        }
        resumesLeft--;
        LOG.warn("reading {} broke at byte {} ({}); resuming with Range", url, position, broken.toString());
        requests.pause(requests.retries() - resumesLeft);
        try {
            open();
        } catch (IOException e) {
            e.addSuppressed(broken);
            throw e;
        } catch (RuntimeException e) {
            IOException failed = new IOException("resuming " + url + " at byte " + position + " failed: "
                    + e.getMessage(), e);
            failed.addSuppressed(broken);
            throw failed;
        }
    }

    @Override
    public void close() {
        closed = true;
        if (response != null) {
            response.close();
        }
    }
}
