package dev.imagecatalog.metadata.jdbc;

/** {@link JdbcRepositorySqlTest} on H2_MEM. */
class H2MemSqlTest extends JdbcRepositorySqlTest {
    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2_MEM;
    }
}
