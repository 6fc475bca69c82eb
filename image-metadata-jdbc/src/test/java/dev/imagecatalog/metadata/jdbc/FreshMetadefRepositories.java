package dev.imagecatalog.metadata.jdbc;

import dev.imagecatalog.spi.MetadataRepository;
import dev.imagecatalog.spi.MetadefRepository;
import dev.imagecatalog.spi.Settings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fresh, empty metadef repositories on one {@link TestDatabase} per test class (a new H2 database or a new
 * PostgreSQL schema each, through {@link TestDatabase#freshCatalogSettings()}), opened the way a catalog opens
 * them: the jdbc provider's repository, then its {@code metadefs()}. Register it as a static
 * {@code @RegisterExtension} field: it creates the database before the class, closes the repositories' pools
 * after each test and drops the database after the class.
 */
final class FreshMetadefRepositories implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    private final TestDatabase.Kind kind;
    private final List<MetadataRepository> opened = new ArrayList<>();
    private TestDatabase db;

    FreshMetadefRepositories(TestDatabase.Kind kind) {
        this.kind = kind;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        db = TestDatabase.create(kind);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        closeAll();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (db != null) {
            db.close();
        }
    }

    synchronized MetadefRepository open() {
        MetadataRepository repository = new JdbcMetadataProvider()
                .create(Settings.of(db.freshCatalogSettings()).scoped("metadata."));
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
