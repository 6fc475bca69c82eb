package dev.imagecatalog.metadata.jdbc;

import static dev.imagecatalog.metadata.jdbc.DatabaseErrors.isUniqueViolation;
import static dev.imagecatalog.metadata.jdbc.DatabaseErrors.run;

import com.github.benmanes.caffeine.cache.Cache;
import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.error.VersionConflictException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageMember;
import dev.imagecatalog.image.ImageQuery;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.Page;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.metadef.MetadefRepository;
import dev.imagecatalog.spi.MetadataRepository;
import dev.imagecatalog.spi.TaskRepository;
import dev.imagecatalog.spi.OwnerUsage;
import dev.imagecatalog.spi.Viewer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Update;

/**
 * A {@link MetadataRepository} in a SQL database (H2 or PostgreSQL) through jdbi. Every filter, visibility rule,
 * sort and page is one SQL statement; writes are one transaction each; {@link #update} is a compare-and-set on
 * the {@code version} column. Each job has its class: how an image maps to rows ({@link ImageRows}), the list
 * query ({@link JdbcImageList} with {@link ListSql}), the member records ({@link JdbcMembers}), the catalog id and
 * write intents ({@link JdbcRecoveryRecords}, which this class extends), the metadata definitions
 * ({@link JdbcMetadefRepository}); this class answers the SPI, keeps the record cache and counts usage. See the
 * module README for the schema, the settings and the guarantees.
 */
final class JdbcMetadataRepository extends JdbcRecoveryRecords {

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final Cache<String, Image> cache; // null when disabled
    private final AutoCloseable onClose;
    private final JdbcImageList lists;
    private final JdbcMembers members;

    JdbcMetadataRepository(Jdbi jdbi, Dialect dialect, Cache<String, Image> cache, AutoCloseable onClose,
                           boolean exclusive) {
        super(jdbi, dialect, exclusive);
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.cache = cache;
        this.onClose = onClose;
        this.lists = new JdbcImageList(jdbi, dialect);
        this.members = new JdbcMembers(jdbi);
    }

    Dialect dialect() {
        return dialect;
    }

    /**
     * One transaction: the image row, then its tags, properties and locations (each with its status), each table's
     * rows in one JDBC batch (on PostgreSQL all in one statement).
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
                    try (PreparedStatement ps = h.getConnection().prepareStatement(ImageRows.INSERT_IMAGE_WITH_CHILDREN_PG)) {
                        ImageRows.bindImage(ps, image, created, updated);
                        Connection c = h.getConnection();
                        ps.setArray(21, c.createArrayOf("varchar", image.tags().toArray(new String[0])));
                        ps.setArray(22, c.createArrayOf("varchar", image.properties().keySet().toArray(new String[0])));
                        ps.setArray(23, c.createArrayOf("varchar", image.properties().values().toArray(new String[0])));
                        ps.setArray(24, c.createArrayOf("varchar", ImageRows.locationUrls(image)));
                        ps.setArray(25, c.createArrayOf("varchar", ImageRows.locationStatuses(image)));
                        ps.execute();
                    } catch (SQLException e) {
                        throw new ImageRows.SqlFailure(e);
                    }
                    return null;
                })
                : jdbi.inTransaction(h -> {
                    try {
                        ImageRows.insertImage(h.getConnection(), image, created, updated);
                    } catch (SQLException e) {
                        throw new ImageRows.SqlFailure(e);
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
                    ImageRows.insertImage(h.getConnection(), image, created, updated);
                } catch (SQLException e) {
                    throw new ImageRows.SqlFailure(e);
                }
            }
            return n;
        }), e -> isUniqueViolation(e) ? new ConflictException("an image with id " + image.id() + " already exists", e) : null);
        invalidate(image.id());
        return count;
    }

    /** The images of {@code :owner} that count against its quotas (as Glance counts them). */
    private static final String COUNTED_FOR_OWNER = "owner = :owner AND deleted_at IS NULL AND status <> 'killed'";

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
            List<Image.Builder> rows = h.createQuery("SELECT " + ImageRows.COLUMNS + " FROM images i WHERE i.id = :id AND i.deleted_at IS NULL")
                    .bind("id", id)
                    .map((rs, ctx) -> ImageRows.row(rs))
                    .list();
            if (rows.isEmpty()) {
                return Optional.<Image>empty();
            }
            return Optional.of(ImageRows.withChildren(h, rows).get(0));
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
                        .bindMap(ImageRows.values(image, created, updated))
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
                ImageRows.replaceChildren(h, image);
                return stored;
            }), e -> null);
        } finally {
            invalidate(image.id());
        }
    }

    @Override
    public Page<Image> list(ImageQuery query, Viewer viewer) {
        return lists.list(query, viewer);
    }

    @Override
    public List<Image> findByStatus(ImageStatus status, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return run("find images by status", () -> jdbi.withHandle(h -> ImageRows.withChildren(h,
                h.createQuery("SELECT " + ImageRows.COLUMNS + " FROM images i WHERE i.status = :status "
                                + "ORDER BY i.updated_at ASC, i.id ASC LIMIT :limit")
                        .bind("status", status.wireName()).bind("limit", limit)
                        .map((rs, ctx) -> ImageRows.row(rs)).list())), e -> null);
    }

    /** A location of any status counts: a pending copy or bytes being removed are still the image's. */
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

    @Override
    public void addMember(ImageMember member) {
        members.add(member);
    }

    @Override
    public ImageMember updateMember(ImageMember member) {
        return members.update(member);
    }

    @Override
    public boolean removeMember(String imageId, String memberId) {
        return members.remove(imageId, memberId);
    }

    @Override
    public List<ImageMember> listMembers(String imageId) {
        return members.list(imageId);
    }

    @Override
    public Optional<ImageMember> findMember(String imageId, String memberId) {
        return members.find(imageId, memberId);
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
            List<Image.Builder> rows = h.createQuery("SELECT " + ImageRows.COLUMNS + " FROM images i WHERE i.id = :id "
                            + "AND i.status = 'pending_delete'")
                    .bind("id", id).map((rs, ctx) -> ImageRows.row(rs)).list();
            return rows.isEmpty() ? Optional.<Image>empty() : Optional.of(ImageRows.withChildren(h, rows).get(0));
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

    // ---- tasks: JdbcTaskRepository, on this repository's pool and lifetime

    @Override
    public TaskRepository tasks() {
        return tasksOnce();
    }

    private volatile JdbcTaskRepository tasks;

    private JdbcTaskRepository tasksOnce() {
        JdbcTaskRepository t = tasks;
        if (t == null) {
            synchronized (this) {
                t = tasks;
                if (t == null) {
                    t = new JdbcTaskRepository(jdbi);
                    tasks = t;
                }
            }
        }
        return t;
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
}
