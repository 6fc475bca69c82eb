package dev.imagecatalog.store.http;

import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.net.PinnedHttpClient;
import dev.imagecatalog.net.PinnedResponse;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request of the http store with its retries: a connection failure, a timeout or a {@code 5xx}/{@code 429}
 * answer before any body byte is tried again, up to {@code retries} more times, {@code retry-delay} × the attempt's
 * number apart. {@code 404}/{@code 410} is {@link NotFoundException}; any other non-2xx answer fails at once.
 */
final class HttpRequests {
    private static final Logger LOG = LoggerFactory.getLogger(HttpRequests.class);
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d{1,18})-(\\d{1,18})/(\\d{1,18}|\\*)");

    private final PinnedHttpClient client;
    private final int retries;
    private final Duration retryDelay;

    HttpRequests(PinnedHttpClient client, int retries, Duration retryDelay) {
        this.client = client;
        this.retries = retries;
        this.retryDelay = retryDelay;
    }

    int retries() {
        return retries;
    }

    /**
     * {@code GET url} for bytes {@code from} to {@code toInclusive} (-1: to the end); without a {@code Range} header
     * when the whole object is asked. Returns a 200 or 206 answer.
     */
    PinnedResponse get(String url, long from, long toInclusive) throws IOException {
        Map<String, String> range = from == 0 && toInclusive < 0 ? Map.of()
                : Map.of("Range", "bytes=" + from + "-" + (toInclusive < 0 ? "" : String.valueOf(toInclusive)));
        return withRetries("GET", url, range);
    }

    /** {@code HEAD url}; a 2xx answer, or the first answer of 405/501 (no HEAD) as it is. */
    PinnedResponse head(String url) throws IOException {
        return withRetries("HEAD", url, Map.of());
    }

    private PinnedResponse withRetries(String method, String url, Map<String, String> headers) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt <= retries; attempt++) {
            if (attempt > 0) {
                pause(attempt);
            }
            PinnedResponse r;
            try {
                r = "HEAD".equals(method) ? client.head(url, headers) : client.get(url, headers);
            } catch (IOException e) {
                last = e;
                LOG.warn("{} {} failed (attempt {} of {}): {}", method, url, attempt + 1, retries + 1, e.toString());
                continue;
            }
            int status = r.status();
            if (status >= 200 && status < 300 || "HEAD".equals(method) && (status == 405 || status == 501)) {
                return r;
            }
            r.close();
            if (status == 404 || status == 410) {
                throw new NotFoundException("no object at " + url + " (HTTP " + status + ")");
            }
            last = new IOException(method + " " + url + " answered HTTP " + status);
            if (status < 500 && status != 429) {
                throw last;
            }
            LOG.warn("{} {} answered HTTP {} (attempt {} of {})", method, url, status, attempt + 1, retries + 1);
        }
        throw last;
    }

    void pause(int attempt) throws IOException {
        long ms = retryDelay.toMillis() * attempt;
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry");
        }
    }

    /** The first byte, last byte and total (-1 for {@code *}) of a {@code Content-Range} header, if well formed. */
    static Optional<long[]> contentRange(PinnedResponse r) {
        return r.header("content-range").map(CONTENT_RANGE::matcher).filter(Matcher::matches)
                .map(m -> new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                        m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3))});
    }
}
