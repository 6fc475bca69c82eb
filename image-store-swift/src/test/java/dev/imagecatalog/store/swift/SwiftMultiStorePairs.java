package dev.imagecatalog.store.swift;

import dev.imagecatalog.contract.StoreUnderTest;
import dev.imagecatalog.contract.TestEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The stores the Swift module's multi-store pairs are made of, each through a fault proxy, removed after a test. */
final class SwiftMultiStorePairs {
    private static final String S3_PROVIDED_BY = "started by scripts/test (scripts/servers/)";

    private SwiftMultiStorePairs() {
    }

    /** Swift (TempAuth) through a fault proxy, in a fresh container with 1 MiB segments; deleted on close. */
    static StoreUnderTest swift() throws Exception {
        String container = SwiftTestSupport.uniqueContainer("multi");
        Map<String, String> direct = SwiftTestSupport.tempAuthSettings(container);
        SwiftAuth.Token token = new SwiftAuth.TempAuth(URI.create(direct.get("auth-url")), direct.get("user"),
                direct.get("key")).authenticate(HttpClient.newHttpClient(), Duration.ofSeconds(10));
        URI storage = URI.create(token.storageUrl());
        return StoreUnderTest.network(storage.getHost(), storage.getPort(), proxy -> {
            Map<String, String> m = new LinkedHashMap<>(direct);
            m.put("type", "swift");
            m.put("storage-url", "http://127.0.0.1:" + proxy.port() + storage.getRawPath());
            m.put("segment-size", "1MiB");
            m.put("large-object-threshold", "1MiB");
            m.put("segments-in-flight", "2");
            m.put("download-retries", "1");
            // a request the proxy swallowed when it stopped fails in seconds, not after the default 5 minutes
            m.put("request-timeout", "30s");
            return m;
        }, () -> {
            try (SwiftImageStore cleaner = SwiftTestSupport.create("cleanup", direct)) {
                SwiftTestSupport.deleteContainers(cleaner, container, cleaner.config.segmentsContainer());
            }
        });
    }

    /** S3 on s3proxy through a fault proxy, in a fresh bucket; emptied and deleted on close. */
    static StoreUnderTest s3() throws Exception {
        String endpoint = TestEnvironment.require("IMAGECATALOG_S3PROXY_ENDPOINT", S3_PROVIDED_BY);
        String accessKey = TestEnvironment.require("IMAGECATALOG_S3PROXY_ACCESS_KEY", S3_PROVIDED_BY);
        String secretKey = TestEnvironment.require("IMAGECATALOG_S3PROXY_SECRET_KEY", S3_PROVIDED_BY);
        String bucket = "ic-multi-" + UUID.randomUUID().toString().substring(0, 8);
        URI server = URI.create(endpoint);
        return StoreUnderTest.network(server.getHost(), server.getPort(), proxy -> {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("type", "s3");
            m.put("endpoint", proxy.endpoint());
            m.put("access-key", accessKey);
            m.put("secret-key", secretKey);
            m.put("region", "us-east-1");
            m.put("path-style", "true");
            m.put("bucket", bucket);
            m.put("prefix", "images/");
            m.put("create-bucket", "true");
            m.put("multipart-threshold", "1MiB");
            m.put("part-size", "5MiB");
            m.put("parts-in-flight", "2");
            m.put("max-attempts", "2");
            return m;
        }, () -> deleteBucket(endpoint, accessKey, secretKey, bucket));
    }

    private static void deleteBucket(String endpoint, String accessKey, String secretKey, String bucket) {
        try (S3Client s3 = S3Client.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .forcePathStyle(true).httpClient(ApacheHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .build()) {
            if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
                return;
            }
            // s3proxy may still store a part of an upload the fault proxy cut after the upload was aborted, where no
            // S3 call lists or removes it, and then refuses to delete the bucket: try again for a few seconds, then
            // leave a bucket the S3 API shows empty to the server's temporary storage
            for (int attempt = 1; ; attempt++) {
                boolean empty = empty(s3, bucket);
                try {
                    s3.deleteBucket(r -> r.bucket(bucket));
                    return;
                } catch (S3Exception e) {
                    if (e.statusCode() != 409 || (attempt == 10 && !empty)) {
                        throw e;
                    }
                    if (attempt == 10) {
                        System.err.println("bucket " + bucket + " holds only what s3proxy keeps of a cut upload; left");
                        return;
                    }
                }
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Aborts the bucket's uploads and deletes its objects; true if it held none. */
    private static boolean empty(S3Client s3, String bucket) {
        List<MultipartUpload> uploads = new ArrayList<>();
        s3.listMultipartUploadsPaginator(r -> r.bucket(bucket)).uploads().forEach(uploads::add);
        uploads.forEach(u -> s3.abortMultipartUpload(r -> r.bucket(bucket).key(u.key()).uploadId(u.uploadId())));
        List<ObjectIdentifier> keys = new ArrayList<>();
        s3.listObjectsV2Paginator(r -> r.bucket(bucket)).contents().stream().map(S3Object::key)
                .forEach(k -> keys.add(ObjectIdentifier.builder().key(k).build()));
        for (int i = 0; i < keys.size(); i += 500) {
            List<ObjectIdentifier> batch = keys.subList(i, Math.min(keys.size(), i + 500));
            s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(batch).quiet(true)));
        }
        return uploads.isEmpty() && keys.isEmpty();
    }
}
