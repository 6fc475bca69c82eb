package dev.imagecatalog.store.filesystem;

import dev.imagecatalog.contract.SnapshotContract;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** The snapshot contract with a filesystem store and memory metadata. */
class FilesystemSnapshotTest extends SnapshotContract {
    @TempDir
    static Path dir;

    @Override
    protected Map<String, String> storeUnderTest() {
        return Map.of("type", "filesystem", "datadir", dir.resolve("a").toString());
    }
}
