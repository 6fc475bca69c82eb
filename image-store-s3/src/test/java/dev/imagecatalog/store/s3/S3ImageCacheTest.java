package dev.imagecatalog.store.s3;

import dev.imagecatalog.contract.CacheStoreUnderTest;
import dev.imagecatalog.contract.ImageCacheContract;
import dev.imagecatalog.contract.TestEnvironment;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cache contract over S3 on s3proxy, reached through a fault proxy that counts the GETs reaching the server; a
 * fresh bucket for the class, emptied and deleted after it.
 */
class S3ImageCacheTest extends ImageCacheContract {
    @Override
    protected CacheStoreUnderTest createStore() throws Exception {
        return s3ThroughProxy(S3TestServers.bucketName("cache"));
    }

    /** S3 on s3proxy through a counting proxy, in {@code bucket}, which is deleted on close. */
    static CacheStoreUnderTest s3ThroughProxy(String bucket) throws Exception {
        Map<String, String> direct = S3TestServers.s3proxy(bucket);
        URI server = URI.create(TestEnvironment.require("IMAGECATALOG_S3PROXY_ENDPOINT", S3TestServers.PROVIDED_BY));
        return CacheStoreUnderTest.network(server.getHost(), server.getPort(), proxy -> {
            Map<String, String> viaProxy = new LinkedHashMap<>(direct);
            viaProxy.put("type", "s3");
            viaProxy.put("endpoint", proxy.endpoint());
            return viaProxy;
        }, () -> {
            try (S3ImageStore cleaner = S3TestServers.open("cleanup", "cleanup", direct)) {
                S3TestServers.deleteBucket(cleaner.client(), bucket);
            }
        });
    }
}
