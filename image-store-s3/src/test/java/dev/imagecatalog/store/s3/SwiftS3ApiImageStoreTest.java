package dev.imagecatalog.store.s3;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/** The store contract on Swift's s3api middleware (aws-chunked off, Content-MD5 on). */
class SwiftS3ApiImageStoreTest extends AbstractS3ImageStoreTest {
    private static final String BUCKET = S3TestServers.bucketName("swifts3");

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
            finishBucket(S3TestServers.swiftS3Api(BUCKET), BUCKET);
        }
    }
}
