package dev.imagecatalog.metadata.jdbc;

import dev.imagecatalog.contract.MetadefRoundTripContract;
import dev.imagecatalog.metadef.MetadefRepository;
import org.junit.jupiter.api.extension.RegisterExtension;

/** image-core's {@code MetadefRoundTripContract} on H2_MEM (one database for the class, a fresh catalog per repository). */
class H2MetadefRoundTripTest extends MetadefRoundTripContract {
    @RegisterExtension
    static final FreshMetadefRepositories REPOSITORIES = new FreshMetadefRepositories(TestDatabase.Kind.H2_MEM);

    @Override
    protected MetadefRepository newRepository() {
        return REPOSITORIES.open();
    }
}
