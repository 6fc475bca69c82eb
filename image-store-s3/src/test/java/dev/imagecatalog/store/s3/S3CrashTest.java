package dev.imagecatalog.store.s3;

import dev.imagecatalog.contract.CrashRecoveryContract;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash tests ({@link CrashRecoveryContract}) on the S3 store (s3proxy) with the metadata in an H2 file, in a
 * bucket that other applications use too: {@code backups/db.dump} and {@code README.txt} at the top and
 * {@code glance/notes.txt} under the store's prefix {@code glance/}. Images go multipart (5 MiB parts of an 11 MiB
 * image); the mid-stream kill comes after the first part is under way, so a multipart upload is left behind. After
 * the restart, the bucket listed directly (objects and multipart uploads) holds exactly the active images' objects and
 * the three foreign objects.
 */
class S3CrashTest extends CrashRecoveryContract {
    private static final Set<String> FOREIGN = Set.of("backups/db.dump", "README.txt", "glance/notes.txt");

    @TempDir
    Path dir;

    private Map<String, String> store;
    private RawBucket bucket;

    @BeforeEach
    void bucketSharedWithOthers() {
        store = S3TestServers.s3proxy(S3TestServers.bucketName("crash"));
        store.put("prefix", "glance/");
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

    @Override
    protected Map<String, String> catalogSettings() {
        return h2CatalogWithOneStore(dir, "s3", "s3", store);
    }

    @Override
    protected List<String> backingObjects() {
        return bucket.everything();
    }

    @Override
    protected Set<String> foreignObjects() {
        return FOREIGN;
    }

    @Override
    protected long imageSize() {
        return 11L << 20;
    }

    @Override
    protected long killAt() {
        return 6L << 20;
    }
}
