package dev.imagecatalog.metadata.jdbc;

import dev.imagecatalog.contract.MetadataRepositoryContract;
import dev.imagecatalog.spi.MetadataRepository;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The metadata contract on H2_MEM (one database for the class, emptied before each test). */
class H2MemMetadataRepositoryTest extends MetadataRepositoryContract {
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
    protected MetadataRepository createRepository() {
        return db.openEmpty(Map.of());
    }
}
