package dev.imagecatalog.store.s3;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.contract.TestEnvironment;
import dev.imagecatalog.contract.UploadInspectionContract;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/** Format inspection in the upload on s3proxy; the bucket holds no multipart upload afterwards. */
class S3UploadInspectionTest extends UploadInspectionContract {
    private static final String BUCKET = S3TestServers.bucketName("inspect");

    @Override
    protected ImageCatalog createCatalog(Map<String, String> settings) {
        ImageCatalog.Builder b = ImageCatalog.builder().setting("metadata.type", "memory").setting("stores", "s3")
                .setting("store.s3.type", "s3");
        S3TestServers.s3proxy(BUCKET).forEach((k, v) -> b.setting("store.s3." + k, v));
        return b.settings(settings).build();
    }

    @AfterAll
    static void removeBucket() {
        if (TestEnvironment.optional("IMAGECATALOG_S3PROXY_ENDPOINT").isPresent()) {
            AbstractS3ImageStoreTest.finishBucket(S3TestServers.s3proxy(BUCKET), BUCKET);
        }
    }
}
