package dev.imagecatalog.metadata.jdbc;

import dev.imagecatalog.spi.MetadataRepository;
import dev.imagecatalog.spi.MetadefRepository;
import dev.imagecatalog.spi.Settings;
import java.util.ArrayList;
import java.util.List;

/**
 * Fresh, empty metadef repositories on one {@link TestDatabase} (a new H2 database or a new PostgreSQL schema
 * each, through {@link TestDatabase#freshCatalogSettings()}), opened the way a catalog opens them: the jdbc
 * provider's repository, then its {@code metadefs()}. {@link #closeAll()} closes their pools.
 */
final class FreshMetadefRepositories {
    private final TestDatabase db;
    private final List<MetadataRepository> opened = new ArrayList<>();

    FreshMetadefRepositories(TestDatabase db) {
        this.db = db;
    }

    synchronized MetadefRepository open() {
        MetadataRepository repository = openMetadata();
        return repository.metadefs().orElseThrow();
    }

    /** The image repository of a fresh catalog, whose {@code metadefs()} the caller takes. */
    synchronized MetadataRepository openMetadata() {
        MetadataRepository repository = new JdbcMetadataProvider()
                .create(Settings.of(db.freshCatalogSettings()).scoped("metadata."));
        opened.add(repository);
        return repository;
    }

    synchronized void closeAll() {
        for (MetadataRepository r : opened) {
            r.close();
        }
        opened.clear();
    }
}
