package dev.imagecatalog.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.contract.ImageStoreContract;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageWriter;
import dev.imagecatalog.spi.StoreLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/** The store contract plus S3-specific checks, against one real server; each subclass has its own bucket. */
abstract class AbstractS3ImageStoreTest extends ImageStoreContract {

    /** The store settings for this server and bucket. */
    protected abstract Map<String, String> settings();

    protected abstract String bucket();

    protected S3ImageStore s3() {
        return (S3ImageStore) store;
    }

    @Override
    protected ImageStore createStore() {
        return S3TestServers.open("s3test", settings());
    }

    /** Over two parts of 5 MiB, so the multipart path uploads three parts. */
    @Override
    protected long largeObjectSize() {
        return 2L * 5 * 1024 * 1024 + 12345;
    }

    @Override
    protected void assertNoLeftovers() {
        assertThat(S3TestServers.multipartUploads(s3().client(), bucket())).extracting(MultipartUpload::key)
                .as("multipart uploads left in bucket " + bucket()).isEmpty();
    }

    /** At the end of a class: no multipart upload may remain, then the bucket is emptied and removed. */
    static void finishBucket(Map<String, String> settings, String bucket) {
        try (S3ImageStore s = S3TestServers.open("s3test-cleanup", settings)) {
            S3Client client = s.client();
            assertThat(S3TestServers.multipartUploads(client, bucket)).extracting(MultipartUpload::key)
                    .as("multipart uploads left after the suite").isEmpty();
            S3TestServers.deleteBucket(client, bucket);
        }
    }

    @Test
    void locationsHoldNoCredentialsNorEndpoint() throws Exception {
        StoreLocation loc = writeAll(newImageId(), randomBytes(10, 11), true);
        assertThat(loc.url()).startsWith("s3://s3test/images/")
                .doesNotContain(settings().get("access-key"))
                .doesNotContain(settings().get("secret-key"))
                .doesNotContain(settings().get("endpoint"));
        assertThat(StoreLocation.parse(loc.url())).isEqualTo(loc);
        assertThat(store.delete(loc)).isTrue();
    }

    @Test
    void sweepAbortsStaleMultipartUploadsUnderThePrefixOnly() throws Exception {
        S3Client client = s3().client();
        String mine = "images/" + newImageId() + "/stale";
        String foreign = "elsewhere/" + newImageId();
        String mineId = client.createMultipartUpload(r -> r.bucket(bucket()).key(mine)).uploadId();
        String foreignId = client.createMultipartUpload(r -> r.bucket(bucket()).key(foreign)).uploadId();
        try {
            // a grace period of a day keeps a fresh upload
            assertThat(store.sweepIncompleteWrites()).isZero();
            assertThat(S3TestServers.multipartUploads(client, bucket())).extracting(MultipartUpload::uploadId)
                    .contains(mineId, foreignId);
            Map<String, String> eager = new java.util.HashMap<>(settings());
            eager.put("sweep-grace", "0s");
            eager.put("sweep-on-start", "false");
            try (S3ImageStore sweeper = S3TestServers.open("s3test", eager)) {
                assertThat(sweeper.sweepIncompleteWrites()).isEqualTo(1);
            }
            List<MultipartUpload> left = S3TestServers.multipartUploads(client, bucket());
            assertThat(left).extracting(MultipartUpload::uploadId).doesNotContain(mineId).contains(foreignId);
        } finally {
            client.abortMultipartUpload(r -> r.bucket(bucket()).key(foreign).uploadId(foreignId));
        }
        assertNoLeftovers();
    }

    @Test
    void failedSourceAfterSomePartsAbortsTheUpload() throws Exception {
        List<StoreLocation> before = listed();
        ImageWriter w = store.openWriter(newImageId(), -1);
        writeChunks(w, randomBytes(12 * 1024 * 1024, 12)); // two parts shipped, one buffered
        assertThat(S3TestServers.multipartUploads(s3().client(), bucket())).hasSize(1);
        w.abort(); // what core does when the incoming stream throws
        assertThat(listed()).containsExactlyInAnyOrderElementsOf(before);
        assertNoLeftovers();
    }

    @Test
    void aDeclaredSizeS3CannotHoldIsRefusedBeforeAnythingIsSent() throws Exception {
        List<StoreLocation> before = listed();
        assertThatThrownBy(() -> store.openWriter(newImageId(), (5L << 40) + 1))
                .isInstanceOf(dev.imagecatalog.TooLargeException.class).hasMessageContaining("largest object");
        assertThat(listed()).containsExactlyInAnyOrderElementsOf(before);
        assertNoLeftovers();
    }

    @Test
    void aDeclaredSizeOverTenThousandPartsIsSentInLargerParts() throws Exception {
        // 10,000 parts of the configured 5 MiB hold 50,000 MiB; one byte more is sent in parts of 6 MiB
        long declared = 10_000L * 5 * 1024 * 1024 + 1;
        ImageWriter w = store.openWriter(newImageId(), declared);
        try {
            writeChunks(w, randomBytes(12 * 1024 * 1024, 13)); // two full 6 MiB parts, shipped
            List<MultipartUpload> uploads = S3TestServers.multipartUploads(s3().client(), bucket());
            assertThat(uploads).hasSize(1);
            MultipartUpload u = uploads.get(0);
            List<Long> sizes = new ArrayList<>();
            for (int attempt = 0; attempt < 100 && sizes.size() < 2; attempt++) { // parts are sent in the background
                sizes.clear();
                s3().client().listParts(r -> r.bucket(bucket()).key(u.key()).uploadId(u.uploadId())).parts()
                        .forEach(p -> sizes.add(p.size()));
                Thread.sleep(50);
            }
            assertThat(sizes).containsExactly(6L << 20, 6L << 20);
        } finally {
            w.abort();
        }
        assertNoLeftovers();
    }
}
