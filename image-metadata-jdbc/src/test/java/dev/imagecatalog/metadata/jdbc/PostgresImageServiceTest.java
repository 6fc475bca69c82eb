package dev.imagecatalog.metadata.jdbc;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.contract.ImageServiceContract;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The service contract with metadata in POSTGRES (a new empty database or schema per catalog) and a memory store. */
class PostgresImageServiceTest extends ImageServiceContract {
    private static TestDatabase db;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabase.create(TestDatabase.Kind.POSTGRES);
    }

    @AfterAll
    static void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @Override
    protected Map<String, String> metadataSettings() {
        return db.freshCatalogSettings();
    }

    @Override
    protected ImageCatalog createCatalog() {
        return ImageCatalog.builder().settings(metadataSettings()).setting("stores", "mem")
                .setting("store.mem.type", "memory").build();
    }
}
