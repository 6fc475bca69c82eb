package dev.imagecatalog.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.contract.FaultProxy;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.spi.ImageWriter;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * Failures between the store and an S3 server, injected by a loopback proxy: connections cut mid-part and
 * mid-download, server errors that pass (retried) and server errors for good (the upload is aborted and nothing
 * remains). One subclass per server (s3proxy, Swift's s3api).
 */
abstract class AbstractS3FailureInjectionTest {
    private static final int MIB = 1024 * 1024;
    private static final int ATTEMPTS = 3;

    private FaultProxy proxy;
    private S3ImageStore store;
    private S3ImageStore direct; // same bucket, no proxy: to look at what is really there

    /** The store settings for this server and bucket. */
    protected abstract Map<String, String> settings();

    protected abstract String bucket();

    @BeforeEach
    void start() throws IOException {
        Map<String, String> settings = settings();
        direct = S3TestServers.open("faults", "faults", settings);
        URI target = URI.create(settings.get("endpoint"));
        proxy = new FaultProxy(target.getHost(), target.getPort());
        Map<String, String> viaProxy = new HashMap<>(settings);
        viaProxy.put("endpoint", proxy.endpoint());
        viaProxy.put("part-size", "5MiB");
        viaProxy.put("multipart-threshold", "5MiB");
        viaProxy.put("parts-in-flight", "2");
        viaProxy.put("max-attempts", Integer.toString(ATTEMPTS));
        store = S3TestServers.open("faults", "faults", viaProxy);
    }

    @AfterEach
    void stop() {
        if (store != null) {
            store.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (direct != null) {
            direct.close();
        }
    }

    private static byte[] data(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private StoreLocation write(byte[] data, long declared) throws IOException {
        try (ImageWriter w = store.openWriter(UUID.randomUUID().toString(), declared)) {
            for (int pos = 0; pos < data.length; pos += 256 * 1024) {
                w.write(ByteBuffer.wrap(data, pos, Math.min(256 * 1024, data.length - pos)));
            }
            return w.commit();
        }
    }

    private byte[] read(S3ImageStore s, StoreLocation loc) throws IOException {
        try (InputStream in = s.openStream(loc, 0, -1)) {
            return in.readAllBytes();
        }
    }

    private void assertBucketHoldsNothingOf(String imageKeyPart) {
        assertThat(S3TestServers.objectKeys(direct.client(), bucket())).noneMatch(k -> k.contains(imageKeyPart));
        assertThat(S3TestServers.multipartUploads(direct.client(), bucket())).extracting(MultipartUpload::key)
                .isEmpty();
    }

    @Test
    void connectionCutMidPartIsRetriedAndTheObjectIsWhole() throws Exception {
        byte[] data = data(16 * MIB + 5, 1);
        proxy.cutUploadAfter(7L * MIB); // inside the second part
        StoreLocation loc = write(data, -1);
        assertThat(proxy.cuts()).isEqualTo(1);
        assertThat(read(direct, loc)).isEqualTo(data);
        assertThat(S3TestServers.multipartUploads(direct.client(), bucket())).isEmpty();
        assertThat(direct.delete(loc)).isTrue();
    }

    @Test
    void brokenDownloadResumesFromTheLastByteWithARangeRequest() throws Exception {
        byte[] data = data(12 * MIB, 2);
        StoreLocation loc = write(data, data.length);
        proxy.cutDownloadAfter(3L * MIB);
        assertThat(read(store, loc)).isEqualTo(data);
        assertThat(proxy.cuts()).isEqualTo(1);
        assertThat(proxy.requests()).anyMatch(r -> r.startsWith("GET ") && r.matches(".*Range: bytes=[1-9][0-9]*-.*"));
        // a range read resumes too, and ends exactly at the range's end
        proxy.cutDownloadAfter(1L * MIB);
        try (InputStream in = store.openStream(loc, 1000, 4L * MIB)) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(data, 1000, 1000 + 4 * MIB));
        }
        assertThat(proxy.cuts()).isEqualTo(2);
        assertThat(direct.delete(loc)).isTrue();
    }

    @Test
    void serverErrorsThenSuccessAreRetried() throws Exception {
        byte[] data = data(16 * MIB, 3);
        proxy.failNext(ATTEMPTS - 1, r -> r.startsWith("PUT ") && r.contains("partNumber=2"));
        StoreLocation loc = write(data, data.length);
        assertThat(proxy.failuresInjected()).isEqualTo(ATTEMPTS - 1);
        assertThat(read(direct, loc)).isEqualTo(data);
        // the single-PUT path too
        byte[] small = data(100_000, 4);
        proxy.failNext(ATTEMPTS - 1, r -> r.startsWith("PUT ") && !r.contains("partNumber="));
        StoreLocation smallLoc = write(small, -1);
        assertThat(read(direct, smallLoc)).isEqualTo(small);
        assertThat(direct.delete(loc)).isTrue();
        assertThat(direct.delete(smallLoc)).isTrue();
        assertThat(S3TestServers.multipartUploads(direct.client(), bucket())).isEmpty();
    }

    @Test
    void partFailingForGoodAbortsTheUploadAndLeavesNothing() throws Exception {
        String imageId = UUID.randomUUID().toString();
        proxy.failNext(ATTEMPTS, r -> r.startsWith("PUT ") && r.contains("partNumber=2"));
        ImageWriter w = store.openWriter(imageId, -1);
        assertThatThrownBy(() -> {
            byte[] chunk = data(MIB, 5);
            for (int i = 0; i < 30; i++) {
                w.write(ByteBuffer.wrap(chunk));
            }
            w.commit();
        }).isInstanceOf(IOException.class).hasMessageContaining("HTTP 500");
        w.abort(); // core's reaction: idempotent
        w.close();
        assertThat(proxy.failuresInjected()).isEqualTo(ATTEMPTS);
        assertBucketHoldsNothingOf(imageId);
    }

    @Test
    void commitFailingForGoodAbortsTheUploadAndLeavesNothing() throws Exception {
        String imageId = UUID.randomUUID().toString();
        // CompleteMultipartUpload is POST ?uploadId=...; CreateMultipartUpload is POST ?uploads
        proxy.failNext(ATTEMPTS, r -> r.startsWith("POST ") && r.contains("uploadId="));
        ImageWriter w = store.openWriter(imageId, 11L * MIB);
        w.write(ByteBuffer.wrap(data(11 * MIB, 6)));
        assertThatThrownBy(w::commit).isInstanceOf(IOException.class).hasMessageContaining("CompleteMultipartUpload");
        w.close();
        assertThat(proxy.failuresInjected()).isEqualTo(ATTEMPTS);
        assertBucketHoldsNothingOf(imageId);
    }

    @Test
    void singlePutFailingForGoodLeavesNothing() throws Exception {
        String imageId = UUID.randomUUID().toString();
        proxy.failNext(ATTEMPTS, r -> r.startsWith("PUT ") && r.contains(imageId));
        ImageWriter w = store.openWriter(imageId, 1000);
        w.write(ByteBuffer.wrap(data(1000, 7)));
        assertThatThrownBy(w::commit).isInstanceOf(IOException.class);
        w.close();
        assertBucketHoldsNothingOf(imageId);
    }
}
