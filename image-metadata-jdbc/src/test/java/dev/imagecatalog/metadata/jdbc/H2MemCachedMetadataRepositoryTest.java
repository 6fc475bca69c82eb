package dev.imagecatalog.metadata.jdbc;

import dev.imagecatalog.contract.MetadataRepositoryContract;
import dev.imagecatalog.spi.MetadataRepository;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The metadata contract on H2 in memory with the find-by-id cache on: the cache must change no answer. */
class H2MemCachedMetadataRepositoryTest extends MetadataRepositoryContract {
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
        return db.openEmpty(Map.of("cache.enabled", "true", "cache.size", "1000", "cache.expire-after-write", "1m"));
    }
}
