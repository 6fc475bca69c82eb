package dev.imagecatalog.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link Main} in a child JVM on this test's class path (or a command that runs it), in a given working directory,
 * its stdout and stderr in files.
 * {@link #close()} kills it if it still runs, so a failing test leaves no process.
 */
final class MainProcess implements AutoCloseable {
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private MainProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static MainProcess start(Path workingDirectory, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return start(new ProcessBuilder(cmd), workingDirectory);
    }

    /** Starts any command that runs Main (scripts/serve), in {@code workingDirectory}. */
    static MainProcess start(ProcessBuilder command, Path workingDirectory) throws IOException {
        Path out = Files.createTempFile(workingDirectory, "main-", ".out");
        Path err = Files.createTempFile(workingDirectory, "main-", ".err");
        Process p = command.directory(workingDirectory.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new MainProcess(p, out, err);
    }

    /** {@return the process (for its pid)} */
    Process process() {
        return process;
    }

    /** Waits for the line naming the URL and returns the URL. */
    URI awaitUri() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
                if (line.startsWith("imagecatalog serving the Glance v2 API at ")) {
                    return URI.create(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError("the server exited with " + process.exitValue() + " before listening: "
                        + stderr());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no URL on stdout within 60 s; stderr: " + stderr());
    }

    /** Sends SIGTERM and returns the exit code, failing if the JVM has not ended within {@code limit}. */
    int terminate(Duration limit) throws InterruptedException {
        process.destroy();
        return awaitExit(limit);
    }

    int awaitExit(Duration limit) throws InterruptedException {
        assertThat(process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS))
                .as("the server ended within %s; stderr: %s", limit, stderr()).isTrue();
        return process.exitValue();
    }

    String stdout() {
        return read(stdout);
    }

    String stderr() {
        return read(stderr);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
