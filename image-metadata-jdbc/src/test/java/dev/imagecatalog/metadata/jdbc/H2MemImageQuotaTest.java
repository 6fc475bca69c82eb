package dev.imagecatalog.metadata.jdbc;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.contract.ImageQuotaContract;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The quota contract (ImageQuotaContract) with metadata in H2_MEM (a new empty database or schema per catalog) and a memory store. */
class H2MemImageQuotaTest extends ImageQuotaContract {
    private static TestDatabase db;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabase.create(TestDatabase.Kind.H2_MEM);
    }

    @AfterAll
    static void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @Override
    protected ImageCatalog createCatalog(Map<String, String> settings) {
        return ImageCatalog.builder().settings(db.freshCatalogSettings()).setting("stores", "mem")
                .setting("store.mem.type", "memory").settings(settings).build();
    }
}
