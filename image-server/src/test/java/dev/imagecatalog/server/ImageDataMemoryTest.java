package dev.imagecatalog.server;

import java.util.Map;

/** The image data routes over the memory store. */
class ImageDataMemoryTest extends ImageDataCases {
    @Override
    Map<String, String> settings() {
        return Map.of("metadata.type", "memory", "stores", "mem", "store.mem.type", "memory");
    }
}
