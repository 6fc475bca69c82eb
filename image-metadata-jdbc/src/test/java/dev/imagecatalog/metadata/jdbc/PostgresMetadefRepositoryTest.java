package dev.imagecatalog.metadata.jdbc;

import dev.imagecatalog.contract.MetadefRepositoryContract;
import dev.imagecatalog.spi.MetadefRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** image-core's {@code MetadefRepositoryContract} on POSTGRES (one database for the class, a fresh catalog per repository). */
class PostgresMetadefRepositoryTest extends MetadefRepositoryContract {
    private static TestDatabase db;
    private static FreshMetadefRepositories repositories;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabase.create(TestDatabase.Kind.POSTGRES);
        repositories = new FreshMetadefRepositories(db);
    }

    @AfterEach
    void closeRepositories() {
        if (repositories != null) {
            repositories.closeAll();
        }
    }

    @AfterAll
    static void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @Override
    protected MetadefRepository newRepository() {
        return repositories.open();
    }
}
