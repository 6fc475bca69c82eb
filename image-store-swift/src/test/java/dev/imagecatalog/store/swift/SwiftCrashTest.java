package dev.imagecatalog.store.swift;

import dev.imagecatalog.contract.CrashRecoveryContract;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash tests ({@link CrashRecoveryContract}) on the Swift store (TempAuth) with the metadata in an H2 file, in a
 * container Glance uses too: it holds a Glance image object (named by its image id, as Glance names them) and a
 * note. Images are static large objects of 1 MiB segments (3 MiB images); the mid-stream kill comes after two
 * segments were read, so segments without a manifest are left behind. After the restart, the containers listed
 * directly (images and segments) hold exactly the active images' objects and segments, and Glance's two objects.
 */
class SwiftCrashTest extends CrashRecoveryContract {
    private static final String GLANCE_IMAGE = "4c1f3e8a-6b2d-4e57-9a0c-2f7d8e6b1a35";

    @TempDir
    Path dir;

    private Map<String, String> store;
    private String container;
    private RawSwiftAccount account;

    @BeforeEach
    void containerSharedWithGlance() {
        container = SwiftTestSupport.uniqueContainer("crash");
        store = SwiftTestSupport.tempAuthSettings(container);
        store.put("segment-size", "1MiB");
        account = new RawSwiftAccount(store);
        account.createContainer(container);
        account.put(container, GLANCE_IMAGE, "an image Glance uploaded");
        account.put(container, "notes.txt", "not the catalog's");
    }

    @AfterEach
    void removeContainers() {
        if (account != null) {
            account.deleteContainers(container);
        }
    }

    @Override
    protected Map<String, String> catalogSettings() {
        return h2CatalogWithOneStore(dir, "swift", "swift", store);
    }

    @Override
    protected List<String> backingObjects() {
        return account.everything(container);
    }

    @Override
    protected Set<String> foreignObjects() {
        return Set.of(container + "/" + GLANCE_IMAGE, container + "/notes.txt");
    }

    @Override
    protected long killAt() {
        return 2L << 20;
    }
}
