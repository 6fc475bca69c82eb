package dev.imagecatalog.importplugins;

import dev.imagecatalog.error.UnsupportedMediaException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code qemu-img} under {@code prlimit}: a cap on its address space, optionally on its CPU time, and a wall-clock
 * timeout after which it is killed. Its output goes to files beside the staged data, named after it (so the staging
 * area's clean-up of the image finds them after a crash) and deleted after the run; read back bounded. Stateless and
 * thread-safe.
 */
final class QemuImg {
    /** The most of qemu-img's standard output read back (its JSON). */
    private static final int MAX_STDOUT = 1024 * 1024;
    /** The most of its standard error a message shows. */
    private static final int MAX_STDERR = 2048;

    private final Path qemuImg;
    private final Path prlimit;

    /**
     * @param qemuImg the qemu-img executable
     * @param prlimit the prlimit executable (util-linux)
     */
    QemuImg(Path qemuImg, Path prlimit) {
        this.qemuImg = qemuImg;
        this.prlimit = prlimit;
    }

    /**
     * The limits of one run.
     *
     * @param cpuSeconds   the CPU time qemu-img may use (SIGXCPU/SIGKILL beyond), 0 for no limit
     * @param addressSpace the virtual memory it may map, in bytes
     * @param timeout      the wall-clock time after which it is killed
     * @param timeoutKey   the setting {@code timeout} comes from, for messages
     */
    record Limits(int cpuSeconds, long addressSpace, Duration timeout, String timeoutKey) {
    }

    /**
     * What one run gave.
     *
     * @param exitCode the exit code (128 + the signal when killed by one)
     * @param stdout   its standard output (at most 1 MiB)
     * @param stderr   the start of its standard error
     */
    record Result(int exitCode, String stdout, String stderr) {
        /** {@return the exit code and standard error as a message shows them} */
        String failure() {
            String how = exitCode > 128 ? "killed by signal " + (exitCode - 128) : "exit code " + exitCode;
            return how + (stderr.isBlank() ? "" : ": " + stderr.strip());
        }
    }

    /** {@return the command line of {@code args} under {@code limits}} */
    List<String> command(Limits limits, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(prlimit.toString());
        if (limits.cpuSeconds() > 0) {
            cmd.add("--cpu=" + limits.cpuSeconds());
        }
        cmd.add("--as=" + limits.addressSpace());
        cmd.add("--");
        cmd.add(qemuImg.toString());
        cmd.addAll(args);
        return cmd;
    }

    /**
     * Runs {@code qemu-img args...} under {@code limits}.
     *
     * @param limits the limits
     * @param beside the staged data file: the output files go beside it, their names starting with its name
     * @param args   qemu-img's arguments
     * @return its exit code and output
     * @throws UnsupportedMediaException when it does not finish within the timeout (it is killed)
     * @throws InterruptedIOException    when the calling thread is interrupted (it is killed)
     * @throws IOException               when it cannot be started
     */
    Result run(Limits limits, Path beside, List<String> args) throws IOException {
        Path dir = beside.toAbsolutePath().getParent();
        String prefix = beside.getFileName() + ".qemu-img.";
        Path out = Files.createTempFile(dir, prefix, ".out");
        Path err = Files.createTempFile(dir, prefix, ".err");
        try {
            Process p = new ProcessBuilder(command(limits, args)).redirectInput(ProcessBuilder.Redirect.from(
                    Path.of("/dev/null").toFile())).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            try {
                if (!p.waitFor(limits.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly().waitFor();
                    throw new UnsupportedMediaException("qemu-img " + args.get(0) + " did not finish within "
                            + limits.timeout() + " (the bound set by '" + limits.timeoutKey() + "'); it was stopped");
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while qemu-img " + args.get(0) + " ran");
            }
            return new Result(p.exitValue(), head(out, MAX_STDOUT), head(err, MAX_STDERR));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String head(Path file, int max) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(max), StandardCharsets.UTF_8);
        }
    }
}
