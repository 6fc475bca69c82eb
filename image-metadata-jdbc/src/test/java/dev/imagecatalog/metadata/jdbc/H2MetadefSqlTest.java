package dev.imagecatalog.metadata.jdbc;

/** {@link JdbcMetadefSqlTest} on H2_FILE. */
class H2MetadefSqlTest extends JdbcMetadefSqlTest {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2_FILE;
    }
}
