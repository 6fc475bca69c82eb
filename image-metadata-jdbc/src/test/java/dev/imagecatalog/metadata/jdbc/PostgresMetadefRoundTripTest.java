package dev.imagecatalog.metadata.jdbc;

import dev.imagecatalog.contract.MetadefRoundTripContract;
import dev.imagecatalog.metadef.MetadefRepository;
import org.junit.jupiter.api.extension.RegisterExtension;

/** image-core's {@code MetadefRoundTripContract} on POSTGRES (one database for the class, a fresh catalog per repository). */
class PostgresMetadefRoundTripTest extends MetadefRoundTripContract {
    @RegisterExtension
    static final FreshMetadefRepositories REPOSITORIES = new FreshMetadefRepositories(TestDatabase.Kind.POSTGRES);

    @Override
    protected MetadefRepository newRepository() {
        return REPOSITORIES.open();
    }
}
