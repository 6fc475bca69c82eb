package dev.imagecatalog.store.s3;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/** Failure injection between the store and s3proxy. */
class S3ProxyFailureInjectionTest extends AbstractS3FailureInjectionTest {
    private static final String BUCKET = S3TestServers.bucketName("faults");

    @Override
    protected Map<String, String> settings() {
        return S3TestServers.s3proxy(BUCKET);
    }

    @Override
    protected String bucket() {
        return BUCKET;
    }

    @AfterAll
    static void removeBucket() {
        if (dev.imagecatalog.contract.TestEnvironment.optional("IMAGECATALOG_S3PROXY_ENDPOINT").isPresent()) {
            AbstractS3ImageStoreTest.finishBucket(S3TestServers.s3proxy(BUCKET), BUCKET);
        }
    }
}
