package dev.imagecatalog.metadata.jdbc;

import static dev.imagecatalog.metadata.jdbc.DatabaseErrors.isUniqueViolation;
import static dev.imagecatalog.metadata.jdbc.DatabaseErrors.run;

import com.github.benmanes.caffeine.cache.Cache;
import dev.imagecatalog.BackendUnavailableException;
import dev.imagecatalog.ConflictException;
import dev.imagecatalog.InvalidInputException;
import dev.imagecatalog.NotFoundException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageMember;
import dev.imagecatalog.image.ImageQuery;
import dev.imagecatalog.image.ImageQuery.SortOrder;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.MemberStatus;
import dev.imagecatalog.image.Page;
import dev.imagecatalog.image.SortKey;
import dev.imagecatalog.image.Visibility;
import dev.imagecatalog.spi.MetadataRepository;
import dev.imagecatalog.spi.MetadefRepository;
import dev.imagecatalog.spi.OwnerUsage;
import dev.imagecatalog.spi.StoreLocation;
import dev.imagecatalog.spi.VersionConflictException;
import dev.imagecatalog.spi.Viewer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.Update;

/**
 * A {@link MetadataRepository} in a SQL database (H2 or PostgreSQL) through jdbi. Every filter, visibility rule,
 * sort and page is one SQL statement; writes are one transaction each; {@link #update} is a compare-and-set on
 * the {@code version} column; the catalog id and write intents are {@link JdbcRecoveryRecords}'. See the module
 * README for the schema, the settings and the guarantees.
 */
final class JdbcMetadataRepository extends JdbcRecoveryRecords {

    private static final String COLUMNS = "i.id, i.name, i.status, i.visibility, i.is_protected, i.os_hidden, "
            + "i.checksum, i.os_hash_algo, i.os_hash_value, i.size, i.virtual_size, i.disk_format, "
            + "i.container_format, i.min_disk, i.min_ram, i.owner, i.created_at, i.updated_at, i.version";

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final Cache<String, Image> cache; // null when disabled
    private final AutoCloseable onClose;

    JdbcMetadataRepository(Jdbi jdbi, Dialect dialect, Cache<String, Image> cache, AutoCloseable onClose,
                           boolean exclusive) {
        super(jdbi, dialect, exclusive);
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.cache = cache;
        this.onClose = onClose;
    }

    Dialect dialect() {
        return dialect;
    }

    /**
     * One transaction: the image row, then its tags, properties and locations, each table's rows in one JDBC batch.
     * The hot path of a catalog that imports many images, so it goes straight to JDBC on the transaction's
     * connection (fixed SQL texts, positional parameters: the driver's statement cache serves them) instead of
     * jdbi's named-parameter statements, and reads nothing back: a duplicate id is told by the primary key.
     */
    @Override
    public void create(Image image) {
        long created = Times.toNanos(image.createdAt(), "created_at");
        long updated = Times.toNanos(image.updatedAt(), "updated_at");
        run("create image " + image.id(), () -> dialect == Dialect.POSTGRESQL
                ? jdbi.withHandle(h -> {
                    // one statement (atomic by itself): one round trip instead of one per table plus the commit
                    try (PreparedStatement ps = h.getConnection().prepareStatement(INSERT_IMAGE_WITH_CHILDREN_PG)) {
                        bindImage(ps, image, created, updated);
                        Connection c = h.getConnection();
                        ps.setArray(21, c.createArrayOf("varchar", image.tags().toArray(new String[0])));
                        ps.setArray(22, c.createArrayOf("varchar", image.properties().keySet().toArray(new String[0])));
                        ps.setArray(23, c.createArrayOf("varchar", image.properties().values().toArray(new String[0])));
                        ps.setArray(24, c.createArrayOf("varchar",
                                image.locations().stream().map(StoreLocation::url).toArray(String[]::new)));
                        ps.execute();
                    } catch (SQLException e) {
                        throw new SqlFailure(e);
                    }
                    return null;
                })
                : jdbi.inTransaction(h -> {
                    try {
                        insertImage(h.getConnection(), image, created, updated);
                    } catch (SQLException e) {
                        throw new SqlFailure(e);
                    }
                    return null;
                }), e -> isUniqueViolation(e) ? new ConflictException("an image with id " + image.id() + " already exists", e) : null);
        invalidate(image.id());
    }

