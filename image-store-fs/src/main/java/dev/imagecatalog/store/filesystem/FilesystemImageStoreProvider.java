package dev.imagecatalog.store.filesystem;

import dev.imagecatalog.CatalogConfigurationException;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageStoreProvider;
import dev.imagecatalog.spi.Settings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
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
 *   <li>{@code sweep.grace} (default {@code 1h}): later sweeps keep temporary files modified more recently than
 *       this (they may belong to live writers);</li>
 *   <li>{@code shared} (default {@code false}): several processes write to this data directory (e.g. NFS); the
 *       start-up sweep then honours {@code sweep.grace} too instead of removing every temporary file.</li>
 * </ul>
 */
public final class FilesystemImageStoreProvider implements ImageStoreProvider {
    private static final Logger LOG = LoggerFactory.getLogger(FilesystemImageStoreProvider.class);
    private static final Set<String> KNOWN = Set.of("type", "datadir", "fsync", "fsync.interval", "sweep.grace", "shared");

    @Override
    public String type() {
        return FilesystemImageStore.SCHEME;
    }

    @Override
    public ImageStore create(String storeId, Settings settings) {
        settings.require("datadir");
        Path datadir = settings.getPath("datadir", null);
        boolean fsync = settings.getBoolean("fsync", true);
        long flushInterval = settings.getBytes("fsync.interval", 64L << 20);
        if (flushInterval < 0) {
            throw settings.bad("fsync.interval", settings.get("fsync.interval").orElse(""), "a size of zero or more");
        }
        Duration grace = settings.getDuration("sweep.grace", Duration.ofHours(1));
        if (grace.isNegative()) {
            throw settings.bad("sweep.grace", settings.get("sweep.grace").orElse(""), "a duration of zero or more");
        }
        boolean shared = settings.getBoolean("shared", false);
        for (String key : settings.keys()) {
            if (!KNOWN.contains(key)) {
                LOG.warn("ignoring unknown setting '{}' of filesystem store {}", settings.fullKey(key), storeId);
            }
        }
        try {
            return new FilesystemImageStore(storeId, datadir, fsync, flushInterval, grace, shared);
        } catch (IOException e) {
            throw new CatalogConfigurationException("cannot use '" + settings.fullKey("datadir") + "' = '" + datadir
                    + "' as a data directory: " + e, e);
        }
    }
}
