package dev.imagecatalog.store.s3;

import dev.imagecatalog.contract.MultiStoreContract;
import dev.imagecatalog.contract.StoreUnderTest;
import dev.imagecatalog.contract.TestEnvironment;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * The multi-store contract over a filesystem store (a, the default) and S3 on s3proxy (b), reached through a
 * fault proxy; a fresh bucket per test, emptied and deleted after it.
 */
class FilesystemS3MultiStoreTest extends MultiStoreContract {
    @TempDir
    Path dir;

    @Override
    protected StoreUnderTest createStoreA() {
        return StoreUnderTest.local(Map.of("type", "filesystem", "datadir", dir.resolve("a").toString()));
    }

    @Override
    protected StoreUnderTest createStoreB() throws Exception {
        return s3ThroughProxy(S3TestServers.bucketName("multi"));
    }

    /** S3 on s3proxy through a fault proxy, in {@code bucket}, which is deleted on close. */
    static StoreUnderTest s3ThroughProxy(String bucket) throws Exception {
        Map<String, String> direct = S3TestServers.s3proxy(bucket);
        URI server = URI.create(TestEnvironment.require("IMAGECATALOG_S3PROXY_ENDPOINT", S3TestServers.PROVIDED_BY));
        return StoreUnderTest.network(server.getHost(), server.getPort(), proxy -> {
            Map<String, String> viaProxy = new java.util.LinkedHashMap<>(direct);
            viaProxy.put("type", "s3");
            viaProxy.put("endpoint", proxy.endpoint());
            viaProxy.put("max-attempts", "2");
            return viaProxy;
        }, () -> {
            try (S3ImageStore cleaner = S3TestServers.open("cleanup", "cleanup", direct)) {
                S3TestServers.deleteCutBucket(cleaner.client(), bucket);
            }
        });
    }
}
