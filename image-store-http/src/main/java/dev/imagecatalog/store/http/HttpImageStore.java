package dev.imagecatalog.store.http;

import dev.imagecatalog.error.ForbiddenException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.net.AddressRefusedException;
import dev.imagecatalog.net.PinnedHttpClient;
import dev.imagecatalog.net.PinnedResponse;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageWriter;
import dev.imagecatalog.spi.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A read-only store of images at external {@code http(s)://} URLs (Glance's http store). A location's key is the
 * absolute URL; every request, each redirect included, passes the store's {@link dev.imagecatalog.net.AddressGuard}
 * and connects to the address it checked. It never writes, lists nothing as its own, and never deletes: the bytes
 * belong to whoever serves the URL.
 */
final class HttpImageStore implements ImageStore {
    private static final Logger LOG = LoggerFactory.getLogger(HttpImageStore.class);

    private final String id;
    private final PinnedHttpClient client;
    private final HttpRequests requests;

    HttpImageStore(String id, PinnedHttpClient client, int retries, Duration retryDelay) {
        this.id = id;
        this.client = client;
        this.requests = new HttpRequests(client, retries, retryDelay);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String scheme() {
        return HttpImageStoreProvider.TYPE;
    }

    @Override
    public boolean canWrite() {
        return false;
    }

    /** Always refuses: an http store only reads URLs others serve. */
    @Override
    public ImageWriter openWriter(String imageId, long expectedSize) {
        throw new ForbiddenException("store '" + id + "' is an http store: it reads external URLs and never writes");
    }

    /**
     * The location of an external {@code http://} or {@code https://} URL, after the address guard accepted it.
     *
     * @throws AddressRefusedException if the guard refuses the URL (a 400 naming the rule), rather than an empty
     *                                 answer, so the caller learns why
     */
    @Override
    public Optional<StoreLocation> locate(String url) {
        String lower = url == null ? "" : url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            return Optional.empty();
        }
        client.guard().check(url);
        return Optional.of(new StoreLocation(scheme(), id, url));
    }

    /**
     * Streams bytes of the URL with {@code Range}, resuming a broken transfer from the byte reached.
     *
     * @throws AddressRefusedException if the URL or a redirect target is refused
     */
    @Override
    public InputStream openStream(StoreLocation location, long offset, long length) throws IOException {
        String url = url(location);
        if (offset < 0) {
            throw new IllegalArgumentException("offset < 0");
        }
        if (length == 0) {
            return InputStream.nullInputStream();
        }
        return new ResumingStream(requests, url, offset, length);
    }

    /**
     * The size from {@code HEAD}'s {@code Content-Length}, else from the total of a {@code Range: bytes=0-0} answer.
     *
     * @throws AddressRefusedException if the URL or a redirect target is refused
     */
    @Override
    public long size(StoreLocation location) throws IOException {
        String url = url(location);
        try (PinnedResponse head = requests.head(url)) {
            if (head.status() >= 200 && head.status() < 300 && head.contentLength() >= 0) {
                return head.contentLength();
            }
        }
        try (PinnedResponse first = requests.get(url, 0, 0)) {
            if (first.status() == 206) {
                long total = HttpRequests.contentRange(first).map(r -> r[2]).orElse(-1L);
                if (total >= 0) {
                    return total;
                }
            } else if (first.contentLength() >= 0) {
                return first.contentLength();
            }
        }
        throw new IOException(url + " does not say its size (no Content-Length, no Content-Range total)");
    }

    @Override
    public boolean exists(StoreLocation location) throws IOException {
        try {
            size(location);
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** Deletes nothing: the URL's bytes are not the catalog's. Returns false, and logs that it left them. */
    @Override
    public boolean delete(StoreLocation location) {
        LOG.info("store '{}' never deletes external data: {} left as it is", id, location.publicUrl());
        return false;
    }

    /** Visits nothing: an http store owns nothing. */
    @Override
    public void forEachOwned(Consumer<StoredObject> visitor) {
        // an http store owns nothing, so the sweeps never remove anything from it
    }

    /** Always refuses: nothing was visited. */
    @Override
    public boolean remove(StoredObject object) {
        throw new IllegalArgumentException("store '" + id + "' is an http store and owns nothing: " + object);
    }

    /** Glance shows no properties for an http store. */
    @Override
    public Map<String, String> properties() {
        return Map.of();
    }

    @Override
    public void close() {
        // one connection per request: nothing held between requests
    }

    private String url(StoreLocation location) {
        if (!location.storeId().equals(id) || !location.scheme().equals(scheme()) || !location.isExternal()) {
            throw new NotFoundException("location " + location + " is not an external URL of http store '" + id
                    + "'");
        }
        return location.key();
    }
}
