package dev.imagecatalog.memory;

import dev.imagecatalog.contract.MetadefRepositoryContract;
import dev.imagecatalog.spi.MetadefRepository;

class MemoryMetadefRepositoryTest extends MetadefRepositoryContract {
    @Override
    protected MetadefRepository newRepository() {
        return new MemoryMetadefRepository();
    }
}
