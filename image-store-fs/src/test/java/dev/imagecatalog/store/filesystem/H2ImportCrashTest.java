package dev.imagecatalog.store.filesystem;

import dev.imagecatalog.contract.ImportCrashContract;
import java.util.Map;

/**
 * The import crash tests ({@link ImportCrashContract}) with the metadata in an H2 file: one process at a time, so
 * recovery is the restart of the killed instance.
 */
class H2ImportCrashTest extends ImportCrashContract {
    @Override
    protected Map<String, String> metadataSettings() {
        return Map.of("metadata.type", "jdbc", "metadata.jdbc.url", "jdbc:h2:file:" + dir.resolve("catalog"));
    }

    @Override
    protected boolean shared() {
        return false;
    }
}
