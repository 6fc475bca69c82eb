package dev.imagecatalog.store.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.contract.UploadInspectionContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** Format inspection in the upload on the filesystem store; no temporary file stays after a refusal. */
class FilesystemUploadInspectionTest extends UploadInspectionContract {
    @TempDir
    Path datadir;

    @Override
    protected ImageCatalog createCatalog(Map<String, String> settings) {
        return ImageCatalog.builder().setting("metadata.type", "memory").setting("stores", "fs")
                .setting("store.fs.type", "filesystem").setting("store.fs.datadir", datadir.toString())
                .settings(settings).build();
    }

    @AfterEach
    void noIncomingFileStays() throws IOException {
        Path incoming = datadir.resolve(FilesystemImageStore.INCOMING);
        if (Files.exists(incoming)) {
            try (Stream<Path> s = Files.walk(incoming)) {
                assertThat(s.filter(Files::isRegularFile)).isEmpty();
            }
        }
    }
}
