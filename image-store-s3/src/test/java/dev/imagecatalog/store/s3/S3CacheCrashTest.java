package dev.imagecatalog.store.s3;

import dev.imagecatalog.contract.CacheCrashContract;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/** A cache fill from S3 on s3proxy killed in a child JVM ({@link CacheCrashContract}); the bucket deleted after. */
class S3CacheCrashTest extends CacheCrashContract {
    private final String bucket = S3TestServers.bucketName("cache-crash");

    @Override
    protected Map<String, String> storeSettings() {
        Map<String, String> s = new LinkedHashMap<>(S3TestServers.s3proxy(bucket));
        s.put("type", "s3");
        return s;
    }

    @AfterEach
    void removeBucket() {
        try (S3ImageStore cleaner = S3TestServers.open("cleanup", "cleanup", S3TestServers.s3proxy(bucket))) {
            S3TestServers.deleteBucket(cleaner.client(), bucket);
        }
    }
}
