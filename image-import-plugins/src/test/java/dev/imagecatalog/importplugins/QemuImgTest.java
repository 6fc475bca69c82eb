package dev.imagecatalog.importplugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.contract.TestEnvironment;
import dev.imagecatalog.error.UnsupportedMediaException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a qemu-img run ends when it does not end by itself: past its timeout, or when the import's thread is
 * interrupted, it is killed and its output files deleted. {@code sleep} stands in for a qemu-img that hangs.
 */
class QemuImgTest {
    private static final String PATH = System.getenv().getOrDefault("PATH", "/usr/bin");
    private static QemuImg hanging;

    @TempDir
    Path dir;

    @BeforeAll
    static void programs() {
        TestEnvironment.requireThat(ConversionProvider.onPath(PATH, "prlimit").isPresent()
                && ConversionProvider.onPath(PATH, "sleep").isPresent(), "prlimit (util-linux) is not installed");
        hanging = new QemuImg(ConversionProvider.onPath(PATH, "sleep").orElseThrow(),
                ConversionProvider.onPath(PATH, "prlimit").orElseThrow());
    }

    private List<Path> files() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void aRunPastItsTimeoutIsKilledAndRefused() throws Exception {
        QemuImg.Limits limits = new QemuImg.Limits(0, 1L << 30, Duration.ofMillis(50), "import.plugin.x.timeout");
        assertThatThrownBy(() -> hanging.run(limits, dir.resolve("image"), List.of("600")))
                .isInstanceOf(UnsupportedMediaException.class)
                .hasMessageContaining("did not finish within PT0.05S")
                .hasMessageContaining("'import.plugin.x.timeout'");
        assertThat(files()).isEmpty();
    }

    @Test
    void anInterruptedRunIsKilled() throws Exception {
        QemuImg.Limits limits = new QemuImg.Limits(0, 1L << 30, Duration.ofHours(1), "t");
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> hanging.run(limits, dir.resolve("image"), List.of("600")))
                    .isInstanceOf(InterruptedIOException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(files()).isEmpty();
    }

    @Test
    void aRunThatEndsGivesItsExitCodeAndOutput() throws Exception {
        QemuImg echo = new QemuImg(ConversionProvider.onPath(PATH, "sh").orElseThrow(),
                ConversionProvider.onPath(PATH, "prlimit").orElseThrow());
        QemuImg.Result r = echo.run(new QemuImg.Limits(2, 1L << 30, Duration.ofMinutes(1), "t"),
                dir.resolve("image"), List.of("-c", "echo out; echo err >&2; exit 3"));
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdout()).isEqualTo("out\n");
        assertThat(r.failure()).isEqualTo("exit code 3: err");
        assertThat(files()).isEmpty();
    }
}
