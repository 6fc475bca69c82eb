package dev.imagecatalog.store.filesystem;

import dev.imagecatalog.contract.ImportCrashContract;
import dev.imagecatalog.contract.TestEnvironment;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/**
 * The import crash tests ({@link ImportCrashContract}) with the metadata in PostgreSQL (a database of its own per
 * test): recovery is another instance on the same database that keeps running, and a second instance starting
 * while the first imports leaves that import alone.
 */
class PostgresImportCrashTest extends ImportCrashContract {
    private static final String PROVIDED_BY = "the PostgreSQL dev server (scripts/test starts it)";
    private String adminUrl;
    private String database;

    @Override
    protected Map<String, String> metadataSettings() throws SQLException {
        if (database == null) {
            adminUrl = TestEnvironment.require("IMAGECATALOG_PG_URL", PROVIDED_BY);
            database = "ic_import_" + UUID.randomUUID().toString().substring(0, 8);
            sql("CREATE DATABASE " + database);
        }
        return Map.of("metadata.type", "jdbc",
                "metadata.jdbc.url", adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + database,
                "metadata.jdbc.user", TestEnvironment.require("IMAGECATALOG_PG_USER", PROVIDED_BY),
                "metadata.jdbc.password", TestEnvironment.optional("IMAGECATALOG_PG_PASSWORD").orElse(""));
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        if (database != null) {
            sql("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(adminUrl,
                TestEnvironment.require("IMAGECATALOG_PG_USER", PROVIDED_BY),
                TestEnvironment.optional("IMAGECATALOG_PG_PASSWORD").orElse(""));
             Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    @Override
    protected boolean shared() {
        return true;
    }
}
