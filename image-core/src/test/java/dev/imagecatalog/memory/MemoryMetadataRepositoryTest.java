package dev.imagecatalog.memory;

import dev.imagecatalog.config.Settings;
import dev.imagecatalog.contract.MetadataRepositoryContract;
import dev.imagecatalog.spi.MetadataRepository;
import java.util.Map;

class MemoryMetadataRepositoryTest extends MetadataRepositoryContract {
    @Override
    protected MetadataRepository createRepository() {
        return new MemoryMetadataProvider().create(Settings.of(Map.of()));
    }
}
