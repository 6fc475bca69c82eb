package dev.imagecatalog.memory;

import dev.imagecatalog.contract.MetadefRepositoryContract;
import dev.imagecatalog.metadef.MetadefRepository;

class MemoryMetadefRepositoryTest extends MetadefRepositoryContract {
    @Override
    protected MetadefRepository newRepository() {
        return new MemoryMetadefRepository();
    }
}
