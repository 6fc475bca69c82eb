package dev.imagecatalog.metadata.jdbc;

import dev.imagecatalog.contract.CatalogMetadefsContract;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Metadata definitions through the catalog with metadata in POSTGRES (a fresh database or schema per catalog). */
class PostgresCatalogMetadefsTest extends CatalogMetadefsContract {
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
    protected Map<String, String> catalogSettings() {
        Map<String, String> settings = new HashMap<>(db.freshCatalogSettings());
        settings.put("stores", "mem");
        settings.put("store.mem.type", "memory");
        return settings;
    }
}
