package dev.imagecatalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No file of image-core's main code is longer than {@value #MAX_LINES} lines: a class that grows past it does more
 * than one job and is split before more is added.
 */
class SourceLengthTest {
    static final int MAX_LINES = 450;

    /** The module's main sources; the tests run in the module's directory. */
    private static final Path MAIN = Path.of("src", "main", "java");

    @Test
    void noMainSourceFileIsLongerThanTheLimit() throws IOException {
        assertThat(MAIN).as("image-core's main sources, from the module directory").isDirectory();
        List<String> tooLong;
        try (Stream<Path> files = Files.walk(MAIN)) {
            tooLong = files.filter(f -> f.toString().endsWith(".java")).filter(f -> lines(f) > MAX_LINES)
                    .map(f -> f + ": " + lines(f) + " lines").sorted().toList();
        }
        assertThat(tooLong).as("main source files over " + MAX_LINES + " lines").isEmpty();
    }

    /** The proof that the count is of lines: a file of 451 lines is over the limit, one of 450 is not. */
    @Test
    void linesAreCountedAsAnEditorShowsThem() throws IOException {
        Path dir = Files.createTempDirectory("source-length");
        try {
            Path over = Files.writeString(dir.resolve("Over.java"), "x\n".repeat(MAX_LINES + 1));
            Path at = Files.writeString(dir.resolve("At.java"), "x\n".repeat(MAX_LINES - 1) + "x");
            assertThat(lines(over)).isEqualTo(MAX_LINES + 1);
            assertThat(lines(at)).isEqualTo(MAX_LINES);
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    private static int lines(Path file) {
        try {
            return Files.readAllLines(file).size();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
