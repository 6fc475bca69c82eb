package dev.imagecatalog.memory;

import dev.imagecatalog.config.Settings;
import dev.imagecatalog.spi.MetadataProvider;
import dev.imagecatalog.spi.MetadataRepository;

/**
 * Provides the in-memory metadata repository, type {@code memory}: thread-safe, with the same semantics as the
 * SQL back-end, and gone when the repository is dropped. It reads no settings and, unlike the jdbc
 * back-end, accepts any key under {@code metadata.} (a test configuration switches to memory by changing only
 * {@code metadata.type}). Each
 * {@link #create} returns a new, empty repository: two catalogs never share rows.
 */
public final class MemoryMetadataProvider implements MetadataProvider {

    /** The type name: {@code metadata.type = memory}. */
    public static final String TYPE = "memory";

    /** A provider; {@link java.util.ServiceLoader} makes one through this constructor. */
    public MemoryMetadataProvider() {
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public MetadataRepository create(Settings settings) {
        return new MemoryMetadataRepository();
    }
}
