package dev.imagecatalog.metadata.jdbc;

import dev.imagecatalog.error.CatalogConfigurationException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and upgrades the schema at start-up, idempotently and safely when several processes start at once.
 *
 * <p>How: the {@code schema_version} table holds one row (id 1) with the applied version. A migrating process
 * locks that row ({@code SELECT ... FOR UPDATE}) on one connection and holds the lock while it applies the
 * missing steps on a second connection (H2 commits on every DDL statement, so the DDL cannot share the locking
 * transaction), then records the new version on the locking connection and commits. A second process blocks on
 * the row lock, then finds the schema current. Every step is written with {@code IF NOT EXISTS}, so a step
 * interrupted by a crash is simply applied again.
 */
final class SchemaMigrator {
    /** The schema version this library writes. */
    static final int LATEST_VERSION = 5;

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

    private final DataSource dataSource;
    private final Dialect dialect;

    SchemaMigrator(DataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    /** Brings the schema to {@link #LATEST_VERSION}; returns the version found before. */
    int migrate() throws SQLException {
        createVersionTable();
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            try {
                if (dialect == Dialect.H2) {
                    try (Statement s = lock.createStatement()) {
                        s.execute("SET LOCK_TIMEOUT 120000");
                    }
                }
                int found;
                try (Statement s = lock.createStatement();
                     ResultSet rs = s.executeQuery("SELECT version FROM schema_version WHERE id = 1 FOR UPDATE")) {
                    rs.next();
                    found = rs.getInt(1);
                }
                if (found > LATEST_VERSION) {
                    throw new CatalogConfigurationException("the metadata database has schema version " + found
                            + ", newer than this library supports (" + LATEST_VERSION
                            + "): upgrade imagecatalog, or point metadata.jdbc.url at another database");
                }
                for (int v = found + 1; v <= LATEST_VERSION; v++) {
                    LOG.info("applying metadata schema migration {} ({})", v, dialect);
                    try (Connection ddl = dataSource.getConnection(); Statement s = ddl.createStatement()) {
                        ddl.setAutoCommit(true);
                        for (String sql : steps(v)) {
                            s.execute(sql);
                        }
                    }
                    try (PreparedStatement ps = lock.prepareStatement(
                            "UPDATE schema_version SET version = ?, updated_at = ? WHERE id = 1")) {
                        ps.setInt(1, v);
                        ps.setLong(2, System.currentTimeMillis());
                        ps.executeUpdate();
                    }
                }
                lock.commit();
                return found;
            } catch (SQLException | RuntimeException e) {
                lock.rollback();
                throw e;
            } finally {
                if (dialect == Dialect.H2) {
                    try (Statement s = lock.createStatement()) {
                        s.execute("SET LOCK_TIMEOUT 10000");
                    }
                }
                lock.setAutoCommit(true);
            }
        }
    }

