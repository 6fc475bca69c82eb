package dev.imagecatalog.store.filesystem;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.contract.InputLimitsContract;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/**
 * The input-limits contract with image bytes in the filesystem store (metadata in memory): an image created with
 * an upper-case id takes an upload and gives it back, since the store only ever sees the canonical id.
 */
class FilesystemInputLimitsTest extends InputLimitsContract {
    @TempDir
    Path dir;
    private final AtomicInteger catalogs = new AtomicInteger();

    @Override
    protected ImageCatalog createCatalog(Map<String, String> settings) {
        return ImageCatalog.builder()
                .setting("metadata.type", "memory")
                .setting("stores", "local")
                .setting("store.local.type", "filesystem")
                .setting("store.local.datadir", dir.resolve("local-" + catalogs.incrementAndGet()).toString())
                .settings(settings)
                .build();
    }
}
