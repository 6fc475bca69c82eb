package dev.imagecatalog.metadata.jdbc;

import dev.imagecatalog.contract.ImportContract;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The import cases that reach the metadata back-end (tasks, the lock, statuses) with metadata in POSTGRES. */
class PostgresImportTest extends ImportContract {
    @RegisterExtension
    static final ClassDatabase DB = new ClassDatabase(TestDatabase.Kind.POSTGRES);

    @Override
    protected Map<String, String> metadataSettings() {
        return DB.get().freshCatalogSettings();
    }

    @Override
    protected Map<String, String> storeUnderTest() {
        return Map.of("type", "memory");
    }
}
