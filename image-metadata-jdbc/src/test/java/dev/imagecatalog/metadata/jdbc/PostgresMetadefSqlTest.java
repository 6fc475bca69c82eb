package dev.imagecatalog.metadata.jdbc;

/** {@link JdbcMetadefSqlTest} on POSTGRES. */
class PostgresMetadefSqlTest extends JdbcMetadefSqlTest {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.POSTGRES;
    }
}
