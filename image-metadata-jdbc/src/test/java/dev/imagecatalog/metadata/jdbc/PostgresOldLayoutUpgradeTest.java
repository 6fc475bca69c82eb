package dev.imagecatalog.metadata.jdbc;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link OldLayoutUpgradeTest} on PostgreSQL: a fresh database loaded with the dump of a database written by the
 * previous layout ({@code old-layout/postgres/catalog.sql}, {@code pg_dump --inserts}).
 */
class PostgresOldLayoutUpgradeTest extends OldLayoutUpgradeTest {
    /** The catalog id the old PostgreSQL catalog kept in its {@code catalog_identity} row. */
    private static final String CATALOG_ID = "15908352-259a-42a3-978d-9d47f89dbcc0";

    @RegisterExtension
    static final ClassDatabase DB = new ClassDatabase(TestDatabase.Kind.POSTGRES);

    @Override
    OldDatabase oldCatalog() throws Exception {
        Map<String, String> s = DB.get().settings();
        OldDatabase old = new OldDatabase(DB.get().url(), s.get("jdbc.user"), s.get("jdbc.password"), CATALOG_ID);
        String script;
        try (InputStream in = getClass().getResourceAsStream("/old-layout/postgres/catalog.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection c = old.connect(); Statement st = c.createStatement()) {
            // the dump's statements each end a line with ';' (no value in it spans lines)
            for (String sql : script.split(";\\s*\\n")) {
                if (!sql.isBlank()) {
                    st.execute(sql);
                }
            }
        }
        return old;
    }
}
