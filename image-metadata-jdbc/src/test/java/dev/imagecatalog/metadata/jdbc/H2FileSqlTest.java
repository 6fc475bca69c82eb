package dev.imagecatalog.metadata.jdbc;

/** {@link JdbcRepositorySqlTest} on H2_FILE. */
class H2FileSqlTest extends JdbcRepositorySqlTest {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2_FILE;
    }
}
