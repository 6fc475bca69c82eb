package dev.imagecatalog.metadata.jdbc;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.contract.ImageQuotaContract;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The quota contract (ImageQuotaContract) with metadata in POSTGRES (a new empty database or schema per catalog) and a memory store. */
class PostgresImageQuotaTest extends ImageQuotaContract {
    @RegisterExtension
    static final ClassDatabase DB = new ClassDatabase(TestDatabase.Kind.POSTGRES);

    @Override
    protected ImageCatalog createCatalog(Map<String, String> settings) {
        return ImageCatalog.builder().settings(DB.catalogSettingsWithMemoryStore()).settings(settings).build();
    }
}
