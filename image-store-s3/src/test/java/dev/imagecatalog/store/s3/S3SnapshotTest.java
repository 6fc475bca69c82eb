package dev.imagecatalog.store.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.contract.SnapshotContract;
import dev.imagecatalog.contract.TestEnvironment;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * The snapshot contract with S3 on s3proxy and memory metadata, images above 64 KiB (the larger snapshots and the
 * failing sources) written as multipart uploads; afterwards no multipart upload (of a failed
 * snapshot or any other) is left in the bucket, which is then emptied and removed.
 */
class S3SnapshotTest extends SnapshotContract {
    private static final String BUCKET = S3TestServers.bucketName("snapshot");

    @Override
    protected Map<String, String> storeUnderTest() {
        Map<String, String> s = new LinkedHashMap<>(S3TestServers.s3proxy(BUCKET));
        s.put("type", "s3");
        s.put("multipart-threshold", "64KiB");
        return s;
    }

    @AfterAll
    static void noMultipartUploadLeftThenRemoveBucket() {
        if (TestEnvironment.optional("IMAGECATALOG_S3PROXY_ENDPOINT").isPresent()) {
            try (S3ImageStore s = S3TestServers.open("s3test-check", "check", S3TestServers.s3proxy(BUCKET))) {
                assertThat(S3TestServers.multipartUploads(s.client(), BUCKET)).extracting(MultipartUpload::key)
                        .as("multipart uploads left in bucket " + BUCKET).isEmpty();
            } finally {
                AbstractS3ImageStoreTest.finishBucket(S3TestServers.s3proxy(BUCKET), BUCKET);
            }
        }
    }
}
