package dev.imagecatalog.store.swift;

import dev.imagecatalog.contract.CacheStoreUnderTest;
import dev.imagecatalog.contract.ImageCacheContract;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cache contract over Swift (TempAuth), its storage URL reached through a fault proxy that counts the GETs
 * reaching the server; a fresh container for the class, deleted after it.
 */
class SwiftImageCacheTest extends ImageCacheContract {
    @Override
    protected CacheStoreUnderTest createStore() throws Exception {
        return swiftThroughProxy(SwiftTestSupport.uniqueContainer("cache"));
    }

    /** Swift through a counting proxy, in {@code container}, which is deleted on close. */
    static CacheStoreUnderTest swiftThroughProxy(String container) throws Exception {
        Map<String, String> direct = SwiftTestSupport.tempAuthSettings(container);
        SwiftAuth.Token token = new SwiftAuth.TempAuth(URI.create(direct.get("auth-url")), direct.get("user"),
                direct.get("key")).authenticate(HttpClient.newHttpClient(), Duration.ofSeconds(10));
        URI storage = URI.create(token.storageUrl());
        return CacheStoreUnderTest.network(storage.getHost(), storage.getPort(), proxy -> {
            Map<String, String> m = new LinkedHashMap<>(direct);
            m.put("type", "swift");
            m.put("storage-url", "http://127.0.0.1:" + proxy.port() + storage.getRawPath());
            return m;
        }, () -> {
            try (SwiftImageStore cleaner = SwiftTestSupport.create("cleanup", direct)) {
                SwiftTestSupport.deleteContainers(cleaner, container, cleaner.config.segmentsContainer());
            }
        });
    }
}
