package dev.imagecatalog.store.s3;

import dev.imagecatalog.BackendUnavailableException;
import dev.imagecatalog.CatalogConfigurationException;
import dev.imagecatalog.NotFoundException;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageWriter;
import dev.imagecatalog.spi.StoreLocation;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An {@link ImageStore} on one bucket (and key prefix) of S3 or an S3-compatible server. Each write goes to a key
 * of its own, {@code <prefix><imageId>/<random uuid>}; a location is {@code s3://<store-id>/<key>} and never holds
 * credentials or the endpoint. Thread-safe.
 */
final class S3ImageStore implements ImageStore {
    private static final Logger LOG = LoggerFactory.getLogger(S3ImageStore.class);

    private final String id;
    private final S3StoreConfig config;
    private final S3Client client;
    private final ExecutorService partUploads;

    private S3ImageStore(String id, S3StoreConfig config, S3Client client) {
        this.id = id;
        this.config = config;
        this.client = client;
        int threads = Math.max(config.partsInFlight, Math.min(config.maxConnections, 32));
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "s3-store-" + id + "-part-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        this.partUploads = pool;
    }

    /** Builds the client, checks (or creates) the bucket and sweeps stale multipart uploads. */
    static S3ImageStore open(String id, S3StoreConfig config) {
        S3Client client = buildClient(config);
        S3ImageStore store = new S3ImageStore(id, config, client);
        try {
            store.checkBucket();
            if (config.sweepOnStart) {
                try {
                    int n = store.sweepIncompleteWrites();
                    if (n > 0) {
                        LOG.info("store {}: aborted {} stale multipart upload(s) under s3://{}/{}", id, n, config.bucket,
                                config.prefix);
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.warn("store {}: sweep of stale multipart uploads failed: {}", id, e.toString());
                }
            }
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    static S3Client buildClient(S3StoreConfig c) {
        AwsCredentialsProvider credentials = c.accessKey.isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(c.accessKey.get(), c.secretKey.get()))
                : DefaultCredentialsProvider.builder().build();
        S3ClientBuilder b = S3Client.builder()
                .region(Region.of(c.region))
                .credentialsProvider(credentials)
                .forcePathStyle(c.pathStyle)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(c.maxConnections)
                        .connectionTimeout(c.connectionTimeout)
                        .socketTimeout(c.socketTimeout))
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(c.chunkedEncoding).build())
                .requestChecksumCalculation(c.checksumWhenSupported
                        ? RequestChecksumCalculation.WHEN_SUPPORTED : RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(c.checksumWhenSupported
                        ? ResponseChecksumValidation.WHEN_SUPPORTED : ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> {
                    // standard strategy: exponential backoff with full jitter, bounded delay
                    o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                            .maxAttempts(c.maxAttempts).build());
                    if (c.contentMd5) {
                        o.addExecutionInterceptor(new ContentMd5Interceptor());
                    }
                });
        c.endpoint.ifPresent(b::endpointOverride);
        return b.build();
    }

    private void checkBucket() {
        try {
            client.headBucket(r -> r.bucket(config.bucket));
            return;
        } catch (NoSuchBucketException e) {
            // fall through
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw new BackendUnavailableException("store " + id + ": bucket '" + config.bucket + "' is not usable: "
                        + describe(e), e);
            }
        } catch (SdkException e) {
            throw new BackendUnavailableException("store " + id + ": cannot reach S3 for bucket '" + config.bucket
                    + "': " + e.getMessage(), e);
        }
        if (!config.createBucket) {
            throw new CatalogConfigurationException("store " + id + ": bucket '" + config.bucket
                    + "' does not exist (set store." + id + ".create-bucket = true to create it)");
        }
        try {
            client.createBucket(r -> r.bucket(config.bucket));
            LOG.info("store {}: created bucket {}", id, config.bucket);
        } catch (S3Exception e) {
            if (e.statusCode() != 409) { // created meanwhile by someone else
                throw new BackendUnavailableException("store " + id + ": cannot create bucket '" + config.bucket + "': "
                        + describe(e), e);
            }
        }
    }

    S3Client client() {
        return client;
    }

    S3StoreConfig config() {
        return config;
    }

    String bucket() {
        return config.bucket;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String scheme() {
        return S3ImageStoreProvider.TYPE;
    }

    @Override
    public ImageWriter openWriter(String imageId, long expectedSize) throws IOException {
        if (imageId == null || imageId.isEmpty() || imageId.contains("/")) {
            throw new IllegalArgumentException("bad image id: " + imageId);
        }
        String key = config.prefix + imageId + "/" + UUID.randomUUID();
        return new S3ImageWriter(this, key, expectedSize);
    }

    ExecutorService partUploads() {
        return partUploads;
    }

    StoreLocation locationOf(String key) {
        return new StoreLocation(scheme(), id, key);
    }

    /** The key of a location of this store, or null if the location is not ours. */
    private String keyOf(StoreLocation location) {
        if (!location.storeId().equals(id) || !location.scheme().equals(scheme())
                || !location.key().startsWith(config.prefix)) {
            return null;
        }
        return location.key();
    }

    @Override
    public InputStream openStream(StoreLocation location, long offset, long length) throws IOException {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        String key = keyOf(location);
        if (key == null) {
            throw new NotFoundException("no object at " + location + " in store " + id);
        }
        return S3ObjectInputStream.open(this, key, location, offset, length);
    }

    @Override
    public long size(StoreLocation location) throws IOException {
        HeadObjectResponse head = head(location);
        if (head == null) {
            throw new NotFoundException("no object at " + location);
        }
        return head.contentLength();
    }

    @Override
    public boolean exists(StoreLocation location) throws IOException {
        return head(location) != null;
    }

    private HeadObjectResponse head(StoreLocation location) throws IOException {
        String key = keyOf(location);
        if (key == null) {
            return null;
        }
        try {
            return client.headObject(r -> r.bucket(config.bucket).key(key));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw io("HEAD " + location, e);
        } catch (SdkException e) {
            throw io("HEAD " + location, e);
        }
    }

    @Override
    public boolean delete(StoreLocation location) throws IOException {
        if (head(location) == null) {
            return false;
        }
        try {
            client.deleteObject(r -> r.bucket(config.bucket).key(location.key()));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw io("DELETE " + location, e);
        } catch (SdkException e) {
            throw io("DELETE " + location, e);
        }
    }

    @Override
    public int sweepIncompleteWrites() throws IOException {
        Instant cutoff = Instant.now().minus(config.sweepGrace);
        int aborted = 0;
        try {
            for (MultipartUpload u : client.listMultipartUploadsPaginator(r -> r.bucket(config.bucket)
                    .prefix(config.prefix)).uploads()) {
                if (!u.key().startsWith(config.prefix) || u.initiated() == null || !u.initiated().isBefore(cutoff)
                        && !config.sweepGrace.isZero()) {
                    continue;
                }
                try {
                    client.abortMultipartUpload(r -> r.bucket(config.bucket).key(u.key()).uploadId(u.uploadId()));
                    aborted++;
                } catch (S3Exception e) {
                    if (e.statusCode() != 404) {
                        throw e;
                    }
                }
            }
        } catch (SdkException e) {
            throw io("sweep of multipart uploads under " + config.prefix, e);
        }
        return aborted;
    }

    @Override
    public void forEachLocation(Consumer<StoreLocation> visitor) throws IOException {
        try {
            for (S3Object o : client.listObjectsV2Paginator(r -> r.bucket(config.bucket).prefix(config.prefix))
                    .contents()) {
                if (o.key().startsWith(config.prefix) && !o.key().isEmpty()) {
                    visitor.accept(locationOf(o.key()));
                }
            }
        } catch (SdkException e) {
            throw io("listing " + config.prefix, e);
        }
    }

    @Override
    public void close() {
        partUploads.shutdown();
        client.close();
    }

    IOException io(String what, SdkException e) {
        String message = "store " + id + ": " + what + " failed: "
                + (e instanceof S3Exception ? describe((S3Exception) e) : e.getMessage());
        return new IOException(message, e);
    }

    static String describe(S3Exception e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return "HTTP " + e.statusCode() + (code == null ? "" : " " + code)
                + (e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                ? ": " + e.awsErrorDetails().errorMessage() : "");
    }
}
