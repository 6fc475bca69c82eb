package dev.imagecatalog.metadata.jdbc;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.contract.ImageServiceContract;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The service contract with metadata in POSTGRES (a new empty database or schema per catalog) and a memory store. */
class PostgresImageServiceTest extends ImageServiceContract {
    @RegisterExtension
    static final ClassDatabase DB = new ClassDatabase(TestDatabase.Kind.POSTGRES);

    @Override
    protected Map<String, String> metadataSettings() {
        return DB.get().freshCatalogSettings();
    }

    @Override
    protected ImageCatalog createCatalog() {
        return ImageCatalog.builder().settings(ClassDatabase.withMemoryStore(metadataSettings())).build();
    }
}
