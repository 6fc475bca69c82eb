package dev.imagecatalog.store.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.contract.SnapshotContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The snapshot contract with a filesystem store and memory metadata; afterwards no temporary file of any write (the
 * failed uploads' included) is left in the data directory.
 */
class FilesystemSnapshotTest extends SnapshotContract {
    @TempDir
    static Path dir;

    @Override
    protected Map<String, String> storeUnderTest() {
        return Map.of("type", "filesystem", "datadir", dir.resolve("a").toString());
    }

    @AfterAll
    static void noTemporaryFileLeft() throws IOException {
        Path incoming = dir.resolve("a").resolve(FilesystemImageStore.INCOMING);
        if (Files.isDirectory(incoming)) {
            try (Stream<Path> s = Files.walk(incoming)) {
                assertThat(s.filter(Files::isRegularFile).toList()).as("temporary files in " + incoming).isEmpty();
            }
        }
    }
}
