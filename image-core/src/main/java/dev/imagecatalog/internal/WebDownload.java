package dev.imagecatalog.internal;

import dev.imagecatalog.net.AddressRules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongConsumer;

/**
 * web-download's fetch: checks a URL against {@code import.filtering.*} ({@link dev.imagecatalog.net.AddressGuard})
 * and streams it into a staging file over {@link dev.imagecatalog.net.PinnedHttpClient} (connected to the checked
 * address, every redirect re-checked), with the size cap and {@code Content-Length} enforced while it reads.
 */
final class WebDownload {

    WebDownload(AddressRules rules, Duration connectTimeout, Duration readTimeout, int maxRedirects) {
    }

    /**
     * Refuses a URL the filter does not allow, before anything is fetched.
     *
     * @throws dev.imagecatalog.net.AddressRefusedException (invalid input) naming why
     */
    void check(String url) {
        throw new UnsupportedOperationException("WebDownload.check");
    }

    /**
     * Downloads {@code url} into {@code target} (created or replaced), at most {@code cap} bytes, telling
     * {@code progress} the bytes received so far now and then.
     *
     * @return the bytes written
     * @throws dev.imagecatalog.error.ImageCatalogException typed: refused URL or redirect (invalid input), over the
     *         cap (too large), a short body against {@code Content-Length}, an HTTP error or a timeout (backend
     *         unavailable)
     */
    long fetch(String url, Path target, long cap, LongConsumer progress) {
        throw new UnsupportedOperationException("WebDownload.fetch");
    }
}
