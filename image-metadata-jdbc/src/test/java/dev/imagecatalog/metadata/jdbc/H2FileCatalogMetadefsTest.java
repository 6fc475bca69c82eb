package dev.imagecatalog.metadata.jdbc;

import dev.imagecatalog.contract.CatalogMetadefsContract;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Metadata definitions through the catalog with metadata in H2_FILE (a fresh database or schema per catalog). */
class H2FileCatalogMetadefsTest extends CatalogMetadefsContract {
    @RegisterExtension
    static final ClassDatabase DB = new ClassDatabase(TestDatabase.Kind.H2_FILE);

    @Override
    protected Map<String, String> catalogSettings() {
        return DB.catalogSettingsWithMemoryStore();
    }
}
