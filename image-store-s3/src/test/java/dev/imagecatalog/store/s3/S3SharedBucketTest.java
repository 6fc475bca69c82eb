package dev.imagecatalog.store.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.RequestContext;
import dev.imagecatalog.contract.CrashRecoveryContract;
import dev.imagecatalog.contract.SeededBytes;
import dev.imagecatalog.contract.UploadCrashChild;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageService;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A catalog starting on a bucket it shares: {@code backups/db.dump} and {@code README.txt} at the top,
 * {@code glance/notes.txt} under the prefix {@code glance/}, and a second catalog under the prefix {@code team-b/}
 * with an active image. The catalog starts (start-up recovery) and runs its scrubber (the orphan sweep) with the
 * prefix {@code glance/} and again with no prefix at all (the whole bucket, the default), with an image of its own
 * each time: every foreign object is still there and the other catalog's image is still active with all its bytes.
 */
class S3SharedBucketTest {
    private static final Set<String> FOREIGN = Set.of("backups/db.dump", "README.txt", "glance/notes.txt");

    @TempDir
    Path dir;

    private Map<String, String> store;
    private RawBucket bucket;

    @BeforeEach
    void bucketWithOthersData() {
        store = S3TestServers.s3proxy(S3TestServers.bucketName("shared"));
        store.put("create-bucket", "false");
        bucket = new RawBucket(store).create();
        FOREIGN.forEach(k -> bucket.put(k, "not the catalog's: " + k));
    }

    @AfterEach
    void removeBucket() {
        if (bucket != null) {
            bucket.delete();
            bucket.close();
        }
    }

    private Map<String, String> catalog(String name, String prefix) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("metadata.type", "jdbc");
        s.put("metadata.jdbc.url", "jdbc:h2:file:" + dir.resolve(name));
        s.put("stores", "s3");
        s.put("store.s3.type", "s3");
        store.forEach((k, v) -> s.put("store.s3." + k, v));
        if (prefix == null) {
            s.remove("store.s3.prefix");
        } else {
            s.put("store.s3.prefix", prefix);
        }
        return s;
    }

    private static String upload(ImageCatalog catalog, String name, long seed, long size) {
        ImageService images = catalog.images(RequestContext.member("shared", name));
        Image img = images.create(ImageDraft.builder().name(name).diskFormat("raw").containerFormat("bare")
                .property(UploadCrashChild.SEED, String.valueOf(seed)).build());
        images.upload(img.id(), SeededBytes.stream(seed, size));
        return img.id();
    }

    @Test
    void startUpRecoveryAndScrubberLeaveForeignObjectsAndAnotherCatalogsDataAlone() throws Exception {
        Map<String, String> teamB = catalog("team-b", "team-b/");
        String teamBImage;
        try (ImageCatalog b = ImageCatalog.builder().settings(teamB).build()) {
            teamBImage = upload(b, "team-b-image", 7, 6L << 20);
        }
        List<String> before = bucket.everything();

        for (String prefix : new String[] {"glance/", null}) {
            Map<String, String> ours = catalog("ours-" + (prefix == null ? "whole-bucket" : "glance"), prefix);
            for (int start = 0; start < 2; start++) {
                try (ImageCatalog a = ImageCatalog.builder().settings(ours).build()) {
                    upload(a, "ours-" + start, 10 + start, 1L << 20);
                    a.scrubber().runOnce();
                }
            }
            assertThat(bucket.everything()).as("after a catalog with prefix %s started twice and swept", prefix)
                    .containsAll(before);
        }
        try (ImageCatalog b = ImageCatalog.builder().settings(teamB).setting("recovery.on-start", "false").build()) {
            CrashRecoveryContract.assertWhole(b, List.of(teamBImage));
        }
    }
}
