package dev.imagecatalog.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.contract.ImageStoreContract;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageWriter;
import dev.imagecatalog.spi.StoredObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
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
    protected ImageStore createStore(String catalog) {
        return S3TestServers.open("s3test", catalog, settings());
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
        try (S3ImageStore s = S3TestServers.open("s3test-cleanup", "cleanup", settings)) {
            S3Client client = s.client();
            assertThat(S3TestServers.multipartUploads(client, bucket)).extracting(MultipartUpload::key)
                    .as("multipart uploads left after the suite").isEmpty();
            S3TestServers.deleteBucket(client, bucket);
        }
    }

    @Test
    void locationsHoldNoCredentialsNorEndpoint() throws Exception {
        StoreLocation loc = writeAll(newImageId(), randomBytes(10, 11), true);
        assertThat(loc.url()).startsWith("s3://s3test/images/" + catalogId + "/")
                .doesNotContain(settings().get("access-key"))
                .doesNotContain(settings().get("secret-key"))
                .doesNotContain(settings().get("endpoint"));
        assertThat(StoreLocation.parse(loc.url())).isEqualTo(loc);
        assertThat(store.delete(loc)).isTrue();
    }

    @Test
    void objectsAndMultipartUploadsCarryTheCatalogIdInTheirMetadata() throws Exception {
        StoreLocation small = writeAll(newImageId(), randomBytes(10, 14), true);
        StoreLocation large = writeAll(newImageId(), randomBytes((int) largeObjectSize(), 15), false);
        for (StoreLocation loc : List.of(small, large)) {
            assertThat(s3().client().headObject(r -> r.bucket(bucket()).key(loc.key())).metadata())
                    .as("metadata of %s", loc).containsEntry(S3ImageStore.CATALOG_ID_METADATA, catalogId);
        }
        assertThat(store.delete(small)).isTrue();
        assertThat(store.delete(large)).isTrue();
    }

    @Test
    void onlyMultipartUploadsUnderTheCatalogsPrefixAreListedAndRemovable() throws Exception {
        S3Client client = s3().client();
        String imageId = newImageId();
        String mine = "images/" + catalogId + "/" + imageId + "/" + java.util.UUID.randomUUID();
        List<String> foreign = List.of("images/" + imageId + "/" + java.util.UUID.randomUUID(), // layout without catalog id
            "images/" + catalogId + "/" + imageId + "/part-of-something", "images/" + catalogId + "/notes.txt",
            "images/other-catalog/" + imageId + "/" + java.util.UUID.randomUUID(), "elsewhere/" + imageId,
            catalogId + "/" + imageId + "/" + java.util.UUID.randomUUID());
        String mineId = client.createMultipartUpload(r -> r.bucket(bucket()).key(mine)).uploadId();
        List<String> foreignIds = new ArrayList<>();
        for (String key : foreign) {
            foreignIds.add(client.createMultipartUpload(r -> r.bucket(bucket()).key(key)).uploadId());
        }
        try {
            assertThat(S3TestServers.multipartUploads(client, bucket())).extracting(MultipartUpload::uploadId)
                    .contains(mineId).containsAll(foreignIds);
            List<StoredObject> owned = owned(store);
            assertThat(owned).extracting(o -> o.location().key()).containsExactly(mine);
            assertThat(owned.get(0).imageId()).isEqualTo(imageId);
            assertThat(owned.get(0).committed()).isFalse();
            java.time.Instant now = java.time.Instant.now();
            for (String key : foreign) {
                for (boolean committed : new boolean[] {true, false}) {
                    StoredObject o = new StoredObject(imageId, committed, s3().locationOf(key), now);
                    assertThatThrownBy(() -> store.remove(o)).as("remove %s", o)
                            .isInstanceOf(IllegalArgumentException.class);
                }
            }
            assertThat(store.remove(owned.get(0))).isTrue();
            assertThat(store.remove(owned.get(0))).isFalse();
            assertThat(S3TestServers.multipartUploads(client, bucket())).extracting(MultipartUpload::uploadId)
                    .doesNotContain(mineId).containsAll(foreignIds);
        } finally {
            for (int i = 0; i < foreign.size(); i++) {
                String key = foreign.get(i);
                String upload = foreignIds.get(i);
                client.abortMultipartUpload(r -> r.bucket(bucket()).key(key).uploadId(upload));
            }
        }
        assertNoLeftovers();
    }

    @Test
    void objectsOfTheLayoutWithoutCatalogIdAreReadAndDeletedButNeverListedNorRemoved() throws Exception {
        String imageId = newImageId();
        String key = "images/" + imageId + "/" + java.util.UUID.randomUUID();
        s3().client().putObject(r -> r.bucket(bucket()).key(key), RequestBody.fromBytes(randomBytes(2000, 16)));
        StoreLocation loc = s3().locationOf(key);
        assertThat(readAll(loc)).isEqualTo(randomBytes(2000, 16));
        assertThat(owned(store)).extracting(StoredObject::location).doesNotContain(loc);
        assertThatThrownBy(() -> store.remove(new StoredObject(imageId, true, loc, java.time.Instant.now())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.exists(loc)).isTrue();
        assertThat(store.delete(loc)).isTrue();
        assertThat(store.exists(loc)).isFalse();
    }

    /**
     * A bucket shared with things no catalog wrote ({@code backups/db.dump}, {@code README.txt}, a multipart upload
     * of a backup in progress, an object at the root named like an image), a prefix {@code glance/} holding an
     * unrelated {@code glance/notes.txt} and an object of the layout without catalog id, and catalogs beside each other: catalog A with no prefix (the whole bucket) and under
     * {@code glance/}, catalog B under {@code team-b/}. Each store lists exactly its own objects and leftovers, and
     * refuses to remove anything else; everything foreign survives with its bytes.
     */
    @Test
    void foreignObjectsInASharedBucketAreNeverListedAndSurviveRemove() throws Exception {
        S3Client client = s3().client();
        String glanceImage = newImageId();
        java.util.Map<String, byte[]> foreign = new java.util.LinkedHashMap<>();
        // (s3proxy's filesystem back-end cannot hold a key that is also a prefix of another: no "glance/<id>" here)
        for (String key : List.of("backups/db.dump", "README.txt", "glance/notes.txt", glanceImage,
            "glance/" + glanceImage + "/" + java.util.UUID.randomUUID(), "team-b/README.txt")) {
            foreign.put(key, ("not the catalog's: " + key).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        foreign.forEach((key, bytes) -> client.putObject(r -> r.bucket(bucket()).key(key), RequestBody.fromBytes(bytes)));
        String backupUpload = client.createMultipartUpload(r -> r.bucket(bucket()).key("backups/next.dump")).uploadId();
        String catalogA = "a" + catalogId;
        String catalogB = "b" + catalogId;
        List<S3ImageStore> stores = new ArrayList<>();
        List<InFlight> writes = new ArrayList<>();
        try {
            stores.add(withPrefix(catalogA, ""));
            stores.add(withPrefix(catalogA, "glance/"));
            stores.add(withPrefix(catalogB, "team-b/"));
            java.util.Map<S3ImageStore, List<StoreLocation>> own = new java.util.HashMap<>();
            for (S3ImageStore s : stores) {
                String id = newImageId();
                try (ImageWriter w = s.openWriter(id, -1)) {
                    writeChunks(w, randomBytes(100, 17));
                    own.put(s, new ArrayList<>(List.of(w.commit())));
                }
                InFlight inFlight = startWrite(s, newImageId());
                writes.add(inFlight);
                own.get(s).add(inFlight.leftover().location());
            }
            java.time.Instant now = java.time.Instant.now();
            for (S3ImageStore s : stores) {
                assertThat(owned(s)).as("listed by the store with prefix '%s'", s.config().prefix)
                        .extracting(StoredObject::location).containsExactlyInAnyOrderElementsOf(own.get(s));
                for (String key : foreign.keySet()) {
                    for (boolean committed : new boolean[] {true, false}) {
                        StoredObject o = new StoredObject(glanceImage, committed, s.locationOf(key), now);
                        assertThatThrownBy(() -> s.remove(o)).as("remove %s", o)
                                .isInstanceOf(IllegalArgumentException.class);
                    }
                }
                for (S3ImageStore other : stores) {
                    if (other != s) {
                        for (StoreLocation loc : own.get(other)) {
                            StoredObject o = new StoredObject(glanceImage, true, loc, now);
                            assertThatThrownBy(() -> s.remove(o)).as("remove %s", o)
                                    .isInstanceOf(IllegalArgumentException.class);
                        }
                    }
                }
            }
            for (java.util.Map.Entry<String, byte[]> e : foreign.entrySet()) {
                assertThat(client.getObjectAsBytes(r -> r.bucket(bucket()).key(e.getKey())).asByteArray())
                        .as(e.getKey()).isEqualTo(e.getValue());
            }
            assertThat(S3TestServers.multipartUploads(client, bucket())).extracting(MultipartUpload::uploadId)
                    .contains(backupUpload);
            for (S3ImageStore s : stores) {
                for (StoredObject o : owned(s)) {
                    assertThat(s.remove(o)).as("remove own %s", o).isTrue();
                }
                assertThat(owned(s)).isEmpty();
            }
            for (java.util.Map.Entry<String, byte[]> e : foreign.entrySet()) {
                assertThat(client.getObjectAsBytes(r -> r.bucket(bucket()).key(e.getKey())).asByteArray())
                        .as(e.getKey()).isEqualTo(e.getValue());
            }
        } finally {
            writes.forEach(w -> w.writer().abort());
            stores.forEach(S3ImageStore::close);
            client.abortMultipartUpload(r -> r.bucket(bucket()).key("backups/next.dump").uploadId(backupUpload));
            for (String key : foreign.keySet()) {
                client.deleteObject(r -> r.bucket(bucket()).key(key));
            }
        }
        assertNoLeftovers();
    }

    private S3ImageStore withPrefix(String catalog, String prefix) {
        java.util.Map<String, String> m = new java.util.HashMap<>(settings());
        m.put("prefix", prefix);
        return S3TestServers.open("s3test", catalog, m);
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
                .isInstanceOf(dev.imagecatalog.error.TooLargeException.class).hasMessageContaining("largest object");
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