    /**
     * The count and the insert in one transaction. On PostgreSQL the transaction first takes an advisory lock
     * named after the owner ({@code pg_advisory_xact_lock}, released at commit or rollback), so catalogs in several
     * processes sharing the database count and insert one at a time per owner: a quota holds across all of them.
     * An H2 file is opened by one process, where the catalog's own per-owner lock serialises its creates (two
     * catalogs on one H2 file in one JVM do not share that lock).
     */
    @Override
    public long createIfBelow(Image image, long limit) {
        long created = Times.toNanos(image.createdAt(), "created_at");
        long updated = Times.toNanos(image.updatedAt(), "updated_at");
        long count = run("create image " + image.id() + " within its owner's quota", () -> jdbi.inTransaction(h -> {
            if (dialect == Dialect.POSTGRESQL) {
                h.createQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext(:key))) AS locked")
                        .bind("key", "imagecatalog.image_count_total/" + image.owner()).mapTo(Integer.class).one();
            }
            long n = h.createQuery("SELECT COUNT(*) FROM images WHERE " + COUNTED_FOR_OWNER)
                    .bind("owner", image.owner()).mapTo(Long.class).one();
            if (n < limit) {
                try {
                    insertImage(h.getConnection(), image, created, updated);
                } catch (SQLException e) {
                    throw new SqlFailure(e);
                }
            }
            return n;
        }), e -> isUniqueViolation(e) ? new ConflictException("an image with id " + image.id() + " already exists", e) : null);
        invalidate(image.id());
        return count;
    }

    /** The images of {@code :owner} that count against its quotas (as Glance counts them). */
    private static final String COUNTED_FOR_OWNER = "owner = :owner AND deleted_at IS NULL AND status <> 'killed'";

    private static final String INSERT_IMAGE = "INSERT INTO images (id, name, status, visibility, is_protected, "
            + "os_hidden, checksum, os_hash_algo, os_hash_value, size, virtual_size, disk_format, container_format, "
            + "min_disk, min_ram, owner, created_at, updated_at, deleted_at, version) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /**
     * PostgreSQL: the image row and its tags, properties and locations in one statement (data-modifying CTEs; the
     * foreign keys are checked at the end of the statement, when the image row exists). Parameters 1-20 as
     * {@link #INSERT_IMAGE}, then the tags, property names, property values and location URLs as arrays
     * (locations numbered from 0 in their order).
     */
    private static final String INSERT_IMAGE_WITH_CHILDREN_PG = "WITH img AS (" + INSERT_IMAGE
            + " RETURNING id), "
            + "t AS (INSERT INTO image_tags (image_id, tag) SELECT img.id, x.tag FROM img, unnest(?::varchar[]) AS x(tag)), "
            + "p AS (INSERT INTO image_properties (image_id, prop_name, prop_value) SELECT img.id, x.n, x.v FROM img, "
            + "unnest(?::varchar[], ?::varchar[]) AS x(n, v)), "
            + "l AS (INSERT INTO image_locations (image_id, position, url) SELECT img.id, CAST(x.ord - 1 AS INT), x.url "
            + "FROM img, unnest(?::varchar[]) WITH ORDINALITY AS x(url, ord)) "
            + "SELECT 1";

    /** Binds parameters 1-20 of {@link #INSERT_IMAGE} (and of the PostgreSQL statement that starts the same way). */
    private static void bindImage(PreparedStatement ps, Image image, long created, long updated) throws SQLException {
        ps.setString(1, image.id());
        ps.setString(2, image.name());
        ps.setString(3, image.status().wireName());
        ps.setString(4, image.visibility().wireName());
        ps.setBoolean(5, image.isProtected());
        ps.setBoolean(6, image.osHidden());
        ps.setString(7, image.checksum());
        ps.setString(8, image.osHashAlgo());
        ps.setString(9, image.osHashValue());
        ps.setObject(10, image.size(), Types.BIGINT);
        ps.setObject(11, image.virtualSize(), Types.BIGINT);
        ps.setString(12, image.diskFormat());
        ps.setString(13, image.containerFormat());
        ps.setInt(14, image.minDisk());
        ps.setInt(15, image.minRam());
        ps.setString(16, image.owner());
        ps.setLong(17, created);
        ps.setLong(18, updated);
        ps.setObject(19, softDeleted(image) ? Long.valueOf(updated) : null, Types.BIGINT);
        ps.setLong(20, image.version());
    }

    private static void insertImage(Connection c, Image image, long created, long updated) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_IMAGE)) {
            bindImage(ps, image, created, updated);
            ps.executeUpdate();
        }
        if (!image.tags().isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO image_tags (image_id, tag) VALUES (?, ?)")) {
                for (String tag : image.tags()) {
                    ps.setString(1, image.id());
                    ps.setString(2, tag);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (!image.properties().isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO image_properties (image_id, prop_name, prop_value) VALUES (?, ?, ?)")) {
                for (Map.Entry<String, String> e : image.properties().entrySet()) {
                    ps.setString(1, image.id());
                    ps.setString(2, e.getKey());
                    ps.setString(3, e.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (!image.locations().isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO image_locations (image_id, position, url) VALUES (?, ?, ?)")) {
                int pos = 0;
                for (StoreLocation l : image.locations()) {
                    ps.setString(1, image.id());
                    ps.setInt(2, pos++);
                    ps.setString(3, l.url());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    private static boolean softDeleted(Image image) {
        return image.status() == ImageStatus.DELETED || image.status() == ImageStatus.PENDING_DELETE;
    }

    /** Carries a driver failure of the plain-JDBC paths out of a jdbi callback to {@link #run}. */
    private static final class SqlFailure extends JdbiException {
        private static final long serialVersionUID = 1L;

        SqlFailure(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }

    @Override
    public Optional<Image> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        if (cache != null) {
            // get() computes atomically per key, and invalidate() waits for a running load of the same key, so a
            // load that raced with one of this instance's writes cannot leave the older record behind
            return Optional.ofNullable(cache.get(id, k -> load(k).orElse(null)));
        }
        return load(id);
    }

    private Optional<Image> load(String id) {
        return run("find image " + id, () -> jdbi.withHandle(h -> {
            List<Image.Builder> rows = h.createQuery("SELECT " + COLUMNS + " FROM images i WHERE i.id = :id AND i.deleted_at IS NULL")
                    .bind("id", id)
                    .map((rs, ctx) -> row(rs))
                    .list();
            if (rows.isEmpty()) {
                return Optional.<Image>empty();
            }
            return Optional.of(withChildren(h, rows).get(0));
        }), e -> null);
    }

    @Override
    public Image update(Image image) {
        Image stored = image.toBuilder().version(image.version() + 1).build();
        long created = Times.toNanos(image.createdAt(), "created_at");
        long updated = Times.toNanos(image.updatedAt(), "updated_at");
        try {
            return run("update image " + image.id(), () -> jdbi.inTransaction(h -> {
                int n = h.createUpdate("UPDATE images SET name = :name, status = :status, visibility = :visibility, "
                                + "is_protected = :isProtected, os_hidden = :osHidden, checksum = :checksum, "
                                + "os_hash_algo = :osHashAlgo, os_hash_value = :osHashValue, size = :size, "
                                + "virtual_size = :virtualSize, disk_format = :diskFormat, "
                                + "container_format = :containerFormat, min_disk = :minDisk, min_ram = :minRam, "
                                + "owner = :owner, created_at = :createdAt, updated_at = :updatedAt, "
                                + "deleted_at = :deletedAt, version = :newVersion WHERE id = :id AND version = :version")
                        .bind("id", image.id())
                        .bindMap(values(image, created, updated))
                        .bind("version", image.version())
                        .bind("newVersion", stored.version())
                        .execute();
                if (n == 0) {
                    Optional<Long> current = h.createQuery("SELECT version FROM images WHERE id = :id")
                            .bind("id", image.id()).mapTo(Long.class).findOne();
                    if (current.isEmpty()) {
                        throw new NotFoundException("no image with id " + image.id());
                    }
                    throw new VersionConflictException("image " + image.id() + " was changed concurrently (version "
                            + current.get() + ", expected " + image.version() + ")");
                }
                replaceChildren(h, image);
                return stored;
            }), e -> null);
        } finally {
            invalidate(image.id());
        }
    }

    @Override
    public Page<Image> list(ImageQuery query, Viewer viewer) {
        int limit = query.limit() == null ? 25 : query.limit();
        if (limit < 0) {
            throw new InvalidInputException("invalid limit " + limit + ": must be zero or more");
        }
        List<SortOrder> sort = query.effectiveSort();
        return run("list images", () -> jdbi.withHandle(h -> {
            SqlParams p = new SqlParams();
            StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM images i")
                    .append(dialect == Dialect.H2 ? ListSql.h2IndexHint(query, sort) : "").append(" WHERE ")
                    .append(ListSql.filters(query, dialect, p))
                    .append(" AND ").append(ListSql.visibility(query, viewer, p));
            if (query.marker() != null) {
                Map<SortKey, Object> marker = markerValues(h, query, viewer, sort);
                sql.append(" AND ").append(ListSql.after(sort, marker, p));
            }
            sql.append(ListSql.orderBy(sort));
            sql.append(" LIMIT ").append(p.bind(limit + 1));
            Query q = h.createQuery(sql.toString());
            q.bindMap(p.values());
            List<Image.Builder> rows = q.map((rs, ctx) -> row(rs)).list();
            boolean more = rows.size() > limit;
            if (more) {
                rows = rows.subList(0, limit);
            }
            List<Image> images = withChildren(h, rows);
            Optional<String> next = more && !images.isEmpty()
                    ? Optional.of(images.get(images.size() - 1).id()) : Optional.empty();
            return new Page<>(images, next);
        }), e -> null);
    }

    private Map<SortKey, Object> markerValues(Handle h, ImageQuery query, Viewer viewer, List<SortOrder> sort) {
        SqlParams p = new SqlParams();
        StringBuilder cols = new StringBuilder();
        for (SortOrder o : sort) {
            cols.append(cols.length() == 0 ? "" : ", ").append("i.").append(ListSql.COLUMNS.get(o.key()));
        }
        String sql = "SELECT " + cols + " FROM images i WHERE i.id = " + p.bind(query.marker())
                + " AND i.deleted_at IS NULL AND " + ListSql.canSee(viewer, p);
        Optional<Map<SortKey, Object>> values = h.createQuery(sql).bindMap(p.values()).map((rs, ctx) -> {
            Map<SortKey, Object> m = new EnumMap<>(SortKey.class);
            for (int i = 0; i < sort.size(); i++) {
                Object v = rs.getObject(i + 1);
                if (v instanceof Integer) {
                    v = ((Integer) v).longValue();
                }
                m.put(sort.get(i).key(), v);
            }
            return m;
        }).findOne();
        return values.orElseThrow(() -> new InvalidInputException("invalid marker '" + query.marker()
                + "': no such image, or not one the caller may see"));
    }

    @Override
    public List<Image> findByStatus(ImageStatus status, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return run("find images by status", () -> jdbi.withHandle(h -> withChildren(h,
                h.createQuery("SELECT " + COLUMNS + " FROM images i WHERE i.status = :status "
                                + "ORDER BY i.updated_at ASC, i.id ASC LIMIT :limit")
                        .bind("status", status.wireName()).bind("limit", limit)
                        .map((rs, ctx) -> row(rs)).list())), e -> null);
    }

    @Override
    public boolean isReferenced(StoreLocation location) {
        return run("check location", () -> jdbi.withHandle(h -> h.createQuery(
                        "SELECT COUNT(*) FROM image_locations WHERE url = :url")
                .bind("url", location.url()).mapTo(Long.class).one() > 0), e -> null);
    }

    @Override
    public int purgeDeleted(Instant before, int batchSize) {
        if (batchSize <= 0) {
            throw new InvalidInputException("invalid batch size " + batchSize + ": must be positive");
        }
        long cutoff = Times.toNanosClamped(before);
        return run("purge deleted images", () -> jdbi.inTransaction(h -> {
            // deleted_at is set exactly for the soft-deleted statuses (see values()), so ix_images_status finds
            // these rows; no index of its own on deleted_at, which every create would have to write
            List<String> ids = h.createQuery("SELECT id FROM images WHERE status IN ('deleted', 'pending_delete') "
                            + "AND deleted_at IS NOT NULL AND deleted_at < :before "
                            + "ORDER BY id LIMIT :n")
                    .bind("before", cutoff).bind("n", batchSize).mapTo(String.class).list();
            if (ids.isEmpty()) {
                return 0;
            }
            SqlParams p = new SqlParams();
            String in = p.bindAll(ids);
            // children go with ON DELETE CASCADE; the deleted_at condition is repeated so a row restored
            // (pending_delete -> active) since the SELECT is kept
            Update u = h.createUpdate("DELETE FROM images WHERE id IN " + in + " AND deleted_at IS NOT NULL");
            u.bindMap(p.values());
            return u.execute();
        }), e -> null);
    }

    // ---------------------------------------------------------------- members, usage, pending delete

    private static ImageMember member(ResultSet rs) throws SQLException {
        return new ImageMember(rs.getString("image_id"), rs.getString("member_id"),
                MemberStatus.valueOf(rs.getString("status").toUpperCase(java.util.Locale.ROOT)),
                Times.fromNanos(rs.getLong("created_at")), Times.fromNanos(rs.getLong("updated_at")));
    }

    @Override
    public void addMember(ImageMember member) {
        long created = Times.toNanos(member.createdAt(), "created_at");
        long updated = Times.toNanos(member.updatedAt(), "updated_at");
        run("add member " + member.memberId() + " to image " + member.imageId(), () -> jdbi.inTransaction(h -> {
            long live = h.createQuery("SELECT COUNT(*) FROM images WHERE id = :id AND deleted_at IS NULL")
                    .bind("id", member.imageId()).mapTo(Long.class).one();
            if (live == 0) {
                throw new NotFoundException("no image with id " + member.imageId());
            }
            h.createUpdate("INSERT INTO image_members (image_id, member_id, status, can_share, created_at, "
                            + "updated_at, deleted_at) VALUES (:imageId, :memberId, :status, :canShare, :createdAt, "
                            + ":updatedAt, NULL)")
                    .bind("imageId", member.imageId()).bind("memberId", member.memberId())
                    .bind("status", member.status().wireName()).bind("canShare", false)
                    .bind("createdAt", created).bind("updatedAt", updated)
                    .execute();
            return null;
        }), e -> isUniqueViolation(e) ? new ConflictException("project " + member.memberId()
                + " is already a member of image " + member.imageId(), e) : null);
    }

    @Override
    public ImageMember updateMember(ImageMember member) {
        long updated = Times.toNanos(member.updatedAt(), "updated_at");
        return run("update member " + member.memberId() + " of image " + member.imageId(), () -> jdbi.withHandle(h -> {
            int n = h.createUpdate("UPDATE image_members SET status = :status, updated_at = :updatedAt "
                            + "WHERE image_id = :imageId AND member_id = :memberId AND deleted_at IS NULL")
                    .bind("status", member.status().wireName()).bind("updatedAt", updated)
                    .bind("imageId", member.imageId()).bind("memberId", member.memberId())
                    .execute();
            if (n == 0) {
                throw new NotFoundException("project " + member.memberId() + " is not a member of image "
                        + member.imageId());
            }
            return member;
        }), e -> null);
    }

    @Override
    public boolean removeMember(String imageId, String memberId) {
        return run("remove member " + memberId + " of image " + imageId, () -> jdbi.withHandle(h ->
                h.createUpdate("DELETE FROM image_members WHERE image_id = :imageId AND member_id = :memberId")
                        .bind("imageId", imageId).bind("memberId", memberId).execute() > 0), e -> null);
    }

    @Override
    public List<ImageMember> listMembers(String imageId) {
        return run("list members of image " + imageId, () -> jdbi.withHandle(h ->
                h.createQuery("SELECT image_id, member_id, status, created_at, updated_at FROM image_members "
                                + "WHERE image_id = :imageId AND deleted_at IS NULL ORDER BY member_id")
                        .bind("imageId", imageId).map((rs, ctx) -> member(rs)).list()), e -> null);
    }

    @Override
    public Optional<ImageMember> findMember(String imageId, String memberId) {
        if (imageId == null || memberId == null) {
            return Optional.empty();
        }
        return run("find member " + memberId + " of image " + imageId, () -> jdbi.withHandle(h ->
                h.createQuery("SELECT image_id, member_id, status, created_at, updated_at FROM image_members "
                                + "WHERE image_id = :imageId AND member_id = :memberId AND deleted_at IS NULL")
                        .bind("imageId", imageId).bind("memberId", memberId).map((rs, ctx) -> member(rs))
                        .findOne()), e -> null);
    }

    @Override
    public OwnerUsage usage(String owner) {
        if (owner == null) {
            return new OwnerUsage(0, 0, 0);
        }
        return run("compute the usage of " + owner, () -> jdbi.withHandle(h ->
                h.createQuery("SELECT COUNT(*) AS n, "
                                + "COALESCE(SUM(CASE WHEN size > 0 THEN size ELSE 0 END), 0) AS bytes, "
                                + "COALESCE(SUM(CASE WHEN status IN ('saving', 'uploading', 'importing') THEN 1 ELSE 0 END), 0) AS up "
                                + "FROM images WHERE " + COUNTED_FOR_OWNER)
                        .bind("owner", owner)
                        .map((rs, ctx) -> new OwnerUsage(rs.getLong("n"), rs.getLong("bytes"), rs.getLong("up")))
                        .one()), e -> null);
    }

    @Override
    public Optional<Image> findPendingDelete(String id) {
        if (id == null) {
            return Optional.empty();
        }
        return run("find pending_delete image " + id, () -> jdbi.withHandle(h -> {
            List<Image.Builder> rows = h.createQuery("SELECT " + COLUMNS + " FROM images i WHERE i.id = :id "
                            + "AND i.status = 'pending_delete'")
                    .bind("id", id).map((rs, ctx) -> row(rs)).list();
            return rows.isEmpty() ? Optional.<Image>empty() : Optional.of(withChildren(h, rows).get(0));
        }), e -> null);
    }

    @Override
    public void close() {
        if (cache != null) {
            cache.invalidateAll();
        }
        try {
            onClose.close();
        } catch (Exception e) {
            throw new BackendUnavailableException("could not close the metadata database: " + e.getMessage(), e);
        }
    }

    // ---- metadata definitions: JdbcMetadefRepository, on this repository's pool and lifetime

    private volatile MetadefRepository metadefs;

    @Override
    public Optional<MetadefRepository> metadefs() {
        MetadefRepository m = metadefs;
        if (m == null) {
            synchronized (this) {
                m = metadefs;
                if (m == null) {
                    m = new JdbcMetadefRepository(jdbi, dialect);
                    metadefs = m;
                }
            }
        }
        return Optional.of(m);
    }

    // ---- helpers

    private void invalidate(String id) {
        if (cache != null) {
            cache.invalidate(id);
        }
    }

    private static Map<String, Object> values(Image image, long created, long updated) {
        Map<String, Object> m = new HashMap<>();
        m.put("name", image.name());
        m.put("status", image.status().wireName());
        m.put("visibility", image.visibility().wireName());
        m.put("isProtected", image.isProtected());
        m.put("osHidden", image.osHidden());
        m.put("checksum", image.checksum());
        m.put("osHashAlgo", image.osHashAlgo());
        m.put("osHashValue", image.osHashValue());
        m.put("size", image.size());
        m.put("virtualSize", image.virtualSize());
        m.put("diskFormat", image.diskFormat());
        m.put("containerFormat", image.containerFormat());
        m.put("minDisk", image.minDisk());
        m.put("minRam", image.minRam());
        m.put("owner", image.owner());
        m.put("createdAt", created);
        m.put("updatedAt", updated);
        m.put("deletedAt", softDeleted(image) ? Long.valueOf(updated) : null);
        return m;
    }

    /**
     * Makes the stored tags, properties and locations equal {@code image}'s, writing only the differences (the
     * row lock taken by the version UPDATE is held meanwhile, so a short transaction means fewer lost races).
     */
    private static void replaceChildren(Handle h, Image image) {
        String id = image.id();
        Map<String, String> storedProps = new HashMap<>();
        List<String> storedTags = new ArrayList<>();
        List<String> storedLocations = new ArrayList<>();
        h.createQuery("SELECT 't', tag, NULL FROM image_tags WHERE image_id = :id "
                        + "UNION ALL SELECT 'p', prop_name, prop_value FROM image_properties WHERE image_id = :id "
                        + "UNION ALL SELECT 'l', url, CAST(position AS VARCHAR(11)) FROM image_locations WHERE image_id = :id")
                .bind("id", id)
                .map((rs, ctx) -> {
                    switch (rs.getString(1)) {
                        case "t": storedTags.add(rs.getString(2)); break;
                        case "p": storedProps.put(rs.getString(2), rs.getString(3)); break;
                        default: storedLocations.add(Integer.parseInt(rs.getString(3)) + " " + rs.getString(2)); break;
                    }
                    return Boolean.TRUE;
                }).forEach(x -> { });

        List<String> dropTags = new ArrayList<>(storedTags);
        dropTags.removeAll(image.tags());
        if (!dropTags.isEmpty()) {
            PreparedBatch b = h.prepareBatch("DELETE FROM image_tags WHERE image_id = :id AND tag = :tag");
            dropTags.forEach(t -> b.bind("id", id).bind("tag", t).add());
            b.execute();
        }
        List<String> addTags = new ArrayList<>(image.tags());
        addTags.removeAll(storedTags);
        if (!addTags.isEmpty()) {
            PreparedBatch b = h.prepareBatch("INSERT INTO image_tags (image_id, tag) VALUES (:id, :tag)");
            addTags.forEach(t -> b.bind("id", id).bind("tag", t).add());
            b.execute();
        }

        List<String> dropProps = new ArrayList<>();
        for (String k : storedProps.keySet()) {
            if (!image.properties().containsKey(k)) {
                dropProps.add(k);
            }
        }
        if (!dropProps.isEmpty()) {
            PreparedBatch b = h.prepareBatch("DELETE FROM image_properties WHERE image_id = :id AND prop_name = :k");
            dropProps.forEach(k -> b.bind("id", id).bind("k", k).add());
            b.execute();
        }
        PreparedBatch changeProps = h.prepareBatch("UPDATE image_properties SET prop_value = :v WHERE image_id = :id AND prop_name = :k");
        PreparedBatch addProps = h.prepareBatch("INSERT INTO image_properties (image_id, prop_name, prop_value) VALUES (:id, :k, :v)");
        for (Map.Entry<String, String> e : image.properties().entrySet()) {
            String old = storedProps.get(e.getKey());
            if (old == null) {
                addProps.bind("id", id).bind("k", e.getKey()).bind("v", e.getValue()).add();
            } else if (!old.equals(e.getValue())) {
                changeProps.bind("id", id).bind("k", e.getKey()).bind("v", e.getValue()).add();
            }
        }
        if (changeProps.size() > 0) {
            changeProps.execute();
        }
        if (addProps.size() > 0) {
            addProps.execute();
        }

        List<String> wantedLocations = new ArrayList<>();
        for (int i = 0; i < image.locations().size(); i++) {
            wantedLocations.add(i + " " + image.locations().get(i).url());
        }
        java.util.Collections.sort(storedLocations);
        java.util.Collections.sort(wantedLocations);
        if (!storedLocations.equals(wantedLocations)) {
            h.createUpdate("DELETE FROM image_locations WHERE image_id = :id").bind("id", id).execute();
            insertLocations(h, image);
        }
    }

    private static void insertLocations(Handle h, Image image) {
        if (!image.locations().isEmpty()) {
            PreparedBatch b = h.prepareBatch("INSERT INTO image_locations (image_id, position, url) VALUES (:id, :pos, :url)");
            int pos = 0;
            for (StoreLocation l : image.locations()) {
                b.bind("id", image.id()).bind("pos", pos++).bind("url", l.url()).add();
            }
            b.execute();
        }
    }

    private static Image.Builder row(ResultSet rs) throws SQLException {
        Image.Builder b = Image.builder()
                .id(rs.getString(1))
                .name(rs.getString(2))
                .status(ImageStatus.fromWireName(rs.getString(3)))
                .visibility(Visibility.fromWireName(rs.getString(4)))
                .isProtected(rs.getBoolean(5))
                .osHidden(rs.getBoolean(6))
                .checksum(rs.getString(7))
                .osHashAlgo(rs.getString(8))
                .osHashValue(rs.getString(9));
        long size = rs.getLong(10);
        b.size(rs.wasNull() ? null : size);
        long virtualSize = rs.getLong(11);
        b.virtualSize(rs.wasNull() ? null : virtualSize);
        return b.diskFormat(rs.getString(12))
                .containerFormat(rs.getString(13))
                .minDisk(rs.getInt(14))
                .minRam(rs.getInt(15))
                .owner(rs.getString(16))
                .createdAt(Times.fromNanos(rs.getLong(17)))
                .updatedAt(Times.fromNanos(rs.getLong(18)))
                .version(rs.getLong(19));
    }

    /** Adds tags, properties and locations to {@code rows} with one query per child table. */
    private static List<Image> withChildren(Handle h, List<Image.Builder> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, Image.Builder> byId = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>();
        for (Image.Builder b : rows) {
            String id = b.build().id();
            byId.put(id, b);
            ids.add(id);
        }
        Map<String, TreeSet<String>> tags = new HashMap<>();
        Map<String, TreeMap<String, String>> props = new HashMap<>();
        Map<String, TreeMap<Integer, StoreLocation>> locations = new HashMap<>();
        // one round trip for the three child tables
        SqlParams p = new SqlParams();
        String sql = "SELECT 't', image_id, tag, NULL, 0 FROM image_tags WHERE image_id" + idCondition(ids, p)
                + " UNION ALL SELECT 'p', image_id, prop_name, prop_value, 0 FROM image_properties WHERE image_id"
                + idCondition(ids, p)
                + " UNION ALL SELECT 'l', image_id, url, NULL, position FROM image_locations WHERE image_id"
                + idCondition(ids, p);
        Query q = h.createQuery(sql);
        q.bindMap(p.values());
        q.map((rs, ctx) -> {
            String id = rs.getString(2);
            switch (rs.getString(1)) {
                case "t":
                    tags.computeIfAbsent(id, k -> new TreeSet<>()).add(rs.getString(3));
                    break;
                case "p":
                    props.computeIfAbsent(id, k -> new TreeMap<>()).put(rs.getString(3), rs.getString(4));
                    break;
                default:
                    locations.computeIfAbsent(id, k -> new TreeMap<>()).put(rs.getInt(5), StoreLocation.parse(rs.getString(3)));
                    break;
            }
            return Boolean.TRUE;
        }).forEach(x -> { });
        List<Image> out = new ArrayList<>(rows.size());
        for (Map.Entry<String, Image.Builder> e : byId.entrySet()) {
            Image.Builder b = e.getValue();
            TreeSet<String> t = tags.get(e.getKey());
            if (t != null) {
                b.tags(t);
            }
            TreeMap<String, String> pr = props.get(e.getKey());
            if (pr != null) {
                b.properties(pr);
            }
            TreeMap<Integer, StoreLocation> l = locations.get(e.getKey());
            if (l != null) {
                b.locations(new ArrayList<>(l.values()));
            }
            out.add(b.build());
        }
        return out;
    }

    private static String idCondition(List<String> ids, SqlParams p) {
        return ids.size() == 1 ? " = " + p.bind(ids.get(0)) : " IN " + p.bindAll(ids);
    }
}
