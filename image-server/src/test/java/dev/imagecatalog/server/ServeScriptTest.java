package dev.imagecatalog.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/serve, run from a copy laid out like the project with a stand-in {@code mvn} on the PATH (it records its
 * arguments and writes this test's class path where the real build writes it), so the script's own work is tested
 * without a nested Maven build: the build it asks for, the arguments it passes on, the folder the server runs in,
 * and {@code exec} (the script's process becomes the JVM, so SIGTERM to it stops the server).
 */
class ServeScriptTest {
    final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    Path root;
    Path work;
    Path bin;

    @BeforeEach
    void layOut() throws IOException {
        Path project = Path.of(System.getenv().getOrDefault("IMAGECATALOG_PROJECT_ROOT", ".."));
        Path script = project.resolve("scripts/serve");
        assertThat(script).as("scripts/serve under %s", project.toAbsolutePath()).isRegularFile();
        root = Files.createDirectories(dir.resolve("root"));
        Files.createDirectories(root.resolve("scripts"));
        Files.copy(script, root.resolve("scripts/serve"));
        work = Files.createDirectories(dir.resolve("work"));
        bin = Files.createDirectories(dir.resolve("bin"));
        Path mvn = bin.resolve("mvn");
        Files.writeString(mvn, """
                #!/usr/bin/env bash
                # stands in for Maven: records the arguments, writes the class path file the build would write
                echo "$PWD $*" > "%s"
                mkdir -p image-server/target
                printf '%%s' "%s" > image-server/target/classpath.txt
                """.formatted(dir.resolve("mvn-args"), System.getProperty("java.class.path")));
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    MainProcess serve(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("scripts/serve").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        return MainProcess.start(pb, work);
    }

    int versions(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri.resolve("/versions")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void buildsTheServerAndRunsItInTheCallersFolderAsTheScriptsOwnProcess() throws Exception {
        URI uri;
        try (MainProcess serve = serve("--port", "0")) {
            uri = serve.awaitUri();
            assertThat(versions(uri)).isEqualTo(200);
            assertThat(serve.stdout().lines()).as("stdout holds only the URL").hasSize(1);
            assertThat(serve.process().info().command()).as("the script exec'd the JVM").get().asString()
                    .endsWith("java");

            assertThat(serve.terminate(MainTest.STOP_LIMIT)).isIn(0, MainTest.SIGTERM_STATUS);
        }
        assertThatThrownBy(() -> versions(uri)).isInstanceOf(IOException.class);
        assertThat(Files.readString(dir.resolve("mvn-args")))
                .startsWith(root + " ")
                .contains("package", "dependency:build-classpath", "-DincludeScope=runtime", "-pl image-server -am")
                .doesNotContain("install");
        assertThat(work.resolve(Main.DEFAULT_DATA_DIR).resolve("catalog.mv.db")).isRegularFile();
        assertThat(root.resolve(Main.DEFAULT_DATA_DIR)).doesNotExist();
    }

    @Test
    void passesItsArgumentsToTheServer() throws Exception {
        try (MainProcess serve = serve("--memory", "--port", "0", "--host", "127.0.0.1")) {
            assertThat(versions(serve.awaitUri())).isEqualTo(200);
            assertThat(serve.terminate(MainTest.STOP_LIMIT)).isIn(0, MainTest.SIGTERM_STATUS);
        }
        assertThat(work.resolve(Main.DEFAULT_DATA_DIR)).as("--memory reached the server").doesNotExist();
        try (MainProcess serve = serve("--port", "-1")) {
            assertThat(serve.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(serve.stderr()).contains("--port -1");
        }
    }
}
