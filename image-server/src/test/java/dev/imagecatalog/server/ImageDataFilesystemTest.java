package dev.imagecatalog.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image data routes over the filesystem store: the same cases, and no file left behind by a failed upload. */
class ImageDataFilesystemTest extends ImageDataCases {
    @TempDir
    Path dir;

    @Override
    Map<String, String> settings() {
        return Map.of("metadata.type", "memory", "stores", "fs", "store.fs.type", "filesystem",
                "store.fs.datadir", dir.toString(), "store.fs.fsync", "false");
    }

    /** {@return every regular file under the data directory} */
    List<Path> files() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Override
    void assertQueuedAndNothingStored(String id) throws IOException {
        super.assertQueuedAndNothingStored(id);
        assertThat(files()).isEmpty();
    }

    @Test
    void anUploadedImageIsOneFileOfItsSize() throws Exception {
        String id = uploaded(LETTERS);
        assertThat(files()).hasSize(1);
        assertThat(Files.size(files().get(0))).isEqualTo(26);
        assertThat(files().get(0).getFileName().toString()).isEqualTo(id);
    }
}
