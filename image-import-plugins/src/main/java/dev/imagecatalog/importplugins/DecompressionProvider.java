package dev.imagecatalog.importplugins;

import dev.imagecatalog.config.Setting;
import dev.imagecatalog.config.Settings;
import dev.imagecatalog.config.SettingsSpec;
import dev.imagecatalog.spi.ImportPlugin;
import dev.imagecatalog.spi.ImportPluginProvider;

/**
 * The {@code decompression} import plug-in (Glance's {@code image_decompression}): gzip, zip (one file), bzip2 and
 * xz data is decompressed before the import goes on. Setting (under {@code import.plugin.decompression.}):
 * {@code max-size}, the largest decompressed size accepted (default 1 TiB, the catalog's default
 * {@code image.size-cap}).
 */
public final class DecompressionProvider implements ImportPluginProvider {
    /** The plug-in's name in {@code import.plugins}. */
    public static final String NAME = "decompression";
    static final Setting<Long> MAX_SIZE = Setting.size("max-size").atLeast(1L).defaultValue(1L << 40);
    static final SettingsSpec SPEC = SettingsSpec.of("decompression import plug-in", MAX_SIZE);

    /** Made by {@link java.util.ServiceLoader}. */
    public DecompressionProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ImportPlugin create(Settings settings) {
        Settings s = SPEC.check(settings);
        return new Decompression(s.value(MAX_SIZE), s.fullKey(MAX_SIZE.key()));
    }
}
