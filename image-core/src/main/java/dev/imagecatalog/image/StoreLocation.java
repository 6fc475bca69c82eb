package dev.imagecatalog.image;

import java.util.Objects;

/**
 * Where a store put an image's bytes: the id of the configured store and a store-specific key. A location never
 * holds credentials; the store resolves it against its own configuration when it reads.
 *
 * <p>Rendered as a URL {@code <scheme>://<storeId>/<key>} by {@link #url()}, e.g.
 * {@code filesystem://local/2b/2b5c...}, {@code s3://archive/images/2b5c...}.
 *
 * @param scheme  the store type's scheme ({@code filesystem}, {@code memory}, {@code s3}, {@code swift})
 * @param storeId the id of the configured store that holds the bytes (the name in {@code stores = ...})
 * @param key     the store-specific key (a relative path, an object key); never starts with '/'
 */
public record StoreLocation(String scheme, String storeId, String key) {

    /**
     * Checks the components.
     *
     * @param scheme  the store type's scheme
     * @param storeId the id of the configured store that holds the bytes
     * @param key     the store-specific key
     * @throws NullPointerException     if a component is null
     * @throws IllegalArgumentException if a component is empty or {@code key} starts with '/'
     */
    public StoreLocation {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(storeId, "storeId");
        Objects.requireNonNull(key, "key");
        if (scheme.isEmpty() || storeId.isEmpty() || key.isEmpty() || key.startsWith("/")) {
            throw new IllegalArgumentException("invalid store location " + scheme + "://" + storeId + "/" + key);
        }
    }

    /**
     * The location as a URL.
     *
     * @return {@code scheme://storeId/key}
     */
    public String url() {
        return scheme + "://" + storeId + "/" + key;
    }

    /**
     * The URL users see for this location: for a store that reads external URLs (an {@code http} store, whose key is
     * the absolute URL it reads) that URL, else {@link #url()}.
     *
     * @return the external URL in the key, or {@code scheme://storeId/key}
     */
    public String publicUrl() {
        return isExternal() ? key : url();
    }

    /**
     * Whether the key is itself an absolute URL outside every store's own namespace (an {@code http} store's
     * location).
     *
     * @return true if the key has the form {@code scheme://...}
     */
    public boolean isExternal() {
        int sep = key.indexOf("://");
        return sep > 0 && key.indexOf('/') > sep;
    }

    /**
     * Parses what {@link #url()} produced.
     *
     * @param url a URL of the form {@code scheme://storeId/key}
     * @return the location it names
     * @throws IllegalArgumentException if {@code url} is null or not of that form
     */
    public static StoreLocation parse(String url) {
        int sep = url == null ? -1 : url.indexOf("://");
        if (sep <= 0) {
            throw new IllegalArgumentException("not a store location: " + url);
        }
        int slash = url.indexOf('/', sep + 3);
        if (slash < 0) {
            throw new IllegalArgumentException("not a store location: " + url);
        }
        return new StoreLocation(url.substring(0, sep), url.substring(sep + 3, slash), url.substring(slash + 1));
    }

    @Override
    public String toString() {
        return url();
    }
}