    /** The version recorded in the database (0 when the table is empty). */
    int currentVersion() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM schema_version WHERE id = 1")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private void createVersionTable() throws SQLException {
        // two processes may race here: CREATE TABLE IF NOT EXISTS can still fail in PostgreSQL when both create
        // at once (unique violation on the catalog), and the lock row insert can collide; retry once settled
        SQLException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                c.setAutoCommit(true);
                s.execute("CREATE TABLE IF NOT EXISTS schema_version (id INT PRIMARY KEY, version INT NOT NULL, "
                        + "updated_at BIGINT NOT NULL)");
                boolean present;
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM schema_version WHERE id = 1")) {
                    rs.next();
                    present = rs.getInt(1) > 0;
                }
                if (!present) {
                    s.executeUpdate("INSERT INTO schema_version (id, version, updated_at) VALUES (1, 0, "
                            + System.currentTimeMillis() + ")");
                }
                return;
            } catch (SQLException e) {
                last = e;
                try {
                    Thread.sleep(20L * (attempt + 1));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
        throw last;
    }

    private List<String> steps(int version) {
        switch (version) {
            case 1: return imageSteps();
            case 2: return MetadefSchema.steps();
            case 3: return RecoverySchema.steps();
            case 4: return LocationStatusSchema.steps();
            case 5: return TaskSchema.steps();
            default: throw new IllegalStateException("no migration " + version);
        }
    }

    private List<String> imageSteps() {
        String nf = " NULLS FIRST";
        List<String> s = new ArrayList<>();
        s.add("CREATE TABLE IF NOT EXISTS images ("
                + "id VARCHAR(255) NOT NULL PRIMARY KEY, "
                + "name VARCHAR(255), "
                + "status VARCHAR(32) NOT NULL, "
                + "visibility VARCHAR(16) NOT NULL, "
                + "is_protected BOOLEAN NOT NULL, "
                + "os_hidden BOOLEAN NOT NULL, "
                + "checksum VARCHAR(64), "
                + "os_hash_algo VARCHAR(64), "
                + "os_hash_value VARCHAR(256), "
                + "size BIGINT, "
                + "virtual_size BIGINT, "
                + "disk_format VARCHAR(64), "
                + "container_format VARCHAR(64), "
                + "min_disk INT NOT NULL, "
                + "min_ram INT NOT NULL, "
                + "owner VARCHAR(255), "
                + "created_at BIGINT NOT NULL, "
                + "updated_at BIGINT NOT NULL, "
                + "deleted_at BIGINT, "
                + "version BIGINT NOT NULL)");
        s.add("CREATE TABLE IF NOT EXISTS image_tags ("
                + "image_id VARCHAR(255) NOT NULL REFERENCES images(id) ON DELETE CASCADE, "
                + "tag VARCHAR(255) NOT NULL, "
                + "PRIMARY KEY (image_id, tag))");
        s.add("CREATE TABLE IF NOT EXISTS image_properties ("
                + "image_id VARCHAR(255) NOT NULL REFERENCES images(id) ON DELETE CASCADE, "
                + "prop_name VARCHAR(255) NOT NULL, "
                + "prop_value VARCHAR NOT NULL, "
                + "PRIMARY KEY (image_id, prop_name))");
        s.add("CREATE TABLE IF NOT EXISTS image_locations ("
                + "image_id VARCHAR(255) NOT NULL REFERENCES images(id) ON DELETE CASCADE, "
                + "position INT NOT NULL, "
                + "url VARCHAR(2048) NOT NULL, "
                + "PRIMARY KEY (image_id, position))");
        s.add("CREATE TABLE IF NOT EXISTS image_members ("
                + "image_id VARCHAR(255) NOT NULL REFERENCES images(id) ON DELETE CASCADE, "
                + "member_id VARCHAR(255) NOT NULL, "
                + "status VARCHAR(16) NOT NULL, "
                + "can_share BOOLEAN NOT NULL, "
                + "created_at BIGINT NOT NULL, "
                + "updated_at BIGINT NOT NULL, "
                + "deleted_at BIGINT, "
                + "PRIMARY KEY (image_id, member_id))");
        // one index per sort key (leading column = the key, then the tie-breakers), one per selective filter
        // column. Every index is written by every create, so each must earn its place: none for visibility (four
        // values, always combined with a sort-index scan), for findByStatus (it looks for the few 'saving' images:
        // ix_images_status finds them) or for deleted_at (purge finds soft-deleted rows by status, same index).
        s.add("CREATE INDEX IF NOT EXISTS ix_images_created ON images (created_at, id)");
        s.add("CREATE INDEX IF NOT EXISTS ix_images_updated ON images (updated_at, id)");
        s.add("CREATE INDEX IF NOT EXISTS ix_images_name ON images (name" + nf + ", created_at, id)");
        s.add("CREATE INDEX IF NOT EXISTS ix_images_status ON images (status, created_at, id)");
        s.add("CREATE INDEX IF NOT EXISTS ix_images_disk_format ON images (disk_format" + nf + ", created_at, id)");
        s.add("CREATE INDEX IF NOT EXISTS ix_images_container_format ON images (container_format" + nf + ", created_at, id)");
        s.add("CREATE INDEX IF NOT EXISTS ix_images_size ON images (size" + nf + ", created_at, id)");
        s.add("CREATE INDEX IF NOT EXISTS ix_images_owner ON images (owner, created_at, id)");
        s.add("CREATE INDEX IF NOT EXISTS ix_images_checksum ON images (checksum)");
        s.add("CREATE INDEX IF NOT EXISTS ix_images_os_hash_value ON images (os_hash_value)");
        s.add("CREATE INDEX IF NOT EXISTS ix_image_tags_tag ON image_tags (tag, image_id)");
        s.add("CREATE INDEX IF NOT EXISTS ix_image_properties_name_value ON image_properties (prop_name, "
                + dialect.propertyValueIndexExpression() + ")");
        s.add("CREATE INDEX IF NOT EXISTS ix_image_locations_url ON image_locations (url)");
        s.add("CREATE INDEX IF NOT EXISTS ix_image_members_member ON image_members (member_id, status)");
        return s;
    }
}
