package dev.imagecatalog.memory;

import dev.imagecatalog.config.Settings;
import dev.imagecatalog.contract.TaskRepositoryContract;
import dev.imagecatalog.spi.MetadataRepository;
import java.util.Map;

class MemoryTaskRepositoryTest extends TaskRepositoryContract {
    @Override
    protected MetadataRepository createRepository() {
        return new MemoryMetadataProvider().create(Settings.of(Map.of()));
    }
}
