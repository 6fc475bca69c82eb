package dev.imagecatalog.metadata.jdbc;

import dev.imagecatalog.contract.ImportContract;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The import cases that reach the metadata back-end (tasks, the lock, statuses) with metadata in H2_MEM. */
class H2MemImportTest extends ImportContract {
    @RegisterExtension
    static final ClassDatabase DB = new ClassDatabase(TestDatabase.Kind.H2_MEM);

    @Override
    protected Map<String, String> metadataSettings() {
        return DB.get().freshCatalogSettings();
    }

    @Override
    protected Map<String, String> storeUnderTest() {
        return Map.of("type", "memory");
    }
}
