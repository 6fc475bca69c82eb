package dev.imagecatalog.metadata.jdbc;

import dev.imagecatalog.contract.MetadefRepositoryContract;
import dev.imagecatalog.metadef.MetadefRepository;
import org.junit.jupiter.api.extension.RegisterExtension;

/** image-core's {@code MetadefRepositoryContract} on H2_MEM (one database for the class, a fresh catalog per repository). */
class H2MetadefRepositoryTest extends MetadefRepositoryContract {
    @RegisterExtension
    static final FreshMetadefRepositories REPOSITORIES = new FreshMetadefRepositories(TestDatabase.Kind.H2_MEM);

    @Override
    protected MetadefRepository newRepository() {
        return REPOSITORIES.open();
    }
}
