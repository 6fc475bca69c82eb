package dev.imagecatalog.store.s3;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A bucket seen without the store: an SDK client of its own, built from the store's settings, that lists what the
 * bucket really holds (objects and in-progress multipart uploads) and puts other applications' objects into it.
 */
final class RawBucket implements AutoCloseable {
    private final S3Client client;
    private final String bucket;

    RawBucket(Map<String, String> storeSettings) {
        this.bucket = storeSettings.get("bucket");
        this.client = S3Client.builder()
                .endpointOverride(URI.create(storeSettings.get("endpoint")))
                .region(Region.of(storeSettings.getOrDefault("region", "us-east-1")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        storeSettings.get("access-key"), storeSettings.get("secret-key"))))
                .forcePathStyle(true)
                .build();
    }

    /** Creates the bucket (it must not exist yet). */
    RawBucket create() {
        client.createBucket(r -> r.bucket(bucket));
        return this;
    }

    /** Puts an object as another application would. */
    void put(String key, String content) {
        client.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString(content));
    }

    /** Every object key, and {@code upload:<key>} for every multipart upload in progress. */
    List<String> everything() {
        List<String> all = new ArrayList<>(S3TestServers.objectKeys(client, bucket));
        S3TestServers.multipartUploads(client, bucket).forEach(u -> all.add("upload:" + u.key()));
        return all;
    }

    /** Empties and removes the bucket. */
    void delete() {
        S3TestServers.deleteBucket(client, bucket);
    }

    @Override
    public void close() {
        client.close();
    }
}
