package dev.imagecatalog.store.filesystem;

import dev.imagecatalog.contract.TestEnvironment;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * A PostgreSQL database of its own on the dev server (so catalogs opened on it share one catalog id and nothing
 * else), created on construction and dropped by {@link #drop()}.
 */
final class PostgresDatabase {
    private static final String PROVIDED_BY = "the PostgreSQL dev server (scripts/test starts it)";

    private final String adminUrl;
    private final String name;

    /** Creates a database named {@code prefix} plus a random suffix. */
    PostgresDatabase(String prefix) throws SQLException {
        adminUrl = TestEnvironment.require("IMAGECATALOG_PG_URL", PROVIDED_BY);
        name = prefix + UUID.randomUUID().toString().substring(0, 8);
        sql("CREATE DATABASE " + name);
    }

    /** {@return the catalog's {@code metadata.*} settings for this database} */
    Map<String, String> metadataSettings() {
        return Map.of("metadata.type", "jdbc",
                "metadata.jdbc.url", adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + name,
                "metadata.jdbc.user", TestEnvironment.require("IMAGECATALOG_PG_USER", PROVIDED_BY),
                "metadata.jdbc.password", TestEnvironment.optional("IMAGECATALOG_PG_PASSWORD").orElse(""));
    }

    /** Drops the database, closing what still holds it. */
    void drop() throws SQLException {
        sql("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(adminUrl,
                TestEnvironment.require("IMAGECATALOG_PG_USER", PROVIDED_BY),
                TestEnvironment.optional("IMAGECATALOG_PG_PASSWORD").orElse(""));
             Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }
}
