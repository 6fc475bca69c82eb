package dev.imagecatalog.memory;

import dev.imagecatalog.spi.MetadataProvider;
import dev.imagecatalog.spi.MetadataRepository;
import dev.imagecatalog.spi.Setting;
import dev.imagecatalog.spi.Settings;
import dev.imagecatalog.spi.SettingsSpec;

/**
 * Provides the in-memory metadata repository, type {@code memory}: thread-safe, with the same semantics as the
 * SQL back-end, and gone when the repository is dropped. It takes no settings but {@code type} (any other key
 * under {@code metadata.} is refused, naming it). Each
 * {@link #create} returns a new, empty repository: two catalogs never share rows.
 */
public final class MemoryMetadataProvider implements MetadataProvider {

    /** The type name: {@code metadata.type = memory}. */
    public static final String TYPE = "memory";
    private static final SettingsSpec SPEC = SettingsSpec.of("memory metadata back-end", Setting.PLUGIN_TYPE);

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public MetadataRepository create(Settings settings) {
        SPEC.check(settings);
        return new MemoryMetadataRepository();
    }
}
