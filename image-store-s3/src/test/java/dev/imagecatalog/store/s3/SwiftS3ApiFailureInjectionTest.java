package dev.imagecatalog.store.s3;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/** Failure injection between the store and Swift's s3api middleware. */
class SwiftS3ApiFailureInjectionTest extends AbstractS3FailureInjectionTest {
    private static final String BUCKET = S3TestServers.bucketName("swiftfaults");

    @Override
    protected Map<String, String> settings() {
        return S3TestServers.swiftS3Api(BUCKET);
    }

    @Override
    protected String bucket() {
        return BUCKET;
    }

    @AfterAll
    static void removeBucket() {
        if (dev.imagecatalog.contract.TestEnvironment.optional("IMAGECATALOG_SWIFT_S3_ENDPOINT").isPresent()) {
            AbstractS3ImageStoreTest.finishBucket(S3TestServers.swiftS3Api(BUCKET), BUCKET);
        }
    }
}
