package dev.imagecatalog.store.filesystem;

import dev.imagecatalog.contract.UnknownLengthUploadHeapContract;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** image-core's {@link UnknownLengthUploadHeapContract} on the filesystem store (fsync on, the defaults). */
class FilesystemUnknownLengthHeapTest extends UnknownLengthUploadHeapContract {
    @TempDir
    Path dir;

    @Override
    protected Map<String, String> storeSettings() {
        return Map.of("stores", "fs", "store.fs.type", "filesystem", "store.fs.datadir", dir.toString());
    }
}
