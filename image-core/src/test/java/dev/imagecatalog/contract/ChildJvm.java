package dev.imagecatalog.contract;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts a {@code main} class of the test class path in a child JVM ({@code java OPTIONS -cp CLASSPATH MAIN ARGS}),
 * for tests that need a process of their own: a small heap, a SIGKILL, two catalogs racing from two processes. The
 * child's standard error goes to its standard output; slf4j-simple logs at {@code warn}.
 */
public final class ChildJvm {
    private ChildJvm() {
    }

    /** What a child printed and how it ended. */
    public record Result(int exitCode, List<String> lines) {
        /** The output, one line each, for assertion messages. */
        public String output() {
            return String.join("\n", lines);
        }
    }

    /** Starts {@code main} with {@code jvmOptions} (such as {@code -Xmx96m}) and {@code args}; the caller owns the process. */
    public static Process start(Class<?> main, List<String> jvmOptions, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    /**
     * Runs {@code main} to its end and returns its exit code and output; a child still running after
     * {@code timeout} is killed and reported as exit code -1.
     */
    public static Result run(Class<?> main, List<String> jvmOptions, List<String> args, Duration timeout)
            throws IOException, InterruptedException {
        Process child = start(main, jvmOptions, args);
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                }
            } catch (IOException e) {
                // the child was killed: keep what it printed
            }
        }, "child-jvm-output");
        reader.start();
        try {
            if (!child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                reader.join(5_000);
                synchronized (lines) {
                    return new Result(-1, List.copyOf(lines));
                }
            }
            reader.join();
            return new Result(child.exitValue(), List.copyOf(lines));
        } finally {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
    }
}
