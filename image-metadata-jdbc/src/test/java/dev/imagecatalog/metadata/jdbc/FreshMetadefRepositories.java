package dev.imagecatalog.metadata.jdbc;

import dev.imagecatalog.config.Settings;
import dev.imagecatalog.metadef.MetadefRepository;
import dev.imagecatalog.spi.MetadataRepository;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fresh, empty metadef repositories on one {@link TestDatabase} per test class (a new H2 database or a new
 * PostgreSQL schema each, through {@link TestDatabase#freshCatalogSettings()}), opened the way a catalog opens
 * them: the jdbc provider's repository, then its {@code metadefs()}. Register it as a static
 * {@code @RegisterExtension} field: it creates the database before the class, closes the repositories' pools
 * after each test and drops the database after the class.
 */
final class FreshMetadefRepositories extends ClassDatabase implements AfterEachCallback {
    private final List<MetadataRepository> opened = new ArrayList<>();

    FreshMetadefRepositories(TestDatabase.Kind kind) {
        super(kind);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        closeAll();
    }

    synchronized MetadefRepository open() {
        MetadataRepository repository = new JdbcMetadataProvider()
                .create(Settings.of(get().freshCatalogSettings()).scoped("metadata."));
        opened.add(repository);
        return repository.metadefs().orElseThrow();
    }

    synchronized void closeAll() {
        for (MetadataRepository r : opened) {
            r.close();
        }
        opened.clear();
    }
}
