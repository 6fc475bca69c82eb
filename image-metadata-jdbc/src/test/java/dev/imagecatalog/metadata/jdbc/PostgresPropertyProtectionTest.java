package dev.imagecatalog.metadata.jdbc;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.contract.PropertyProtectionContract;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The property-protection oracle checks (PropertyProtectionContract) with metadata in POSTGRES and a memory store. */
class PostgresPropertyProtectionTest extends PropertyProtectionContract {
    @RegisterExtension
    static final ClassDatabase DB = new ClassDatabase(TestDatabase.Kind.POSTGRES);

    @Override
    protected ImageCatalog createCatalog(Map<String, String> settings) {
        return ImageCatalog.builder().settings(DB.catalogSettingsWithMemoryStore()).settings(settings).build();
    }
}
