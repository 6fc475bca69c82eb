package dev.imagecatalog.metadata.jdbc;

import static dev.imagecatalog.metadata.jdbc.DatabaseErrors.isConcurrencyFailure;
import static dev.imagecatalog.metadata.jdbc.DatabaseErrors.isUniqueViolation;
import static dev.imagecatalog.metadata.jdbc.DatabaseErrors.run;

import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.error.VersionConflictException;
import dev.imagecatalog.metadef.MetadefJson;
import dev.imagecatalog.metadef.MetadefNamespace;
import dev.imagecatalog.metadef.MetadefRepository;
import dev.imagecatalog.metadef.MetadefResourceType;
import dev.imagecatalog.metadef.ResourceTypeAssociation;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * A {@link MetadefRepository} in the same SQL database (H2 or PostgreSQL) and connection pool as the image records
 * of a {@link JdbcMetadataRepository}, which hands it out through {@code metadefs()}. A namespace is one row of
 * {@code metadef_namespaces}: the columns a list filters and sorts on, the compare-and-set {@code version}, and the
 * aggregate itself in {@link MetadefJson}'s lossless storage form; its resource type names are also rows of
 * {@code metadef_namespace_resource_types}. Every write is one transaction; every read is one statement, so a
 * reader sees a whole aggregate, old or new. Every value is a bound parameter. See the module README.
 */
final class JdbcMetadefRepository implements MetadefRepository {
    private static final String NAMESPACE_COLUMNS = "namespace, version, body";

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final MetadefJson json = new MetadefJson();

    JdbcMetadefRepository(Jdbi jdbi, Dialect dialect) {
        this.jdbi = jdbi;
        this.dialect = dialect;
    }

    @Override
    public MetadefNamespace insertNamespace(MetadefNamespace namespace) {
        MetadefNamespace stored = namespace.toBuilder().version(1).build();
        String body = json.toStorageJson(stored);
        Long created = nanos(stored.createdAt(), "created_at");
        Long updated = nanos(stored.updatedAt(), "updated_at");
        return run("create metadef namespace " + stored.namespace(), () -> jdbi.inTransaction(h -> {
            h.createUpdate("INSERT INTO metadef_namespaces (namespace, owner, visibility, is_protected, created_at, "
                            + "updated_at, version, body) VALUES (:namespace, :owner, :visibility, :isProtected, "
                            + ":createdAt, :updatedAt, 1, :body)")
                    .bind("namespace", stored.namespace())
                    .bind("owner", stored.owner())
                    .bind("visibility", stored.visibility().jsonValue())
                    .bind("isProtected", stored.isProtected())
                    .bind("createdAt", created)
                    .bind("updatedAt", updated)
                    .bind("body", body)
                    .execute();
            insertResourceTypeNames(h, stored);
            return stored;
        }), e -> isUniqueViolation(e)
                ? new ConflictException("metadef namespace '" + stored.namespace() + "' already exists", e) : null);
    }

    @Override
    public Optional<MetadefNamespace> findNamespace(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return run("find metadef namespace " + name, () -> jdbi.withHandle(h ->
                h.createQuery("SELECT " + NAMESPACE_COLUMNS + " FROM metadef_namespaces WHERE namespace = :name")
                        .bind("name", name)
                        .map((rs, ctx) -> namespace(rs))
                        .findOne()), e -> null);
    }

    @Override
    public List<MetadefNamespace> listNamespaces() {
        return run("list metadef namespaces", () -> jdbi.withHandle(h ->
                h.createQuery("SELECT " + NAMESPACE_COLUMNS + " FROM metadef_namespaces ORDER BY namespace" + binary())
                        .map((rs, ctx) -> namespace(rs))
                        .list()), e -> null);
    }

    @Override
    public MetadefNamespace updateNamespace(String currentName, long expectedVersion, MetadefNamespace replacement) {
        MetadefNamespace stored = replacement.toBuilder().version(expectedVersion + 1).build();
        String body = json.toStorageJson(stored);
        Long created = nanos(stored.createdAt(), "created_at");
        Long updated = nanos(stored.updatedAt(), "updated_at");
        try {
            return run("update metadef namespace " + currentName, () -> jdbi.inTransaction(h -> {
                // the compare-and-set: the row lock taken here serialises writers, and a writer that waited
                // re-checks the version against the committed row, so exactly one writer wins per version
                int n = h.createUpdate("UPDATE metadef_namespaces SET namespace = :namespace, owner = :owner, "
                                + "visibility = :visibility, is_protected = :isProtected, created_at = :createdAt, "
                                + "updated_at = :updatedAt, version = :newVersion, body = :body "
                                + "WHERE namespace = :currentName AND version = :expectedVersion")
                        .bind("namespace", stored.namespace())
                        .bind("owner", stored.owner())
                        .bind("visibility", stored.visibility().jsonValue())
                        .bind("isProtected", stored.isProtected())
                        .bind("createdAt", created)
                        .bind("updatedAt", updated)
                        .bind("newVersion", stored.version())
                        .bind("body", body)
                        .bind("currentName", currentName)
                        .bind("expectedVersion", expectedVersion)
                        .execute();
                if (n == 0) {
                    boolean exists = h.createQuery("SELECT COUNT(*) FROM metadef_namespaces WHERE namespace = :name")
                            .bind("name", currentName).mapTo(Integer.class).one() > 0;
                    if (!exists) {
                        throw new NotFoundException("metadef namespace '" + currentName + "' not found");
                    }
                    throw new VersionConflictException("metadef namespace '" + currentName
                            + "' was changed concurrently (expected version " + expectedVersion + ")");
                }
                // a rename has moved the child rows along (ON UPDATE CASCADE); replace them under the new name
                h.createUpdate("DELETE FROM metadef_namespace_resource_types WHERE namespace = :namespace")
                        .bind("namespace", stored.namespace())
                        .execute();
                insertResourceTypeNames(h, stored);
                return stored;
            }), e -> isUniqueViolation(e)
                    ? new ConflictException("metadef namespace '" + stored.namespace() + "' already exists", e) : null);
        } catch (ConflictException e) {
            if (e.getCause() instanceof JdbiException && isConcurrencyFailure((JdbiException) e.getCause())) {
                // the database aborted this writer in favour of another one: the version moved on
                throw new VersionConflictException("metadef namespace '" + currentName
                        + "' was changed concurrently (expected version " + expectedVersion + ")", e.getCause());
            }
            throw e;
        }
    }

