package dev.imagecatalog.metadata.jdbc;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.contract.InputLimitsContract;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The input-limits contract (InputLimitsContract) with metadata in POSTGRES (a new empty database or schema per catalog) and a memory store. */
class PostgresInputLimitsTest extends InputLimitsContract {
    @RegisterExtension
    static final ClassDatabase DB = new ClassDatabase(TestDatabase.Kind.POSTGRES);

    @Override
    protected ImageCatalog createCatalog(Map<String, String> settings) {
        return ImageCatalog.builder().settings(DB.catalogSettingsWithMemoryStore()).settings(settings).build();
    }
}
