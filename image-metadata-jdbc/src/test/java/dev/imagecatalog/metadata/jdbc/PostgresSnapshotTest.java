package dev.imagecatalog.metadata.jdbc;

import dev.imagecatalog.contract.SnapshotContract;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The snapshot contract with metadata in POSTGRES (list order, ties and rotation in SQL) and a memory store. */
class PostgresSnapshotTest extends SnapshotContract {
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
