package dev.imagecatalog.store.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.contract.ImageServiceContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service contract with image bytes in the filesystem store (metadata in memory), and the fault-injecting store
 * wrapping a filesystem store too. After every test, no temporary file of any write is left in either data directory.
 */
class FilesystemImageServiceTest extends ImageServiceContract {

    @TempDir
    Path dir;

    @Override
    protected ImageCatalog createCatalog() {
        return ImageCatalog.builder()
                .setting("metadata.type", "memory")
                .setting("stores", "local")
                .setting("store.local.type", "filesystem")
                .setting("store.local.datadir", dir.resolve("local").toString())
                .setting("store.local.fsync.interval", "1MiB")
                .build();
    }

    @Override
    protected Map<String, String> faultyStoreDelegateSettings() {
        return Map.of("type", "filesystem", "datadir", dir.resolve("faulty").toString());
    }

    @AfterEach
    void noTemporaryFilesLeft() throws IOException {
        for (String store : new String[] {"local", "faulty"}) {
            Path incoming = dir.resolve(store).resolve(FilesystemImageStore.INCOMING);
            if (Files.isDirectory(incoming)) {
                try (Stream<Path> s = Files.walk(incoming)) {
                    List<Path> left = s.filter(Files::isRegularFile).collect(Collectors.toList());
                    assertThat(left).as("temporary files left in %s", incoming).isEmpty();
                }
            }
        }
    }
}
