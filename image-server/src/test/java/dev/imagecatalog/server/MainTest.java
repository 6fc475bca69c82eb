package dev.imagecatalog.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Main} as a program: a child JVM started, asked, stopped with SIGTERM, or refused at start. */
class MainTest {
    static final Duration STOP_LIMIT = Duration.ofSeconds(15);
    /** A JVM ended by SIGTERM after its shutdown hooks ran: 128 + 15. */
    static final int SIGTERM_STATUS = 143;

    final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    int get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void memoryOnPortZeroPrintsTheRealPortAnswersAndStopsOnSigterm() throws Exception {
        try (MainProcess main = MainProcess.start(dir, "--memory", "--port", "0")) {
            URI uri = main.awaitUri();
            assertThat(uri.getHost()).isEqualTo("127.0.0.1");
            assertThat(uri.getPort()).isPositive().isNotEqualTo(9292);
            assertThat(get(uri.resolve("/versions"))).isEqualTo(200);
            assertThat(main.stdout().lines()).hasSize(1);

            assertThat(main.terminate(STOP_LIMIT)).isIn(0, SIGTERM_STATUS);
            assertThat(main.stderr()).doesNotContain("Exception");
        }
        assertThat(dir.resolve(Main.DEFAULT_DATA_DIR)).as("--memory writes nothing").doesNotExist();
    }

    @Test
    void withoutConfigServesH2AndFilesystemUnderTheWorkingDirectory() throws Exception {
        try (MainProcess main = MainProcess.start(dir, "--port", "0")) {
            URI uri = main.awaitUri();
            assertThat(get(uri.resolve("/versions"))).isEqualTo(200);
            assertThat(main.terminate(STOP_LIMIT)).isIn(0, SIGTERM_STATUS);
        }
        assertThat(dir.resolve(Main.DEFAULT_DATA_DIR).resolve("catalog.mv.db")).isRegularFile();
        assertThat(dir.resolve(Main.DEFAULT_DATA_DIR).resolve("images")).isDirectory();
    }

    @Test
    void relativeConfigPathAndPathsInItResolveAgainstTheFilesFolder() throws Exception {
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Files.writeString(conf.resolve("serve.properties"), """
                metadata.type = jdbc
                metadata.jdbc.url = jdbc:h2:./db/catalog
                stores = local
                store.local.type = filesystem
                store.local.datadir = ./bytes
                server.port = 0
                server.host = 127.0.0.1
                """);
        try (MainProcess main = MainProcess.start(dir, "--config", "conf/serve.properties")) {
            URI uri = main.awaitUri();
            assertThat(get(uri.resolve("/versions"))).isEqualTo(200);
            assertThat(main.terminate(STOP_LIMIT)).isIn(0, SIGTERM_STATUS);
        }
        assertThat(conf.resolve("db/catalog.mv.db")).isRegularFile();
        assertThat(conf.resolve("bytes")).isDirectory();
        assertThat(dir.resolve("db")).doesNotExist();
    }

    @Test
    void portOptionOverridesTheConfigFile() throws Exception {
        Path conf = dir.resolve("serve.properties");
        Files.writeString(conf, "server.port = 1\n");
        try (MainProcess main = MainProcess.start(dir, "--config", conf.toString(), "--memory", "--port", "0")) {
            URI uri = main.awaitUri();
            assertThat(uri.getPort()).isNotEqualTo(1);
            assertThat(get(uri.resolve("/versions"))).isEqualTo(200);
            assertThat(main.terminate(STOP_LIMIT)).isIn(0, SIGTERM_STATUS);
        }
    }

    @Test
    void unknownServerKeyFailsAtStartNamingIt() throws Exception {
        Path conf = dir.resolve("bad.properties");
        Files.writeString(conf, "metadata.type = memory\nstores = m\nstore.m.type = memory\nserver.prot = 9393\n");
        try (MainProcess main = MainProcess.start(dir, "--config", conf.toString())) {
            assertThat(main.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(main.stderr().lines().filter(l -> l.startsWith("image-server:")))
                    .singleElement().asString().contains("'server.prot'").contains("server.port");
            assertThat(main.stdout()).isEmpty();
        }
    }

    @Test
    void badCatalogValueFailsAtStartNamingTheKey() throws Exception {
        Path conf = dir.resolve("bad.properties");
        Files.writeString(conf, "metadata.type = nosuchbackend\nstores = m\nstore.m.type = memory\n");
        try (MainProcess main = MainProcess.start(dir, "--config", conf.toString(), "--port", "0")) {
            assertThat(main.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(main.stderr()).contains("image-server: bad configuration:").contains("metadata.type");
            assertThat(main.stdout()).isEmpty();
        }
    }

    @Test
    void badArgumentsAreRefusedWithTheUsage() throws Exception {
        try (MainProcess main = MainProcess.start(dir, "--memory", "--port", "http")) {
            assertThat(main.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(main.stderr()).contains("--port http").contains("usage: image-server");
        }
        try (MainProcess main = MainProcess.start(dir, "--verbose")) {
            assertThat(main.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(main.stderr()).contains("unknown argument --verbose");
        }
        try (MainProcess main = MainProcess.start(dir, "--config", "no-such.properties")) {
            assertThat(main.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(main.stderr()).contains("--config no-such.properties");
        }
    }

    @Test
    void portInUseExitsWithOne() throws Exception {
        try (MainProcess first = MainProcess.start(dir, "--memory", "--port", "0")) {
            int port = first.awaitUri().getPort();
            try (MainProcess second = MainProcess.start(dir, "--memory", "--port", Integer.toString(port))) {
                assertThat(second.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
                assertThat(second.stderr()).contains("image-server: cannot start:").contains(":" + port);
            }
            assertThat(first.terminate(STOP_LIMIT)).isIn(0, SIGTERM_STATUS);
        }
    }
}
