package dev.imagecatalog.store.filesystem;

import dev.imagecatalog.contract.ImportRulesContract;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** The whole import contract with a filesystem store under test (store a) and memory metadata. */
class FilesystemImportTest extends ImportRulesContract {
    @TempDir
    Path dir;

    @Override
    protected Map<String, String> storeUnderTest() {
        return Map.of("type", "filesystem", "datadir", dir.resolve("a").toString());
    }
}
