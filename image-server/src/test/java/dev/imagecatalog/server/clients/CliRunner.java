package dev.imagecatalog.server.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.contract.TestEnvironment;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real command-line client ({@code glance}, {@code openstack}) as a child process with a clean environment:
 * only {@code PATH}, {@code LANG} and a {@code HOME} of its own (so no {@code OS_*} variable and no
 * {@code ~/.config/openstack/clouds.yaml} of the host reaches it), a timeout, its output captured.
 *
 * <p>A missing binary fails the test when {@code CI=true} and skips it elsewhere ({@link TestEnvironment}).
 */
final class CliRunner {
    /** What one invocation did. */
    record Result(List<String> command, int exitCode, String stdout, String stderr) {
        /** {@return this result, after asserting the exit code was 0 (the message shows the whole invocation)} */
        Result ok() {
            assertThat(exitCode).as("%s", this).isZero();
            return this;
        }

        /** {@return this result, after asserting the command failed} */
        Result failed() {
            assertThat(exitCode).as("%s", this).isNotZero();
            return this;
        }

        @Override
        public String toString() {
            return String.join(" ", command) + "\n  exit " + exitCode + "\n  stdout: " + stdout + "\n  stderr: "
                    + stderr;
        }
    }

    private static final String PATH = "/usr/local/bin:/usr/bin:/bin";

    private final String binary;
    private final List<String> globalArguments;
    private final Path home;
    private final Duration timeout;
    private final List<String> forgotten;
    private final boolean stdinClosed;

    /**
     * @param binary the client's executable, looked up on {@link #PATH}
     * @param globalArguments what every invocation starts with (endpoint and authentication options)
     * @param home the child's {@code HOME} (an empty test folder)
     */
    CliRunner(String binary, List<String> globalArguments, Path home, Duration timeout) {
        this(binary, globalArguments, home, timeout, List.of(), false);
    }

    private CliRunner(String binary, List<String> globalArguments, Path home, Duration timeout,
            List<String> forgotten, boolean stdinClosed) {
        this.stdinClosed = stdinClosed;
        this.binary = binary;
        this.globalArguments = List.copyOf(globalArguments);
        this.home = home;
        this.timeout = timeout;
        this.forgotten = List.copyOf(forgotten);
    }

    /**
     * {@return a runner that deletes {@code entry} (a file or folder in the child's {@code HOME}) before every
     * invocation: a client's cache that must not carry over from one call to the next}
     */
    CliRunner forgetting(String entry) {
        List<String> all = new ArrayList<>(forgotten);
        all.add(entry);
        return new CliRunner(binary, globalArguments, home, timeout, all, stdinClosed);
    }

    /**
     * {@return a runner whose child starts with standard input closed (through {@code sh -c 'exec ... <&-'}): a
     * client that reads image data from a standard input that is not a terminal (glance image-create) then sends
     * none}
     */
    CliRunner withStdinClosed() {
        return new CliRunner(binary, globalArguments, home, timeout, forgotten, true);
    }

    /**
     * {@return glance against the server at {@code endpoint} under noauth, its caches in {@code home}, standard input
     * closed} Fails in CI, skips elsewhere, when python3-glanceclient is not installed.
     */
    static CliRunner glanceNoauth(URI endpoint, Path home) {
        requireInstalled("glance", "python3-glanceclient");
        return new CliRunner("glance", List.of("--os-image-url", endpoint.toString(), "--os-auth-token", "x"), home,
                Duration.ofSeconds(60)).forgetting(".glanceclient").withStdinClosed();
    }

    /**
     * {@return openstackclient against the server at {@code endpoint} under noauth, its caches in {@code home}} Fails
     * in CI, skips elsewhere, when python3-openstackclient is not installed.
     */
    static CliRunner openstackNoauth(URI endpoint, Path home) {
        requireInstalled("openstack", "python3-openstackclient");
        return new CliRunner("openstack", List.of("--os-auth-type", "none", "--os-endpoint", endpoint.toString(),
                "--os-image-api-version", "2"), home, Duration.ofSeconds(60));
    }

    /** Fails in CI, skips elsewhere, when {@code binary} is not installed. */
    static void requireInstalled(String binary, String debianPackage) {
        boolean found = false;
        for (String dir : PATH.split(":")) {
            found |= Files.isExecutable(Path.of(dir, binary));
        }
        TestEnvironment.requireThat(found, binary + " is not installed (Debian's " + debianPackage
                + ", installed by scripts/servers/install.sh)");
    }

    /** {@return a runner with other global arguments (another user, another endpoint)} */
    CliRunner withGlobalArguments(List<String> arguments) {
        return new CliRunner(binary, arguments, home, timeout, forgotten, stdinClosed);
    }

    /** Runs the client with the global arguments then {@code arguments}. */
    Result run(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(binary);
        command.addAll(globalArguments);
        command.addAll(List.of(arguments));
        List<String> launched = new ArrayList<>(command);
        if (stdinClosed) {
            launched.addAll(0, List.of("/bin/sh", "-c", "exec \"$0\" \"$@\" <&-"));
        }
        ProcessBuilder builder = new ProcessBuilder(launched).directory(home.toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", PATH);
        env.put("HOME", home.toString());
        env.put("LANG", "C.UTF-8");
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        try {
            for (String entry : forgotten) {
                deleteTree(home.resolve(entry));
            }
            File stdout = Files.createTempFile(home, "stdout", ".txt").toFile();
            File stderr = Files.createTempFile(home, "stderr", ".txt").toFile();
            Process process = builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(stdout).redirectError(stderr).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("timed out after " + timeout + ": " + String.join(" ", command)
                        + "\n  stderr: " + read(stderr));
            }
            Result result = new Result(command, process.exitValue(), read(stdout), read(stderr));
            Files.delete(stdout.toPath());
            Files.delete(stderr.toPath());
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + command, e);
        }
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var paths = Files.walk(path)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String read(File file) throws IOException {
        return Files.readString(file.toPath(), StandardCharsets.UTF_8);
    }
}
