package dev.imagecatalog.store.s3;

import dev.imagecatalog.contract.CachedImageIsolationContract;
import dev.imagecatalog.contract.TestEnvironment;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/** The isolation matrix with the image cache on, over S3 on s3proxy; the bucket deleted after the class. */
class S3CachedImageIsolationTest extends CachedImageIsolationContract {
    private static final String BUCKET = S3TestServers.bucketName("cache-iso");

    @Override
    protected Map<String, String> storeSettings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("stores", "s3");
        s.put("store.s3.type", "s3");
        S3TestServers.s3proxy(BUCKET).forEach((k, v) -> s.put("store.s3." + k, v));
        return s;
    }

    @AfterAll
    static void removeBucket() {
        if (TestEnvironment.optional("IMAGECATALOG_S3PROXY_ENDPOINT").isPresent()) {
            try (S3ImageStore cleaner = S3TestServers.open("cleanup", "cleanup", S3TestServers.s3proxy(BUCKET))) {
                S3TestServers.deleteBucket(cleaner.client(), BUCKET);
            }
        }
    }
}
