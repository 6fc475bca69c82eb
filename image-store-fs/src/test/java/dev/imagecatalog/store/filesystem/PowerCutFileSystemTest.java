package dev.imagecatalog.store.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The power-cut file system keeps what POSIX promises after fsync, and nothing else. */
class PowerCutFileSystemTest {
    @TempDir
    Path disk;

    private static void write(Path file, String text, boolean force) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            if (force) {
                ch.force(true);
            }
        }
    }

    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file);
    }

    @Test
    void bytesSurviveAsOfTheLastForceAndNamesAsOfTheDirectorysLastForce() throws Exception {
        PowerCutFileSystem fs = PowerCutFileSystem.mount(disk);
        Path root = fs.root();
        write(root.resolve("forced"), "forced", true);
        write(root.resolve("unforced"), "unforced", false);
        try (FileChannel ch = FileChannel.open(root.resolve("forced"), StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap(" and more".getBytes(StandardCharsets.UTF_8))); // never forced
        }
        forceDirectory(root);
        write(root.resolve("named-too-late"), "x", true);

        PowerCutFileSystem after = fs.cutPower();
        Path r = after.root();
        assertThat(read(r.resolve("forced"))).isEqualTo("forced");
        assertThat(read(r.resolve("unforced"))).as("a file never forced comes back empty").isEmpty();
        assertThat(r.resolve("named-too-late")).as("created after the directory's last force").doesNotExist();
        assertThat(fs.forces()).containsExactly("forced", "/", "named-too-late");
    }

    @Test
    void renamesAndDeletesLastOnlyOnceTheirDirectoriesAreForced() throws Exception {
        PowerCutFileSystem fs = PowerCutFileSystem.mount(disk);
        Path root = fs.root();
        Files.createDirectory(root.resolve("a"));
        Files.createDirectory(root.resolve("b"));
        write(root.resolve("a/kept"), "kept", true);
        write(root.resolve("a/deleted"), "deleted", true);
        write(root.resolve("a/moved"), "moved", true);
        forceDirectory(root.resolve("a"));
        forceDirectory(root);
        Files.delete(root.resolve("a/deleted"));
        Files.move(root.resolve("a/moved"), root.resolve("b/moved"), StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(root.resolve("b")); // the new name is durable; the old one's removal is not

        Path r = fs.cutPower().root();
        assertThat(read(r.resolve("a/kept"))).isEqualTo("kept");
        assertThat(read(r.resolve("a/deleted"))).as("a delete in an unforced directory is undone").isEqualTo("deleted");
        assertThat(read(r.resolve("b/moved"))).isEqualTo("moved");
        assertThat(read(r.resolve("a/moved"))).as("the old name was never forced away").isEqualTo("moved");
    }

    @Test
    void theDeadFileSystemRefusesEverythingAndPathsNeverBecomeFiles() throws Exception {
        PowerCutFileSystem fs = PowerCutFileSystem.mount(disk);
        Path file = fs.root().resolve("f");
        FileChannel open = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        assertThatThrownBy(file::toFile).isInstanceOf(UnsupportedOperationException.class);
        fs.cutPower();
        assertThatThrownBy(() -> open.write(ByteBuffer.wrap(new byte[1]))).isInstanceOf(IOException.class)
                .hasMessageContaining("power was cut");
        assertThatThrownBy(() -> Files.createFile(fs.root().resolve("g"))).isInstanceOf(IOException.class);
        open.close();
    }
}
