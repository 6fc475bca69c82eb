package dev.imagecatalog.internal;

import dev.imagecatalog.spi.StagedImage;
import java.io.IOException;
import java.util.List;

/**
 * The configured import plug-ins ({@code import.plugins}, found with {@link java.util.ServiceLoader} as
 * {@link dev.imagecatalog.spi.ImportPluginProvider}s, each built from its {@code import.plugin.<name>.*} settings),
 * run in order on a staged image.
 */
final class ImportPlugins {

    private ImportPlugins() {
    }

    /** Loads and builds the plug-ins named in {@code config.plugins()}; an unknown name fails naming the key. */
    static ImportPlugins load(ImportConfig config, ClassLoader classLoader) {
        return new ImportPlugins();
    }

    /** {@return the plug-ins' names, in order} */
    List<String> names() {
        return List.of();
    }

    /** Runs every plug-in in order on {@code image}. */
    void run(StagedImage image) throws IOException {
    }
}
