package dev.imagecatalog.store.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.config.Settings;
import dev.imagecatalog.error.CatalogConfigurationException;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.StoreContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filesystem store's settings: declared keys only, sizes with units, nothing created on a refusal. */
class FilesystemSettingsTest {
    @TempDir
    Path dir;

    private ImageStore open(String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put("store.local.type", "filesystem");
        m.put("store.local.datadir", dir.resolve("data").toString());
        for (int i = 0; i < kv.length; i += 2) {
            m.put("store.local." + kv[i], kv[i + 1]);
        }
        return new FilesystemImageStoreProvider().create(new StoreContext("local", "catalog-a",
                Settings.of(m).scoped("store.local.")));
    }

    private void refused(String[] kv, String... fragments) {
        assertThatThrownBy(() -> open(kv)).isInstanceOf(CatalogConfigurationException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(fragments));
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void anUnknownKeyIsRefusedNamingItAndTheKeyItLooksLike() {
        refused(new String[] {"fsync.intervall", "1MiB"}, "unknown setting 'store.local.fsync.intervall'",
                "did you mean 'store.local.fsync.interval'?");
        refused(new String[] {"bucket", "images"}, "unknown setting 'store.local.bucket'", "filesystem store");
    }

    @Test
    void aMissingUnitOrANegativeSizeIsRefusedNamingTheKey() {
        refused(new String[] {"fsync.interval", "65536"}, "'store.local.fsync.interval'", "the unit is missing");
        refused(new String[] {"fsync.interval", "-1MiB"}, "'store.local.fsync.interval'");
        refused(new String[] {"fsync", "sometimes"}, "'store.local.fsync'", "true or false");
    }

    @Test
    void theDeclaredKeysAreRead() throws Exception {
        try (ImageStore store = open("fsync", "false", "fsync.interval", "0")) {
            assertThat(store).isNotNull();
        }
        assertThat(Files.isDirectory(dir.resolve("data"))).isTrue();
        Settings noDatadir = Settings.of(Map.of("store.local.type", "filesystem")).scoped("store.local.");
        assertThatThrownBy(() -> new FilesystemImageStoreProvider().create(new StoreContext("local", "catalog-a",
                noDatadir))).hasMessageContaining("missing required setting 'store.local.datadir'");
    }
}
