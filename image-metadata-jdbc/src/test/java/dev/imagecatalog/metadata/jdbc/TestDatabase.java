package dev.imagecatalog.metadata.jdbc;

import dev.imagecatalog.config.Settings;
import dev.imagecatalog.contract.TestEnvironment;
import dev.imagecatalog.spi.MetadataRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** A throwaway database for one test class: H2 in memory, H2 in a file, or a fresh PostgreSQL database. */
final class TestDatabase implements AutoCloseable {
    enum Kind { H2_MEM, H2_FILE, POSTGRES }

    private final Kind kind;
    private final String url;
    private final String user;
    private final String password;
    private final Runnable drop;

    private TestDatabase(Kind kind, String url, String user, String password, Runnable drop) {
        this.kind = kind;
        this.url = url;
        this.user = user;
        this.password = password;
        this.drop = drop;
    }

    static TestDatabase create(Kind kind) {
        String name = "ic_jdbc_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        switch (kind) {
            case H2_MEM:
                return new TestDatabase(kind, "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", null, null, () -> {
                    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:" + name, "sa", "");
                         Statement s = c.createStatement()) {
                        s.execute("SHUTDOWN");
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
            case H2_FILE:
                try {
                    Path dir = Files.createTempDirectory(name);
                    return new TestDatabase(kind, "jdbc:h2:file:" + dir.resolve("catalog"), null, null, () -> deleteTree(dir));
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            default:
                String admin = TestEnvironment.require("IMAGECATALOG_PG_URL", "started by scripts/test");
                String user = TestEnvironment.require("IMAGECATALOG_PG_USER", "started by scripts/test");
                String password = TestEnvironment.require("IMAGECATALOG_PG_PASSWORD", "started by scripts/test");
                exec(admin, user, password, "CREATE DATABASE " + name);
                String url = admin.substring(0, admin.lastIndexOf('/') + 1) + name;
                return new TestDatabase(kind, url, user, password, () -> dropDatabase(admin, user, password, name));
        }
    }

    Kind kind() {
        return kind;
    }

    String url() {
        return url;
    }

    /** Settings relative to {@code metadata.}. */
    Map<String, String> settings() {
        Map<String, String> m = new HashMap<>();
        m.put("jdbc.url", url);
        if (user != null) {
            m.put("jdbc.user", user);
            m.put("jdbc.password", password);
        }
        m.put("jdbc.pool.size", "4");
        return m;
    }

    MetadataRepository open() {
        return open(Map.of());
    }

    /**
     * Catalog settings ({@code metadata.}-prefixed) for a new, empty namespace: a new H2 database (in memory, or a
     * file beside this one), or a new schema in this PostgreSQL database. Everything goes when this is closed.
     */
    Map<String, String> freshCatalogSettings() {
        String name = "s" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String fresh;
        switch (kind) {
            case H2_MEM:
                fresh = "jdbc:h2:mem:" + name; // lives while the repository's pool holds a connection
                break;
            case H2_FILE:
                fresh = url.substring(0, url.lastIndexOf('/') + 1) + name;
                break;
            default:
                sql("CREATE SCHEMA " + name);
                fresh = url + "?currentSchema=" + name;
                break;
        }
        Map<String, String> m = new HashMap<>();
        m.put("metadata.type", "jdbc");
        m.put("metadata.jdbc.url", fresh);
        if (user != null) {
            m.put("metadata.jdbc.user", user);
            m.put("metadata.jdbc.password", password);
        }
        m.put("metadata.jdbc.pool.size", "4");
        return m;
    }

    /**
     * A repository on this database with every image, write intent, task and the catalog id removed first (for suites that
     * want an empty one).
     */
    MetadataRepository openEmpty(Map<String, String> extra) {
        MetadataRepository repo = open(extra);
        sql("DELETE FROM images");
        sql("DELETE FROM write_intents");
        sql("DELETE FROM catalog_identity");
        sql("DELETE FROM tasks");
        return repo;
    }

    MetadataRepository open(Map<String, String> extra) {
        Map<String, String> m = settings();
        m.putAll(extra);
        return new JdbcMetadataProvider().create(Settings.of(m));
    }

    /** Runs SQL directly (for tests that tamper with the schema). */
    void sql(String statement) {
        exec(url, user == null ? "sa" : user, user == null ? "" : password, statement);
    }

    @Override
    public void close() {
        drop.run();
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Drops a PostgreSQL test database. FORCE ends its remaining sessions; an autovacuum worker may still hold it for a
     * moment, so a refused drop is tried again briefly before it fails the class.
     */
    private static void dropDatabase(String admin, String user, String password, String name) {
        for (int attempt = 1; ; attempt++) {
            try {
                exec(admin, user, password, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                return;
            } catch (IllegalStateException e) {
                if (attempt == 20) {
                    throw e;
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static void exec(String url, String user, String password, String sql) {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
