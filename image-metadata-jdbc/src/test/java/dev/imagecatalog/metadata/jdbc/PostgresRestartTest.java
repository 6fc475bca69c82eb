package dev.imagecatalog.metadata.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.contract.TestEnvironment;
import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageQuery;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.policy.RequestContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server that restarts, or ends every session of the catalog (what a restart does to its clients,
 * without the wait), under a running catalog: the call that meets a dead connection may fail with
 * {@link BackendUnavailableException}, every later call works, and the pool holds no more sessions than its size.
 *
 * <p>It restarts a server, so it starts its own throwaway cluster with {@code scripts/servers/start-postgres.sh}
 * on a free port in a folder under /tmp (never the shared test server). Needs Debian's PostgreSQL server
 * packages ({@code scripts/servers/install.sh}); without them it is skipped locally and fails in CI.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresRestartTest {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresRestartTest.class);
    private static final int POOL = 4;
    private static final String DB = "restart";
    private static final String USER = "restart";
    private static final String PASSWORD = "restart-pw";

    private Path scripts;
    private Path dataDir;
    private int port;

    @BeforeAll
    void startOwnCluster() throws Exception {
        Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
        scripts = root.resolve("scripts/servers");
        TestEnvironment.requireThat(Files.isExecutable(scripts.resolve("start-postgres.sh")),
                "scripts/servers/start-postgres.sh not found beside the module (" + scripts + ")");
        TestEnvironment.requireThat(hasPostgresServer(), "PostgreSQL server binaries (/usr/lib/postgresql/*/bin)"
                + " are not installed: run scripts/servers/install.sh");
        dataDir = Files.createTempDirectory(Path.of("/tmp"), "imagecatalog-pg-restart-");
        port = freePort();
        script("start-postgres.sh", dataDir.toString());
    }

    @AfterAll
    void stopOwnCluster() throws Exception {
        if (dataDir != null) {
            script("stop-postgres.sh", dataDir.toString(), "--purge");
        }
    }

    private String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DB;
    }

    private ImageCatalog catalog() {
        return ImageCatalog.builder().settings(ClassDatabase.withMemoryStore(Map.of(
                "metadata.type", "jdbc", "metadata.jdbc.url", url(), "metadata.jdbc.user", USER,
                "metadata.jdbc.password", PASSWORD, "metadata.jdbc.pool.size", String.valueOf(POOL),
                "metadata.jdbc.pool.timeout", "20s"))).build();
    }

    @Test
    void aServerRestartIsRecoveredByTheNextCall() throws Exception {
        try (ImageCatalog catalog = catalog()) {
            ImageService images = catalog.images(RequestContext.member("p-restart", "u"));
            Image before = images.create(ImageDraft.builder().name("before-restart").build());
            fillPool(images);
            script("stop-postgres.sh", dataDir.toString());
            script("start-postgres.sh", dataDir.toString());
            assertRecovered(images, before);
        }
    }

    @Test
    void everySessionEndedByTheServerIsRecoveredByTheNextCall() throws Exception {
        try (ImageCatalog catalog = catalog()) {
            ImageService images = catalog.images(RequestContext.member("p-terminate", "u"));
            Image before = images.create(ImageDraft.builder().name("before-terminate").build());
            for (int round = 1; round <= 3; round++) {
                fillPool(images);
                int ended = terminateCatalogSessions();
                assertThat(ended).as("sessions of the catalog ended by the server").isGreaterThanOrEqualTo(2);
                assertRecovered(images, before);
            }
        }
    }

    /** At most the first call fails; then every call works at once, reads and writes; the pool leaks nothing. */
    private void assertRecovered(ImageService images, Image before) throws SQLException {
        int failed = 0;
        try {
            images.get(before.id());
        } catch (BackendUnavailableException e) {
            LOG.info("the call that met a dead connection failed: {}", e.getMessage());
            failed++;
        }
        assertThat(failed).isLessThanOrEqualTo(1);
        for (int i = 0; i < 2 * POOL; i++) {
            assertThat(images.get(before.id()).name()).isEqualTo(before.name());
        }
        Image after = images.create(ImageDraft.builder().name("after").build());
        assertThat(images.list(ImageQuery.builder().limit(1000).build()).items()).extracting(Image::id)
                .contains(before.id(), after.id());
        assertThat(catalogSessions()).as("server sessions of the catalog (pool of %d)", POOL)
                .isLessThanOrEqualTo(POOL);
    }

    /** Several calls at once, so the pool holds several connections, each used within the last moment. */
    /**
     * Makes calls from {@code POOL} threads of their own (the common pool may have one thread on a small machine),
     * then waits until the pool holds at least two server sessions (its minimum idle), which it opens in the
     * background.
     */
    private void fillPool(ImageService images) throws SQLException, InterruptedException {
        ExecutorService threads = Executors.newFixedThreadPool(POOL);
        try {
            List<CompletableFuture<?>> calls = new ArrayList<>();
            for (int i = 0; i < POOL; i++) {
                calls.add(CompletableFuture.runAsync(() -> images.list(ImageQuery.all()), threads));
            }
            calls.forEach(CompletableFuture::join);
        } finally {
            threads.shutdown();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (catalogSessions() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    /** pg_terminate_backend on every session of the catalog's database but this one. */
    private int terminateCatalogSessions() throws SQLException {
        try (Connection c = DriverManager.getConnection(url(), USER, PASSWORD); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM"
                     + " pg_stat_activity WHERE datname = '" + DB + "' AND pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private int catalogSessions() throws SQLException {
        try (Connection c = DriverManager.getConnection(url(), USER, PASSWORD); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = '" + DB
                     + "' AND pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private void script(String name, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(scripts.resolve(name).toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("IMAGECATALOG_ENV_OUT");
        pb.environment().put("PG_PORT", String.valueOf(port));
        pb.environment().put("PG_DB", DB);
        pb.environment().put("PG_USER", USER);
        pb.environment().put("PG_PASSWORD", PASSWORD);
        Process p = pb.start();
        String output;
        try (var in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(name + " did not finish within 180 s: " + output);
        }
        LOG.info("{} {}: {}", name, String.join(" ", args), output.strip());
        if (p.exitValue() != 0) {
            throw new IOException(name + " failed (exit " + p.exitValue() + "): " + output);
        }
    }

    private static boolean hasPostgresServer() {
        try (var dirs = Files.list(Path.of("/usr/lib/postgresql"))) {
            return dirs.anyMatch(d -> Files.isExecutable(d.resolve("bin/initdb")));
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
