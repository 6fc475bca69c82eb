package dev.imagecatalog.metadata.jdbc;

import dev.imagecatalog.contract.TaskRepositoryContract;
import dev.imagecatalog.spi.MetadataRepository;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The task repository contract on POSTGRES (one database for the class, emptied before each test). */
class PostgresTaskRepositoryTest extends TaskRepositoryContract {
    @RegisterExtension
    static final ClassDatabase DB = new ClassDatabase(TestDatabase.Kind.POSTGRES);

    @Override
    protected MetadataRepository createRepository() {
        return DB.get().openEmpty(Map.of());
    }

    @Override
    protected MetadataRepository openSharingBackEnd() {
        return DB.get().open();
    }
}
