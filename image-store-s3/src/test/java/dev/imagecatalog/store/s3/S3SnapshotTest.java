package dev.imagecatalog.store.s3;

import dev.imagecatalog.contract.SnapshotContract;
import dev.imagecatalog.contract.TestEnvironment;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/** The snapshot contract with S3 on s3proxy and memory metadata; the bucket holds no upload afterwards. */
class S3SnapshotTest extends SnapshotContract {
    private static final String BUCKET = S3TestServers.bucketName("snapshot");

    @Override
    protected Map<String, String> storeUnderTest() {
        Map<String, String> s = new LinkedHashMap<>(S3TestServers.s3proxy(BUCKET));
        s.put("type", "s3");
        return s;
    }

    @AfterAll
    static void removeBucket() {
        if (TestEnvironment.optional("IMAGECATALOG_S3PROXY_ENDPOINT").isPresent()) {
            AbstractS3ImageStoreTest.finishBucket(S3TestServers.s3proxy(BUCKET), BUCKET);
        }
    }
}
