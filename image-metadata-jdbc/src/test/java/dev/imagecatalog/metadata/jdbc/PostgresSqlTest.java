package dev.imagecatalog.metadata.jdbc;

/** {@link JdbcRepositorySqlTest} on POSTGRES. */
class PostgresSqlTest extends JdbcRepositorySqlTest {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.POSTGRES;
    }
}
