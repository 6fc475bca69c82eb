package dev.imagecatalog.store.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.contract.ImageServiceContract;
import dev.imagecatalog.contract.TestEnvironment;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * The service contract with image bytes in the S3 store on s3proxy (metadata in memory), and the fault-injecting
 * store wrapping an S3 store too. Every catalog writes under its own prefix of one bucket; after every test no
 * multipart upload is left in the bucket, and after the class the bucket is emptied and removed.
 */
class S3ProxyImageServiceTest extends ImageServiceContract {
    private static final String BUCKET = S3TestServers.bucketName("service");

    /** The s3proxy settings with a prefix no other catalog uses, so every catalog starts with an empty store. */
    private static Map<String, String> freshStore() {
        Map<String, String> m = S3TestServers.s3proxy(BUCKET);
        m.put("prefix", "service-" + UUID.randomUUID() + "/");
        return m;
    }

    @Override
    protected ImageCatalog createCatalog() {
        ImageCatalog.Builder b = ImageCatalog.builder().setting("metadata.type", "memory").setting("stores", "s3")
                .setting("store.s3.type", "s3");
        freshStore().forEach((k, v) -> b.setting("store.s3." + k, v));
        return b.build();
    }

    @Override
    protected Map<String, String> faultyStoreDelegateSettings() {
        Map<String, String> m = freshStore();
        m.put("type", "s3");
        return m;
    }

    @AfterEach
    void noMultipartUploadLeft() {
        try (S3ImageStore s = S3TestServers.open("s3test-check", "check", S3TestServers.s3proxy(BUCKET))) {
            assertThat(S3TestServers.multipartUploads(s.client(), BUCKET)).extracting(MultipartUpload::key)
                    .as("multipart uploads left in bucket " + BUCKET).isEmpty();
        }
    }

    @AfterAll
    static void removeBucket() {
        if (TestEnvironment.optional("IMAGECATALOG_S3PROXY_ENDPOINT").isPresent()) {
            AbstractS3ImageStoreTest.finishBucket(S3TestServers.s3proxy(BUCKET), BUCKET);
        }
    }
}
