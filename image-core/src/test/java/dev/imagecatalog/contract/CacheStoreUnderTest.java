package dev.imagecatalog.contract;

import dev.imagecatalog.ImageCatalog;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The remote store of {@link ImageCacheContract} and how its reads of an image are counted where they happen: a
 * network store (S3, Swift) through a {@link FaultProxy}, counting the GETs of the image's object that reach the
 * server; a memory store wrapped in {@link FaultyImageStore}, counting the streams opened on it. The store is the
 * catalog's store {@link #STORE_ID}, marked not local ({@code store.remote.local=false}).
 */
public final class CacheStoreUnderTest implements AutoCloseable {
    /** The id of the store in the catalog. */
    public static final String STORE_ID = "remote";

    private final Map<String, String> storeSettings;
    private final FaultProxy proxy;
    private final AutoCloseable cleanup;

    private CacheStoreUnderTest(Map<String, String> storeSettings, FaultProxy proxy, AutoCloseable cleanup) {
        this.storeSettings = Map.copyOf(storeSettings);
        this.proxy = proxy;
        this.cleanup = cleanup;
    }

    /** A memory store in a {@link FaultyImageStore} wrapper that counts the streams opened. */
    public static CacheStoreUnderTest memory() {
        return new CacheStoreUnderTest(Map.of("type", FaultyImageStoreProvider.TYPE, "delegate.type", "memory"), null,
                () -> { });
    }

    /**
     * A network store whose server listens on {@code host:port}, reached through a fresh {@link FaultProxy} that
     * counts the GETs.
     *
     * @param settings the store's settings (keys below {@code store.<id>.}) given the proxy
     * @param cleanup  run on {@link #close()} after the proxy is closed
     */
    public static CacheStoreUnderTest network(String host, int port, Function<FaultProxy, Map<String, String>> settings,
                                              AutoCloseable cleanup) throws IOException {
        FaultProxy proxy = new FaultProxy(host, port);
        try {
            return new CacheStoreUnderTest(settings.apply(proxy), proxy, cleanup);
        } catch (RuntimeException e) {
            proxy.close();
            throw e;
        }
    }

    /** The catalog settings of this store as {@link #STORE_ID}, the only store, not local. */
    public Map<String, String> catalogSettings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("stores", STORE_ID);
        storeSettings.forEach((k, v) -> s.put("store." + STORE_ID + "." + k, v));
        s.put("store." + STORE_ID + ".local", "false");
        return s;
    }

    /**
     * How many times the store was read for {@code imageId} since it was created: GETs of a path naming the image
     * that reached the server, or streams opened on the wrapped memory store for a location naming it.
     */
    public long reads(ImageCatalog catalog, String imageId) {
        if (proxy != null) {
            return proxy.requests().stream().filter(r -> r.startsWith("GET ")
                    && r.substring(4).split("[? ]", 2)[0].contains(imageId)).count();
        }
        FaultyImageStore store = (FaultyImageStore) catalog.backends().stores().get(STORE_ID);
        return store.opens().stream().filter(o -> o.location().key().contains(imageId)).count();
    }

    /** The reads {@link #reads} counts, one per line (GETs with their range, or opens with offset and length). */
    public String readsOf(ImageCatalog catalog, String imageId) {
        if (proxy != null) {
            return String.join("\n", proxy.requests().stream().filter(r -> r.startsWith("GET ")
                    && r.substring(4).split("[? ]", 2)[0].contains(imageId)).toList());
        }
        FaultyImageStore store = (FaultyImageStore) catalog.backends().stores().get(STORE_ID);
        return String.join("\n", store.opens().stream().filter(o -> o.location().key().contains(imageId))
                .map(Object::toString).toList());
    }

    /** Closes the proxy, then runs the cleanup. */
    @Override
    public void close() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        cleanup.close();
    }
}
