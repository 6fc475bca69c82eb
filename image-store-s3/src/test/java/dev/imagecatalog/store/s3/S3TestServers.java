package dev.imagecatalog.store.s3;

import dev.imagecatalog.config.Settings;
import dev.imagecatalog.contract.TestEnvironment;
import dev.imagecatalog.spi.StoreContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Settings for the real servers the tests use, and the bucket hygiene after a suite. */
final class S3TestServers {
    static final String PROVIDED_BY = "started by scripts/test (see scripts/servers/)";

    private S3TestServers() {
    }

    /** A fresh, unique bucket name for one test class. */
    static String bucketName(String tag) {
        return ("ic-" + tag + "-" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase();
    }

    /** Store settings for s3proxy (SDK defaults work there). */
    static Map<String, String> s3proxy(String bucket) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("endpoint", TestEnvironment.require("IMAGECATALOG_S3PROXY_ENDPOINT", PROVIDED_BY));
        m.put("access-key", TestEnvironment.require("IMAGECATALOG_S3PROXY_ACCESS_KEY", PROVIDED_BY));
        m.put("secret-key", TestEnvironment.require("IMAGECATALOG_S3PROXY_SECRET_KEY", PROVIDED_BY));
        m.put("region", "us-east-1");
        m.put("path-style", "true");
        common(m, bucket);
        return m;
    }

    /** Store settings for Swift's s3api: aws-chunked encoding off, Content-MD5 on. */
    static Map<String, String> swiftS3Api(String bucket) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("endpoint", TestEnvironment.require("IMAGECATALOG_SWIFT_S3_ENDPOINT", PROVIDED_BY));
        String user = TestEnvironment.require("IMAGECATALOG_SWIFT_USER", PROVIDED_BY);
        String key = TestEnvironment.require("IMAGECATALOG_SWIFT_KEY", PROVIDED_BY);
        m.put("access-key", user);
        m.put("secret-key", key);
        m.put("region", "us-east-1");
        m.put("path-style", "true");
        m.put("chunked-encoding", "false");
        m.put("content-md5", "true");
        common(m, bucket);
        return m;
    }

    private static void common(Map<String, String> m, String bucket) {
        m.put("bucket", bucket);
        m.put("prefix", "images/");
        m.put("create-bucket", "true");
        // low threshold and the smallest part size, so the contract's large objects go multipart in 3 parts
        m.put("multipart-threshold", "1MiB");
        m.put("part-size", "5MiB");
        m.put("parts-in-flight", "2");
    }

    /** A store of catalog {@code catalogId}. */
    static S3ImageStore open(String storeId, String catalogId, Map<String, String> settings) {
        return (S3ImageStore) new S3ImageStoreProvider().create(new StoreContext(storeId, catalogId,
                Settings.of(settings)));
    }

    static List<MultipartUpload> multipartUploads(S3Client client, String bucket) {
        List<MultipartUpload> all = new ArrayList<>();
        client.listMultipartUploadsPaginator(r -> r.bucket(bucket)).uploads().forEach(all::add);
        return all;
    }

    static List<String> objectKeys(S3Client client, String bucket) {
        List<String> all = new ArrayList<>();
        client.listObjectsV2Paginator(r -> r.bucket(bucket)).contents().stream().map(S3Object::key).forEach(all::add);
        return all;
    }

    /** Empties and deletes the bucket (DeleteObjects, so Swift's Content-MD5 path is exercised too). */
    static void deleteBucket(S3Client client, String bucket) {
        try {
            emptyBucket(client, bucket);
            client.deleteBucket(r -> r.bucket(bucket));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
        }
    }

    /**
     * {@link #deleteBucket}, for a bucket whose uploads were cut by a fault proxy: s3proxy may still store a part
     * of a cut upload after the upload was aborted, where no S3 call lists or removes it, and then refuses to delete
     * the bucket (409). Tries again for a few seconds; if the bucket then holds nothing the S3 API shows (no object,
     * no upload), it is left to the server's temporary storage, else the refusal is thrown.
     */
    static void deleteCutBucket(S3Client client, String bucket) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                deleteBucket(client, bucket);
                return;
            } catch (S3Exception e) {
                if (e.statusCode() != 409) {
                    throw e;
                }
                if (attempt == 10) {
                    emptyBucket(client, bucket);
                    if (!objectKeys(client, bucket).isEmpty() || !multipartUploads(client, bucket).isEmpty()) {
                        throw e;
                    }
                    System.err.println("bucket " + bucket + " holds only what s3proxy keeps of a cut upload; left");
                    return;
                }
                Thread.sleep(300);
            }
        }
    }

    private static void emptyBucket(S3Client client, String bucket) {
        for (MultipartUpload u : multipartUploads(client, bucket)) {
            client.abortMultipartUpload(r -> r.bucket(bucket).key(u.key()).uploadId(u.uploadId()));
        }
        List<String> keys = objectKeys(client, bucket);
        for (int i = 0; i < keys.size(); i += 500) {
            List<ObjectIdentifier> batch = new ArrayList<>();
            keys.subList(i, Math.min(keys.size(), i + 500)).forEach(k -> batch.add(ObjectIdentifier.builder()
                    .key(k).build()));
            client.deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(batch).quiet(true)));
        }
    }
}
