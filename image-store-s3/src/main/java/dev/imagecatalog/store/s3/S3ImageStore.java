package dev.imagecatalog.store.s3;

import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.error.CatalogConfigurationException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageWriter;
import dev.imagecatalog.spi.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
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
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * An {@link ImageStore} on one bucket (and key prefix) of S3 or an S3-compatible server. Each write goes to a key
 * of its own under the catalog's id, {@code <prefix><catalog id>/<imageId>/<random uuid>} (see
 * {@link S3OwnedObjects}), with the catalog id also in the object's metadata; a location is
 * {@code s3://<store-id>/<key>} and never holds credentials or the endpoint. The store lists and removes only keys
 * of its catalog, and never on its own: the catalog's recovery decides. Thread-safe.
 */
final class S3ImageStore implements ImageStore {
    private static final Logger LOG = LoggerFactory.getLogger(S3ImageStore.class);

    /** The user metadata key ({@code x-amz-meta-imagecatalog-catalog-id}) naming the catalog that wrote an object. */
    static final String CATALOG_ID_METADATA = "imagecatalog-catalog-id";

    private final String id;
    private final S3StoreConfig config;
    private final S3Client client;
    private final ExecutorService partUploads;
    private final S3OwnedObjects owned;
    private final Map<String, String> objectMetadata;

    private S3ImageStore(String id, String catalogId, S3StoreConfig config, S3Client client) {
        this.id = id;
        this.config = config;
        this.client = client;
        this.owned = new S3OwnedObjects(this, config.prefix, catalogId);
        this.objectMetadata = Map.of(CATALOG_ID_METADATA, catalogId);
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

    /** Builds the client and checks (or creates) the bucket. */
    static S3ImageStore open(String id, String catalogId, S3StoreConfig config) {
        S3Client client = buildClient(config);
        S3ImageStore store = new S3ImageStore(id, catalogId, config, client);
        try {
            store.checkBucket();
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
        return new S3ImageWriter(this, owned.newKey(imageId), expectedSize);
    }

    ExecutorService partUploads() {
        return partUploads;
    }

    /** The user metadata of every object and multipart upload this store creates. */
    Map<String, String> objectMetadata() {
        return objectMetadata;
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
    public void forEachOwned(Consumer<StoredObject> visitor) throws IOException {
        owned.forEach(visitor);
    }

    @Override
    public boolean remove(StoredObject object) throws IOException {
        return owned.remove(object);
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

    /** See {@link S3StoreConfig#properties()}: where the bucket is and how uploads are cut; never a credential. */
    @Override
    public Map<String, String> properties() {
        return config.properties();
    }
}
