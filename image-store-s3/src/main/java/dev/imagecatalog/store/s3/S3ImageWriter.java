package dev.imagecatalog.store.s3;

import dev.imagecatalog.error.TooLargeException;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.spi.ImageWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * One write into an S3 store. Bytes are copied into part buffers of {@code part-size}; a full buffer becomes a
 * part, uploaded by the store's part pool while the caller fills the next one. At most {@code parts-in-flight}
 * buffers exist per writer: when all are full or uploading, {@link #write} blocks until a part finishes, so memory
 * is bounded by parts-in-flight x part-size whatever the image size. Below the multipart threshold the object is
 * sent with one PUT at commit. The object is visible only once the PUT or CompleteMultipartUpload succeeds; every
 * failure aborts the multipart upload.
 */
final class S3ImageWriter implements ImageWriter {
    private static final Logger LOG = LoggerFactory.getLogger(S3ImageWriter.class);

    private enum State { OPEN, COMMITTED, ABORTED }

    private final S3ImageStore store;
    private final S3StoreConfig config;
    private final String key;
    private final long expectedSize;

    private final int partSize;
    private final Semaphore buffersLeft;
    private final ArrayDeque<byte[]> freeBuffers = new ArrayDeque<>();

    private State state = State.OPEN;
    private byte[] current;
    private int currentLength;
    private long total;
    private String uploadId;
    private int nextPartNumber = 1;
    private final List<CompletableFuture<CompletedPart>> parts = new ArrayList<>();
    private volatile Throwable partFailure;
    private volatile boolean aborting;

    S3ImageWriter(S3ImageStore store, String key, long expectedSize) {
        this.store = store;
        this.config = store.config();
        this.key = key;
        this.expectedSize = expectedSize;
        this.partSize = partSizeFor(config.partSize, expectedSize, store.id());
        this.buffersLeft = new Semaphore(partsInFlightFor(config.partsInFlight, config.partSize, partSize));
    }

    /**
     * The part size of one upload: the configured one, or, when the declared size would need more than S3's
     * 10,000 parts of it, the smallest whole number of MiB that fits the image in 10,000 parts (so a large image
     * is refused or stored at the start, never after 10,000 parts were sent).
     *
     * @throws TooLargeException when the declared size passes S3's largest object (5 TiB)
     */
    static int partSizeFor(int configured, long expectedSize, String storeId) {
        if (expectedSize > S3StoreConfig.MAX_OBJECT_SIZE) {
            throw new TooLargeException("image of " + expectedSize + " B is larger than S3's largest object ("
                    + S3StoreConfig.MAX_OBJECT_SIZE + " B) in store " + storeId);
        }
        if (expectedSize <= (long) S3StoreConfig.MAX_PARTS * configured) {
            return configured;
        }
        // at most 5 TiB / 10,000 = 525 MiB: within part-size's own upper bound (1 GiB) and an int
        long perPart = (expectedSize + S3StoreConfig.MAX_PARTS - 1) / S3StoreConfig.MAX_PARTS;
        return (int) ((perPart + S3StoreConfig.MIB - 1) / S3StoreConfig.MIB * S3StoreConfig.MIB);
    }

    /**
     * Parts in flight for parts of {@code partSize}: as many as keep the buffers within the configured memory
     * (parts-in-flight x part-size), at least one.
     */
    static int partsInFlightFor(int configuredInFlight, int configuredPartSize, int partSize) {
        return (int) Math.max(1, (long) configuredInFlight * configuredPartSize / partSize);
    }

    @Override
    public synchronized void write(ByteBuffer data) throws IOException {
        ensureOpen();
        while (data.hasRemaining()) {
            if (current == null) {
                current = takeBuffer();
                currentLength = 0;
            }
            int n = Math.min(data.remaining(), current.length - currentLength);
            data.get(current, currentLength, n);
            currentLength += n;
            total += n;
            if (currentLength == current.length) {
                // a full buffer: at least part-size >= multipart-threshold bytes, so this is a multipart upload
                shipCurrentPart();
            }
        }
    }

    private void ensureOpen() throws IOException {
        if (state != State.OPEN) {
            throw new IllegalStateException("writer of " + key + " is " + state.name().toLowerCase());
        }
        Throwable failure = partFailure;
        if (failure != null) {
            abort();
            if (failure instanceof SdkException) {
                throw store.io("UploadPart " + key, (SdkException) failure);
            }
            throw new IOException("store " + store.id() + ": upload of " + key + " failed: " + failure, failure);
        }
    }

    private byte[] takeBuffer() throws IOException {
        try {
            buffersLeft.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort();
            throw new InterruptedIOException("interrupted while waiting for a part buffer of " + key);
        }
        ensureOpenAfterWait();
        synchronized (freeBuffers) {
            byte[] b = freeBuffers.poll();
            return b != null ? b : new byte[partSize];
        }
    }

    private void ensureOpenAfterWait() throws IOException {
        if (partFailure != null) {
            buffersLeft.release();
            ensureOpen();
        }
    }

    private void releaseBuffer(byte[] b) {
        synchronized (freeBuffers) {
            freeBuffers.push(b);
        }
        buffersLeft.release();
    }

    private void shipCurrentPart() throws IOException {
        if (uploadId == null) {
            try {
                uploadId = store.client().createMultipartUpload(r -> r.bucket(config.bucket).key(key)
                        .contentType("application/octet-stream").metadata(store.objectMetadata())).uploadId();
            } catch (SdkException e) {
                abort();
                throw store.io("CreateMultipartUpload " + key, e);
            }
        }
        int partNumber = nextPartNumber++;
        if (partNumber > S3StoreConfig.MAX_PARTS) {
            abort();
            throw new TooLargeException("image exceeds " + S3StoreConfig.MAX_PARTS + " parts of " + partSize
                    + " B (raise store." + store.id() + ".part-size)");
        }
        byte[] buffer = current;
        int length = currentLength;
        current = null;
        currentLength = 0;
        String upload = uploadId;
        CompletableFuture<CompletedPart> future;
        try {
            future = CompletableFuture.supplyAsync(() -> uploadPart(upload, partNumber, buffer, length),
                    store.partUploads());
        } catch (RuntimeException e) { // store closed
            releaseBuffer(buffer);
            abort();
            throw new IOException("store " + store.id() + " is closed", e);
        }
        future.whenComplete((part, failure) -> {
            releaseBuffer(buffer);
            if (failure != null && partFailure == null) {
                partFailure = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
            }
        });
        parts.add(future);
    }

    private CompletedPart uploadPart(String upload, int partNumber, byte[] buffer, int length) {
        if (aborting) {
            throw new CancellationException("upload of " + key + " aborted");
        }
        UploadPartRequest.Builder req = UploadPartRequest.builder().bucket(config.bucket).key(key).uploadId(upload)
                .partNumber(partNumber).contentLength((long) length);
        if (config.contentMd5) {
            req.contentMD5(ContentMd5Interceptor.md5Base64(buffer, 0, length));
        }
        // the provider hands out a fresh stream over the same bytes, so the SDK can retry the part
        RequestBody body = RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length,
                "application/octet-stream");
        String etag = store.client().uploadPart(req.build(), body).eTag();
        return CompletedPart.builder().partNumber(partNumber).eTag(etag).build();
    }

    @Override
    public StoreLocation location() {
        return store.locationOf(key);
    }

    @Override
    public synchronized StoreLocation commit() throws IOException {
        ensureOpen();
        try {
            if (uploadId == null && (total < config.multipartThreshold || total == 0)) {
                putWhole();
            } else {
                if (currentLength > 0 || parts.isEmpty()) {
                    shipCurrentPart();
                }
                completeMultipart();
            }
        } catch (IOException | RuntimeException e) {
            abort();
            throw e;
        }
        state = State.COMMITTED;
        releaseCurrent();
        return store.locationOf(key);
    }

    private void putWhole() throws IOException {
        byte[] buffer = current == null ? new byte[0] : current;
        int length = currentLength;
        PutObjectRequest.Builder req = PutObjectRequest.builder().bucket(config.bucket).key(key)
                .contentType("application/octet-stream").contentLength((long) length).metadata(store.objectMetadata());
        if (config.contentMd5) {
            req.contentMD5(ContentMd5Interceptor.md5Base64(buffer, 0, length));
        }
        try {
            store.client().putObject(req.build(), RequestBody.fromContentProvider(
                    () -> new ByteArrayInputStream(buffer, 0, length), length, "application/octet-stream"));
        } catch (SdkException e) {
            throw store.io("PUT " + key, e);
        }
    }

    private void completeMultipart() throws IOException {
        List<CompletedPart> done = new ArrayList<>(parts.size());
        for (CompletableFuture<CompletedPart> f : parts) {
            try {
                done.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the parts of " + key);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                throw cause instanceof SdkException ? store.io("UploadPart " + key, (SdkException) cause)
                        : new IOException("store " + store.id() + ": upload of a part of " + key + " failed", cause);
            }
        }
        done.sort(Comparator.comparingInt(CompletedPart::partNumber));
        try {
            store.client().completeMultipartUpload(r -> r.bucket(config.bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(done)));
        } catch (SdkException e) {
            throw store.io("CompleteMultipartUpload " + key, e);
        }
    }

    @Override
    public synchronized void abort() {
        if (state != State.OPEN) {
            return;
        }
        state = State.ABORTED;
        aborting = true;
        // let in-flight parts settle first: a part that lands after AbortMultipartUpload could survive it
        for (CompletableFuture<CompletedPart> f : parts) {
            try {
                f.join();
            } catch (RuntimeException ignored) {
                // failed or cancelled: nothing more to wait for
            }
        }
        parts.clear();
        releaseCurrent();
        if (uploadId != null) {
            String upload = uploadId;
            try {
                store.client().abortMultipartUpload(r -> r.bucket(config.bucket).key(key).uploadId(upload));
            } catch (SdkException e) {
                LOG.warn("store {}: could not abort multipart upload {} of {} (the catalog's recovery will): {}", store.id(),
                        upload, key, e.toString());
            }
        }
    }

    private void releaseCurrent() {
        if (current != null) {
            releaseBuffer(current);
            current = null;
            currentLength = 0;
        }
        synchronized (freeBuffers) {
            freeBuffers.clear();
        }
    }

    @Override
    public synchronized void close() {
        if (state == State.OPEN) {
            abort();
        }
    }

    @Override
    public String toString() {
        return "S3ImageWriter{" + key + ", expected " + expectedSize + " B, written " + total + " B}";
    }
}
