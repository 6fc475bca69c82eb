package dev.imagecatalog.memory;

import dev.imagecatalog.contract.MetadefRoundTripContract;
import dev.imagecatalog.metadef.MetadefRepository;

/** Glance's standard metadefs files round-trip on the memory back-end. */
class MemoryMetadefRoundTripTest extends MetadefRoundTripContract {
    @Override
    protected MetadefRepository newRepository() {
        return new MemoryMetadefRepository();
    }
}
