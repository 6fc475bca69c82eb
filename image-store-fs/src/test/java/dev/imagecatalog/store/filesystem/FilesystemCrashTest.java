package dev.imagecatalog.store.filesystem;

import dev.imagecatalog.contract.CrashRecoveryContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash tests ({@link CrashRecoveryContract}) on the filesystem store with the metadata in an H2 file: a child
 * JVM is SIGKILLed before the first write, mid-stream, after the commit before activation, and during a delete;
 * the restarted catalog's data directory, walked directly, holds exactly the active images' files (no {@code .part}
 * file, no orphan) and the files another application keeps in it (and an image file of another catalog in the
 * layout without catalog id).
 */
class FilesystemCrashTest extends CrashRecoveryContract {
    /** Files no catalog of this test wrote; the last one is an image file in the layout without catalog id. */
    private static final Set<String> FOREIGN = Set.of("README.txt", "backups/db.dump",
            "ab/ab3c5e7f-1d2e-4f60-8a9b-0c1d2e3f4a5b");

    @TempDir
    Path dir;

    private Path datadir() {
        return dir.resolve("images");
    }

    @BeforeEach
    void foreignFiles() throws IOException {
        for (String name : FOREIGN) {
            Path p = datadir().resolve(name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, "not the catalog's: " + name);
        }
    }

    @Override
    protected Map<String, String> catalogSettings() {
        return h2CatalogWithOneStore(dir, "local", "filesystem", Map.of("datadir", datadir().toString()));
    }

    @Override
    protected List<String> backingObjects() throws IOException {
        try (Stream<Path> all = Files.walk(datadir())) {
            return all.filter(Files::isRegularFile).map(p -> datadir().relativize(p).toString())
                    .collect(Collectors.toList());
        }
    }

    @Override
    protected Set<String> foreignObjects() {
        return FOREIGN;
    }
}
