package dev.imagecatalog.contract;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * One store of {@link MultiStoreContract}'s pair: its settings (keys below {@code store.<id>.}) and how the suite
 * makes it fail. The catalog always wraps it in a {@link FaultyImageStore}, which records the offsets core
 * reads at. A local store (memory, filesystem) fails inside that wrapper; a network store (S3, Swift) is reached
 * through a {@link FaultProxy}, so it fails on the wire: uploads cut and then refused with 503, a download ended
 * cleanly after some bytes and then the proxy closed (connections refused).
 */
public final class StoreUnderTest implements AutoCloseable {
    private final Map<String, String> settings;
    private final FaultProxy proxy;
    private final boolean durable;
    private final AutoCloseable cleanup;

    private StoreUnderTest(Map<String, String> settings, FaultProxy proxy, boolean durable, AutoCloseable cleanup) {
        this.settings = Map.copyOf(settings);
        this.proxy = proxy;
        this.durable = durable;
        this.cleanup = cleanup;
    }

    /** A memory store: it fails inside the wrapper and does not outlive its process. */
    public static StoreUnderTest memory() {
        return new StoreUnderTest(Map.of("type", "memory"), null, false, () -> { });
    }

    /** A local store with these settings (e.g. {@code type=filesystem}, {@code datadir=...}): fails in the wrapper. */
    public static StoreUnderTest local(Map<String, String> settings) {
        return new StoreUnderTest(settings, null, true, () -> { });
    }

    /**
     * A network store whose server listens on {@code host:port}, reached through a fresh {@link FaultProxy}.
     *
     * @param settings the store's settings given the proxy (its endpoint in place of the server's)
     * @param cleanup  run on {@link #close()} after the proxy is closed (e.g. empty the bucket)
     */
    public static StoreUnderTest network(String host, int port, Function<FaultProxy, Map<String, String>> settings,
                                         AutoCloseable cleanup) throws IOException {
        FaultProxy proxy = new FaultProxy(host, port);
        try {
            return new StoreUnderTest(settings.apply(proxy), proxy, true, cleanup);
        } catch (RuntimeException e) {
            proxy.close();
            throw e;
        }
    }

    /** The store's settings, keys below {@code store.<id>.}. */
    public Map<String, String> settings() {
        return settings;
    }

    /** Whether the store's data outlives the process that wrote it (false for memory). */
    public boolean durable() {
        return durable;
    }

    /** Whether faults are injected on the wire (a network store) rather than in the wrapper. */
    public boolean onTheWire() {
        return proxy != null;
    }

    /** The catalog settings of this store as store {@code storeId}, wrapped in {@link FaultyImageStore}. */
    Map<String, String> catalogSettings(String storeId) {
        return new LinkedHashMap<>(FaultyImageStoreProvider.wrapping(storeId, settings));
    }

    /**
     * Every write into the store fails once about {@code bytes} bytes went in: in the wrapper for a local store;
     * for a network store the upload's connection is cut there and every later PUT or POST is answered 503.
     */
    void failWritesAfter(FaultyImageStore store, long bytes) {
        if (proxy == null) {
            store.inject(FaultyImageStore.Fault.IO_ERROR_ON_WRITE, bytes);
            return;
        }
        int cutsBefore = proxy.cuts();
        proxy.rule((method, target) -> proxy.cuts() > cutsBefore && (method.equals("PUT") || method.equals("POST"))
                ? FaultProxy.Decision.fail(503) : FaultProxy.Decision.PASS);
        proxy.cutUploadAfter(bytes);
    }

    /** Writes work again. */
    void healWrites(FaultyImageStore store) {
        if (proxy == null) {
            store.restart();
            return;
        }
        proxy.cutUploadAfter(-1);
        proxy.rule((method, target) -> FaultProxy.Decision.PASS);
    }

    /**
     * The next read of {@code imageId}'s bytes delivers exactly {@code bytes} bytes, then the store stops: in the
     * wrapper for a local store; for a network store the proxy ends that answer cleanly after {@code bytes} body
     * bytes and closes at the next request, so every later connection (the store's own retries included) is
     * refused. Irreversible for a network store.
     */
    void stopAfterReading(FaultyImageStore store, String imageId, long bytes) {
        if (proxy == null) {
            store.stopAfterReading(bytes);
            return;
        }
        AtomicBoolean ended = new AtomicBoolean();
        proxy.rule((method, target) -> {
            if (ended.get()) {
                proxy.close();
                return FaultProxy.Decision.DROP;
            }
            if (method.equals("GET") && target.contains(imageId)) {
                ended.set(true);
                return FaultProxy.Decision.endAfter(bytes);
            }
            return FaultProxy.Decision.PASS;
        });
    }

    /** The store stops now: the wrapper refuses every call, or the proxy closes (connections refused). */
    void stop(FaultyImageStore store) {
        if (proxy == null) {
            store.stop();
        } else {
            proxy.close();
        }
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
