package dev.imagecatalog.store.filesystem;

import dev.imagecatalog.CatalogConfigurationException;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageStoreProvider;
import dev.imagecatalog.spi.Settings;
import dev.imagecatalog.spi.StoreContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provides the filesystem store, type {@code filesystem}. Settings (under {@code store.<id>.}):
 * <ul>
 *   <li>{@code datadir} (required): the data directory, created if missing; a relative path resolves against the
 *       folder of the properties file (see {@link Settings#getPath}), else the working directory;</li>
 *   <li>{@code fsync} (default {@code true}): force file and directory to disk on commit and delete;</li>
 *   <li>{@code fsync.interval} (default {@code 64MiB}): with fsync on, start a background write-back of the file
 *       every so many bytes written, so the disk works during the upload (0: only the fsync at commit);</li>
 * </ul>
 * The store keeps what it writes under the catalog's id ({@link StoreContext#catalogId()}), so several catalogs
 * (and other files) can share one data directory.
 */
public final class FilesystemImageStoreProvider implements ImageStoreProvider {
    private static final Logger LOG = LoggerFactory.getLogger(FilesystemImageStoreProvider.class);
    private static final Set<String> KNOWN = Set.of("type", "datadir", "fsync", "fsync.interval");

    @Override
    public String type() {
        return FilesystemImageStore.SCHEME;
    }

    /**
     * Refused: a filesystem store needs the id of the catalog that owns what it writes; use
     * {@link #create(StoreContext)}.
     */
    @Override
    public ImageStore create(String storeId, Settings settings) {
        throw new UnsupportedOperationException("filesystem store " + storeId
                + " needs the id of its catalog: build it with create(StoreContext)");
    }

    @Override
    public ImageStore create(StoreContext context) {
        String storeId = context.storeId();
        Settings settings = context.settings();
        settings.require("datadir");
        Path datadir = settings.getPath("datadir", null);
        boolean fsync = settings.getBoolean("fsync", true);
        long flushInterval = settings.getBytes("fsync.interval", 64L << 20);
        if (flushInterval < 0) {
            throw settings.bad("fsync.interval", settings.get("fsync.interval").orElse(""), "a size of zero or more");
        }
        for (String key : settings.keys()) {
            if (!KNOWN.contains(key)) {
                LOG.warn("ignoring unknown setting '{}' of filesystem store {}", settings.fullKey(key), storeId);
            }
        }
        try {
            return new FilesystemImageStore(storeId, context.catalogId(), datadir, fsync, flushInterval);
        } catch (IOException e) {
            throw new CatalogConfigurationException("cannot use '" + settings.fullKey("datadir") + "' = '" + datadir
                    + "' as a data directory: " + e, e);
        }
    }
}
