package dev.imagecatalog.store.s3;

import dev.imagecatalog.contract.TestEnvironment;
import dev.imagecatalog.contract.UnknownLengthUploadHeapContract;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/**
 * image-core's {@link UnknownLengthUploadHeapContract} on s3proxy: a 256 MiB image (s3proxy on the shared test
 * machine takes ~50 MB/s) in a 64 MiB heap; parts of 5 MiB, 2 in flight, so the image is 52 parts.
 */
class S3ProxyUnknownLengthHeapTest extends UnknownLengthUploadHeapContract {
    private static final String BUCKET = S3TestServers.bucketName("heap");

    @Override
    protected String childHeap() {
        return "-Xmx64m";
    }

    @Override
    protected long imageBytes() {
        return 256L << 20;
    }

    @Override
    protected Map<String, String> storeSettings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("stores", "s3");
        settings.put("store.s3.type", "s3");
        s3Settings().forEach((k, v) -> settings.put("store.s3." + k, v));
        return settings;
    }

    private static Map<String, String> s3Settings() {
        Map<String, String> m = S3TestServers.s3proxy(BUCKET);
        m.put("multipart-threshold", "5MiB");
        m.put("part-size", "5MiB");
        m.put("parts-in-flight", "2");
        return m;
    }

    @AfterAll
    static void removeBucket() {
        if (TestEnvironment.optional("IMAGECATALOG_S3PROXY_ENDPOINT").isPresent()) {
            AbstractS3ImageStoreTest.finishBucket(s3Settings(), BUCKET);
        }
    }
}
