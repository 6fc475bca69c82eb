package dev.imagecatalog.metadata.jdbc;

import dev.imagecatalog.contract.MetadefRepositoryContract;
import dev.imagecatalog.metadef.MetadefRepository;
import org.junit.jupiter.api.extension.RegisterExtension;

/** image-core's {@code MetadefRepositoryContract} on POSTGRES (one database for the class, a fresh catalog per repository). */
class PostgresMetadefRepositoryTest extends MetadefRepositoryContract {
    @RegisterExtension
    static final FreshMetadefRepositories REPOSITORIES = new FreshMetadefRepositories(TestDatabase.Kind.POSTGRES);

    @Override
    protected MetadefRepository newRepository() {
        return REPOSITORIES.open();
    }
}
