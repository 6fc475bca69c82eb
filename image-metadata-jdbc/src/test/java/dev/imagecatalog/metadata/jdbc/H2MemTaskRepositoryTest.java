package dev.imagecatalog.metadata.jdbc;

import dev.imagecatalog.contract.TaskRepositoryContract;
import dev.imagecatalog.spi.MetadataRepository;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The task repository contract on H2_MEM (one database for the class, emptied before each test). */
class H2MemTaskRepositoryTest extends TaskRepositoryContract {
    @RegisterExtension
    static final ClassDatabase DB = new ClassDatabase(TestDatabase.Kind.H2_MEM);

    @Override
    protected MetadataRepository createRepository() {
        return DB.get().openEmpty(Map.of());
    }

    @Override
    protected MetadataRepository openSharingBackEnd() {
        return DB.get().open();
    }
}
