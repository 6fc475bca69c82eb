package dev.imagecatalog.metadata.jdbc;

import dev.imagecatalog.contract.SnapshotContract;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The snapshot contract with metadata in H2_MEM (list order, ties and rotation in SQL) and a memory store. */
class H2MemSnapshotTest extends SnapshotContract {
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
