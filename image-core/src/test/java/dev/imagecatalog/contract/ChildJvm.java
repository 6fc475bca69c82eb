package dev.imagecatalog.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM for crash and multi-process tests: runs a {@code main} class of the test class path, reads its output
 * (stdout and stderr merged) line by line on a daemon thread, lets the test wait for a line, write to its stdin, and
 * kill it with SIGKILL. {@link #close()} kills it if it is still running, so a failing test leaves no process.
 */
public final class ChildJvm implements AutoCloseable {
    /** The exit status of a process killed by SIGKILL: 128 + 9. */
    public static final int SIGKILL_STATUS = 137;

    private static final String END = "\u0000end of output";

    private final String name;
    private final Process process;
    private final BlockingQueue<String> unread = new LinkedBlockingQueue<>();
    private final List<String> output = Collections.synchronizedList(new ArrayList<>());
    private final Thread reader;

    private ChildJvm(String name, Process process) {
        this.name = name;
        this.process = process;
        this.reader = new Thread(this::readOutput, "child-jvm-" + name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code java [jvmOptions] -cp <this JVM's class path> main [args]} with a 128 MiB heap (an option in
     * {@code jvmOptions} may override it) and slf4j-simple logging at {@code warn}.
     */
    public static ChildJvm start(String name, Class<?> main, List<String> jvmOptions, List<String> args)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx128m");
        cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(args);
        return new ChildJvm(name, new ProcessBuilder(cmd).redirectErrorStream(true).start());
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.add(line);
                unread.add(line);
            }
        } catch (IOException e) {
            output.add("(reading the output failed: " + e + ")");
        } finally {
            unread.add(END);
        }
    }

    /** The child's name (for messages). */
    public String name() {
        return name;
    }

    /** The child's process id. */
    public long pid() {
        return process.pid();
    }

    /**
     * Waits for the next line starting with {@code prefix} (lines before it are skipped) and returns it. Fails,
     * showing the child's output, if the child ends its output first or {@code timeout} passes.
     */
    public String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = unread.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                fail("child " + name + " printed no line starting with '" + prefix + "' within " + timeout
                        + "; its output:\n" + String.join("\n", output()));
            }
            if (line == END) {
                unread.add(END);
                fail("child " + name + " ended its output (exit status " + exitStatus()
                        + ") without a line starting with '" + prefix + "'; its output:\n" + String.join("\n", output()));
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    private String exitStatus() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** Writes one line to the child's stdin. */
    public void send(String line) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to child " + name + " failed", e);
        }
    }

    /** Every line the child printed so far. */
    public List<String> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    /** The lines printed so far that start with {@code prefix}. */
    public List<String> linesStartingWith(String prefix) {
        return output().stream().filter(l -> l.startsWith(prefix)).toList();
    }

    /**
     * Kills the child with SIGKILL ({@link Process#destroyForcibly()} sends SIGKILL on Linux and macOS) and waits for
     * it; asserts that it died of that signal (exit status 137), not by itself.
     */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("child %s ended after SIGKILL", name).isTrue();
        assertThat(process.exitValue()).as("exit status of child %s (137: killed by SIGKILL); its output:\n%s", name,
                String.join("\n", output())).isEqualTo(SIGKILL_STATUS);
        reader.join(10_000);
    }

    /**
     * Waits for the child to exit by itself with status 0 and returns the lines not yet consumed by
     * {@link #awaitLine}.
     */
    public List<String> awaitExit(Duration timeout) throws InterruptedException {
        assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
                .as("child %s exited within %s; its output:\n%s", name, timeout, String.join("\n", output())).isTrue();
        reader.join(10_000);
        assertThat(process.exitValue()).as("exit status of child %s; its output:\n%s", name,
                String.join("\n", output())).isZero();
        List<String> rest = new ArrayList<>();
        unread.drainTo(rest);
        rest.remove(END);
        return rest;
    }

    /** Kills the child if it is still running. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
