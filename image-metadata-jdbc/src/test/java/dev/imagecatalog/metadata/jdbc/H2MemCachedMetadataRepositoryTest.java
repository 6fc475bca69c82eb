package dev.imagecatalog.metadata.jdbc;

import dev.imagecatalog.contract.MetadataRepositoryContract;
import dev.imagecatalog.spi.MetadataRepository;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The metadata contract on H2 in memory with the find-by-id cache on: the cache must change no answer. */
class H2MemCachedMetadataRepositoryTest extends MetadataRepositoryContract {
    @RegisterExtension
    static final ClassDatabase DB = new ClassDatabase(TestDatabase.Kind.H2_MEM);

    @Override
    protected MetadataRepository createRepository() {
        return DB.get().openEmpty(Map.of("cache.enabled", "true", "cache.size", "1000", "cache.expire-after-write", "1m"));
    }
}
