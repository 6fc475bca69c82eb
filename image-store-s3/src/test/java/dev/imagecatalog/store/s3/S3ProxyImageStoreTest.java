package dev.imagecatalog.store.s3;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/** The store contract on s3proxy (SDK defaults). */
class S3ProxyImageStoreTest extends AbstractS3ImageStoreTest {
    private static final String BUCKET = S3TestServers.bucketName("s3proxy");

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
            finishBucket(S3TestServers.s3proxy(BUCKET), BUCKET);
        }
    }
}