    @Override
    public boolean deleteNamespace(String name) {
        if (name == null) {
            return false;
        }
        return run("delete metadef namespace " + name, () -> jdbi.inTransaction(h ->
                h.createUpdate("DELETE FROM metadef_namespaces WHERE namespace = :name")
                        .bind("name", name)
                        .execute() > 0), e -> null);
    }

    @Override
    public MetadefResourceType insertResourceType(MetadefResourceType resourceType) {
        Long created = nanos(resourceType.createdAt(), "created_at");
        Long updated = nanos(resourceType.updatedAt(), "updated_at");
        return run("create metadef resource type " + resourceType.name(), () -> jdbi.withHandle(h -> {
            h.createUpdate("INSERT INTO metadef_resource_types (name, is_protected, created_at, updated_at) "
                            + "VALUES (:name, :isProtected, :createdAt, :updatedAt)")
                    .bind("name", resourceType.name())
                    .bind("isProtected", resourceType.isProtected())
                    .bind("createdAt", created)
                    .bind("updatedAt", updated)
                    .execute();
            return resourceType;
        }), e -> isUniqueViolation(e)
                ? new ConflictException("metadef resource type '" + resourceType.name() + "' already exists", e) : null);
    }

    @Override
    public Optional<MetadefResourceType> findResourceType(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return run("find metadef resource type " + name, () -> jdbi.withHandle(h ->
                h.createQuery("SELECT name, is_protected, created_at, updated_at FROM metadef_resource_types "
                                + "WHERE name = :name")
                        .bind("name", name)
                        .map((rs, ctx) -> resourceType(rs))
                        .findOne()), e -> null);
    }

    @Override
    public List<MetadefResourceType> listResourceTypes() {
        return run("list metadef resource types", () -> jdbi.withHandle(h ->
                h.createQuery("SELECT name, is_protected, created_at, updated_at FROM metadef_resource_types "
                                + "ORDER BY name" + binary())
                        .map((rs, ctx) -> resourceType(rs))
                        .list()), e -> null);
    }

    @Override
    public boolean deleteResourceType(String name) {
        if (name == null) {
            return false;
        }
        return run("delete metadef resource type " + name, () -> jdbi.withHandle(h ->
                h.createUpdate("DELETE FROM metadef_resource_types WHERE name = :name")
                        .bind("name", name)
                        .execute() > 0), e -> null);
    }

    // ---- helpers

    private static void insertResourceTypeNames(Handle h, MetadefNamespace ns) {
        Set<String> names = new LinkedHashSet<>();
        for (ResourceTypeAssociation a : ns.resourceTypeAssociations()) {
            names.add(a.name());
        }
        if (names.isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch("INSERT INTO metadef_namespace_resource_types (namespace, resource_type) "
                + "VALUES (:namespace, :resourceType)");
        for (String name : names) {
            batch.bind("namespace", ns.namespace()).bind("resourceType", name).add();
        }
        batch.execute();
    }

    private MetadefNamespace namespace(ResultSet rs) throws SQLException {
        String name = rs.getString("namespace");
        try {
            return json.fromStorageJson(rs.getString("body"), rs.getLong("version"));
        } catch (InvalidInputException e) {
            // the body was written by this class: a body that does not parse was damaged outside it
            throw new BackendUnavailableException("metadef namespace '" + name + "' has a damaged stored body: "
                    + e.getMessage(), e);
        }
    }

    private static MetadefResourceType resourceType(ResultSet rs) throws SQLException {
        return new MetadefResourceType(rs.getString("name"), rs.getBoolean("is_protected"),
                instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Times.fromNanos(v);
    }

    private static Long nanos(Instant t, String field) {
        return t == null ? null : Times.toNanos(t, field);
    }

    /** Orders names by code point on both databases (PostgreSQL would otherwise use the database's locale). */
    private String binary() {
        return dialect == Dialect.POSTGRESQL ? " COLLATE \"C\"" : "";
    }
}
