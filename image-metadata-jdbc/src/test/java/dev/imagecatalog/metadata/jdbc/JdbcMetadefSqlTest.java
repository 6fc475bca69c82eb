package dev.imagecatalog.metadata.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.metadef.MetadefNamespace;
import dev.imagecatalog.metadef.MetadefRepository;
import dev.imagecatalog.metadef.MetadefResourceType;
import dev.imagecatalog.metadef.MetadefTag;
import dev.imagecatalog.metadef.MetadefVisibility;
import dev.imagecatalog.metadef.ResourceTypeAssociation;
import dev.imagecatalog.spi.MetadataRepository;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * SQL-specific behaviour of the jdbc metadef repository, run on every database kind: it shares the image
 * repository's database and lifetime, the indexed columns and resource type rows follow the aggregate (insert,
 * update, rename, delete), values are bound, the migration upgrades a version-1 database, and failures are typed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcMetadefSqlTest {
    private static final Instant T0 = Instant.parse("2026-03-04T05:06:07.123456789Z");

    private TestDatabase db;
    private MetadataRepository images;
    private MetadefRepository repo;

    abstract TestDatabase.Kind kind();

    @BeforeAll
    void createDatabase() {
        db = TestDatabase.create(kind());
    }

    @AfterAll
    void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @BeforeEach
    void open() {
        images = db.open();
        repo = images.metadefs().orElseThrow();
        db.sql("DELETE FROM metadef_namespaces");
        db.sql("DELETE FROM metadef_resource_types");
    }

    @AfterEach
    void closeRepo() {
        images.close();
    }

    private static MetadefNamespace namespace(String name, String... resourceTypes) {
        MetadefNamespace.Builder b = MetadefNamespace.builder(name).owner("project-a")
                .visibility(MetadefVisibility.PUBLIC).createdAt(T0).updatedAt(T0.plusSeconds(1));
        for (String rt : resourceTypes) {
            b.addResourceTypeAssociation(new ResourceTypeAssociation(rt, "hw_", null, T0, T0));
        }
        return b.build();
    }

    @Test
    void oneMetadefRepositoryPerImageRepositoryOnTheSameDatabase() {
        assertThat(images.metadefs().orElseThrow()).isSameAs(repo);
        repo.insertNamespace(namespace("Shared"));
        try (MetadataRepository other = db.open()) {
            // another catalog (another pool) on the same database sees the same definitions
            assertThat(other.metadefs().orElseThrow()).isNotSameAs(repo);
            assertThat(other.metadefs().orElseThrow().findNamespace("Shared")).contains(repo.findNamespace("Shared")
                    .orElseThrow());
        }
        assertThat(rows("SELECT namespace, owner, visibility, is_protected, created_at, version FROM metadef_namespaces"))
                .containsExactly(List.of("Shared", "project-a", "public", "false", String.valueOf(Times.toNanos(T0, "t")), "1"));
    }

    @Test
    void columnsAndResourceTypeRowsFollowTheAggregate() {
        MetadefNamespace stored = repo.insertNamespace(namespace("Follow", "OS::Glance::Image", "OS::Nova::Flavor"));
        assertThat(resourceTypeRows()).containsExactly(List.of("Follow", "OS::Glance::Image"),
                List.of("Follow", "OS::Nova::Flavor"));

        MetadefNamespace renamed = stored.toBuilder().namespace("Followed").owner("project-b")
                .visibility(MetadefVisibility.PRIVATE).isProtected(true)
                .resourceTypeAssociations(List.of(ResourceTypeAssociation.of("OS::Cinder::Volume", null, null)))
                .build();
        assertThat(repo.updateNamespace("Follow", 1, renamed).version()).isEqualTo(2);
        assertThat(resourceTypeRows()).containsExactly(List.of("Followed", "OS::Cinder::Volume"));
        assertThat(rows("SELECT namespace, owner, visibility, is_protected, version FROM metadef_namespaces"))
                .containsExactly(List.of("Followed", "project-b", "private", "true", "2"));

        assertThat(repo.deleteNamespace("Followed")).isTrue();
        assertThat(resourceTypeRows()).isEmpty();
        assertThat(rows("SELECT namespace FROM metadef_namespaces")).isEmpty();
    }

    @Test
    void aFailedRenameLeavesRowsAsTheyWere() {
        repo.insertNamespace(namespace("A", "OS::Glance::Image"));
        repo.insertNamespace(namespace("B", "OS::Nova::Flavor"));
        MetadefNamespace a = repo.findNamespace("A").orElseThrow();
        assertThatThrownBy(() -> repo.updateNamespace("A", 1, a.toBuilder().namespace("B")
                .resourceTypeAssociations(List.of()).build())).isInstanceOf(ConflictException.class)
                .hasMessageContaining("'B'");
        assertThat(resourceTypeRows()).containsExactly(List.of("A", "OS::Glance::Image"),
                List.of("B", "OS::Nova::Flavor"));
        assertThat(repo.findNamespace("A")).contains(a);
    }

    @Test
    void valuesAreBoundNeverSpliced() {
        String evil = "x' OR '1'='1";
        String drop = "'; DROP TABLE metadef_namespaces; --";
        repo.insertNamespace(namespace("plain"));
        repo.insertNamespace(namespace(evil, drop).toBuilder().owner(drop).build());
        assertThat(repo.findNamespace("x")).isEmpty();
        assertThat(repo.findNamespace("x' OR '1'='1' --")).isEmpty();
        assertThat(repo.findNamespace(evil).orElseThrow().owner()).isEqualTo(drop);
        assertThat(repo.updateNamespace(evil, 1, repo.findNamespace(evil).orElseThrow().toBuilder().namespace(drop)
                .build()).namespace()).isEqualTo(drop);
        assertThat(repo.deleteNamespace(evil)).isFalse();
        assertThat(repo.listNamespaces()).extracting(MetadefNamespace::namespace).containsExactlyInAnyOrder("plain", drop);
        repo.insertResourceType(MetadefResourceType.of(drop));
        assertThat(repo.findResourceType(evil)).isEmpty();
        assertThat(repo.deleteResourceType(evil)).isFalse();
        assertThat(repo.listResourceTypes()).extracting(MetadefResourceType::name).containsExactly(drop);
    }

    @Test
    void namesSortByCodePointWhateverTheDatabaseLocale() {
        for (String n : List.of("b", "B", "a", "A", "_x", "Z")) {
            repo.insertResourceType(MetadefResourceType.of(n));
            repo.insertNamespace(namespace(n));
        }
        List<String> expected = new ArrayList<>(List.of("b", "B", "a", "A", "_x", "Z"));
        expected.sort(null);
        assertThat(repo.listResourceTypes()).extracting(MetadefResourceType::name).isEqualTo(expected);
        assertThat(repo.listNamespaces()).extracting(MetadefNamespace::namespace).isEqualTo(expected);
    }

    @Test
    void aTooLongNameIsInvalidInputAndNothingIsStored() {
        String longName = "n".repeat(300);
        assertThatThrownBy(() -> repo.insertNamespace(namespace(longName))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("metadef namespace");
        assertThatThrownBy(() -> repo.insertNamespace(namespace("ok", longName)))
                .isInstanceOf(InvalidInputException.class);
        assertThat(repo.listNamespaces()).isEmpty();
        assertThat(resourceTypeRows()).isEmpty();
    }

    @Test
    void aDamagedBodyIsReportedNotMisread() {
        repo.insertNamespace(namespace("Damaged"));
        db.sql("UPDATE metadef_namespaces SET body = '{not json' WHERE namespace = 'Damaged'");
        assertThatThrownBy(() -> repo.findNamespace("Damaged")).isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("Damaged");
    }

    @Test
    void aClosedRepositoryFailsTyped() {
        MetadataRepository closed = db.open();
        MetadefRepository metadefs = closed.metadefs().orElseThrow();
        closed.close();
        assertThatThrownBy(() -> metadefs.findNamespace("x")).isInstanceOf(BackendUnavailableException.class);
        assertThatThrownBy(() -> metadefs.insertNamespace(namespace("x")))
                .isInstanceOf(BackendUnavailableException.class);
    }

    @Test
    void definitionsSurviveReopening() {
        MetadefNamespace stored = repo.insertNamespace(namespace("Durable", "OS::Glance::Image").toBuilder()
                .addTag(new MetadefTag("t", T0, T0)).build());
        repo.insertResourceType(new MetadefResourceType("OS::Glance::Image", true, T0, T0.plusNanos(1)));
        images.close();
        images = db.open();
        repo = images.metadefs().orElseThrow();
        assertThat(repo.findNamespace("Durable")).contains(stored);
        assertThat(repo.findResourceType("OS::Glance::Image"))
                .contains(new MetadefResourceType("OS::Glance::Image", true, T0, T0.plusNanos(1)));
    }

    @Test
    void aVersionOneDatabaseIsUpgradedKeepingItsImages() throws SQLException {
        Map<String, String> settings = db.freshCatalogSettings();
        String url = settings.get("metadata.jdbc.url");
        String user = settings.getOrDefault("metadata.jdbc.user", "sa");
        String password = settings.getOrDefault("metadata.jdbc.password", "");
        try (MetadataRepository first = open(settings);
             Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            // what a version-1 database looks like: no metadef tables, version 1, an image row
            s.execute("DROP TABLE metadef_namespace_resource_types");
            s.execute("DROP TABLE metadef_namespaces");
            s.execute("DROP TABLE metadef_resource_types");
            s.execute("UPDATE schema_version SET version = 1 WHERE id = 1");
            s.execute("INSERT INTO images (id, status, visibility, is_protected, os_hidden, min_disk, min_ram, "
                    + "created_at, updated_at, version) VALUES ('kept', 'queued', 'private', FALSE, FALSE, 0, 0, 1, 1, 1)");
            try (MetadataRepository upgraded = open(settings)) {
                assertThat(upgraded.find("kept")).isPresent();
                MetadefRepository metadefs = upgraded.metadefs().orElseThrow();
                metadefs.insertNamespace(namespace("AfterUpgrade", "OS::Glance::Image"));
                assertThat(metadefs.findNamespace("AfterUpgrade")).isPresent();
            }
            try (ResultSet rs = s.executeQuery("SELECT version FROM schema_version WHERE id = 1")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(SchemaMigrator.LATEST_VERSION);
            }
        }
    }

    private static MetadataRepository open(Map<String, String> settings) {
        return new JdbcMetadataProvider().create(dev.imagecatalog.config.Settings.of(settings).scoped("metadata."));
    }

    private List<List<String>> resourceTypeRows() {
        return rows("SELECT namespace, resource_type FROM metadef_namespace_resource_types "
                + "ORDER BY namespace, resource_type");
    }

    private List<List<String>> rows(String sql) {
        Map<String, String> s = db.settings();
        try (Connection c = DriverManager.getConnection(db.url(), s.getOrDefault("jdbc.user", "sa"),
                s.getOrDefault("jdbc.password", "")); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            List<List<String>> out = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(String.valueOf(rs.getObject(i)));
                }
                out.add(row);
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
