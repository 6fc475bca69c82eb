package dev.imagecatalog.store.filesystem;

import dev.imagecatalog.config.Setting;
import dev.imagecatalog.config.Settings;
import dev.imagecatalog.config.SettingsSpec;
import dev.imagecatalog.error.CatalogConfigurationException;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageStoreProvider;
import dev.imagecatalog.spi.StoreContext;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Provides the filesystem store, type {@code filesystem}. Settings (under {@code store.<id>.}; the module README has
 * the table; any other key is refused, naming it):
 * <ul>
 *   <li>{@code datadir} (required): the data directory, created if missing; a relative path resolves against the
 *       folder of the properties file (see {@link Settings#baseDirectory()}), else the working directory;</li>
 *   <li>{@code fsync} (default {@code true}): force file and directory to disk on commit and delete;</li>
 *   <li>{@code fsync.interval} (default {@code 64MiB}): with fsync on, start a background write-back of the file
 *       every so many bytes written, so the disk works during the upload (0: only the fsync at commit);</li>
 * </ul>
 * The store keeps what it writes under the catalog's id ({@link StoreContext#catalogId()}), so several catalogs
 * (and other files) can share one data directory.
 */
public final class FilesystemImageStoreProvider implements ImageStoreProvider {
    static final Setting<Path> DATADIR = Setting.path("datadir").required();
    static final Setting<Boolean> FSYNC = Setting.bool("fsync").defaultValue(true);
    static final Setting<Long> FSYNC_INTERVAL = Setting.size("fsync.interval").atLeast(0L).defaultValue(64L << 20);
    static final SettingsSpec SPEC = SettingsSpec.of("filesystem store", Setting.PLUGIN_TYPE, DATADIR, FSYNC,
            FSYNC_INTERVAL);

    @Override
    public String type() {
        return FilesystemImageStore.SCHEME;
    }

    @Override
    public ImageStore create(StoreContext context) {
        Settings settings = SPEC.check(context.settings());
        Path datadir = settings.value(DATADIR);
        try {
            return new FilesystemImageStore(context.storeId(), context.catalogId(), datadir, settings.value(FSYNC),
                    settings.value(FSYNC_INTERVAL));
        } catch (IOException e) {
            throw new CatalogConfigurationException("cannot use '" + settings.fullKey("datadir") + "' = '" + datadir
                    + "' as a data directory: " + e, e);
        }
    }
}
