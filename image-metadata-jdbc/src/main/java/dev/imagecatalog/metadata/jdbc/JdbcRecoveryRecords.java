package dev.imagecatalog.metadata.jdbc;

import static dev.imagecatalog.metadata.jdbc.DatabaseErrors.isUniqueViolation;
import static dev.imagecatalog.metadata.jdbc.DatabaseErrors.run;

import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.spi.MetadataRepository;
import dev.imagecatalog.spi.WriteIntent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;

/**
 * The catalog id and the write intents of {@link JdbcMetadataRepository}, which extends this class: tables
 * {@code catalog_identity} and {@code write_intents} (see {@link RecoverySchema}).
 */
abstract class JdbcRecoveryRecords implements MetadataRepository {
    private static final String INTENT_COLUMNS = "id, image_id, store_id, instance, started_at, touched_at";
    /** Touches at most this many ids per statement (a catalog has a handful of uploads in flight). */
    private static final int TOUCH_BATCH = 500;

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final boolean exclusive;
    private volatile String catalogId;

    /** {@code exclusive}: the database is embedded H2, which no other process can open meanwhile. */
    JdbcRecoveryRecords(Jdbi jdbi, Dialect dialect, boolean exclusive) {
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.exclusive = exclusive;
    }

    @Override
    public boolean exclusiveToThisProcess() {
        return exclusive;
    }

    /**
     * Inserts {@code proposed} unless a row exists (one statement that does nothing on conflict), then reads the
     * row: of several instances starting at once, all read the one id that was inserted first. A unique violation
     * (two H2 MERGEs racing) is the same outcome.
     */
    @Override
    public String catalogId(String proposed) {
        Objects.requireNonNull(proposed, "proposed");
        String known = catalogId;
        if (known != null) {
            return known;
        }
        String insert = dialect == Dialect.POSTGRESQL
                ? "INSERT INTO catalog_identity (id, catalog_id, created_at) VALUES (1, :id, :at) ON CONFLICT DO NOTHING"
                : "MERGE INTO catalog_identity t USING (VALUES (1, CAST(:id AS VARCHAR(63)), CAST(:at AS BIGINT))) "
                        + "AS s(id, catalog_id, created_at) ON t.id = s.id "
                        + "WHEN NOT MATCHED THEN INSERT (id, catalog_id, created_at) "
                        + "VALUES (s.id, s.catalog_id, s.created_at)";
        known = run("keep the catalog id", () -> {
            try {
                jdbi.useHandle(h -> h.createUpdate(insert).bind("id", proposed)
                        .bind("at", Times.toNanos(Instant.now(), "created_at")).execute());
            } catch (org.jdbi.v3.core.JdbiException e) {
                if (!isUniqueViolation(e)) {
                    throw e;
                }
            }
            return jdbi.withHandle(h -> h.createQuery("SELECT catalog_id FROM catalog_identity WHERE id = 1")
                    .mapTo(String.class).one());
        }, e -> null);
        catalogId = known;
        return known;
    }

    @Override
    public void recordWriteIntent(WriteIntent i) {
        Objects.requireNonNull(i, "intent");
        run("record the write intent " + i.id() + " of image " + i.imageId(), () -> jdbi.withHandle(h -> h.createUpdate(
                        "INSERT INTO write_intents (" + INTENT_COLUMNS + ") VALUES (:id, :image, :store, :instance, "
                                + ":started, :touched)")
                .bind("id", i.id()).bind("image", i.imageId()).bind("store", i.storeId())
                .bind("instance", i.instance()).bind("started", Times.toNanos(i.startedAt(), "started_at"))
                .bind("touched", Times.toNanos(i.touchedAt(), "touched_at")).execute()),
                e -> isUniqueViolation(e)
                        ? new ConflictException("a write intent with id " + i.id() + " already exists", e) : null);
    }

    @Override
    public void touchWriteIntents(Collection<String> ids, Instant at) {
        long nanos = Times.toNanos(at, "touched_at");
        List<String> all = new ArrayList<>(ids);
        for (int from = 0; from < all.size(); from += TOUCH_BATCH) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + TOUCH_BATCH));
            run("touch " + batch.size() + " write intents", () -> jdbi.withHandle(h -> h.createUpdate(
                            "UPDATE write_intents SET touched_at = :at WHERE id IN (<ids>)")
                    .bind("at", nanos).bindList("ids", batch).execute()), e -> null);
        }
    }

    @Override
    public boolean removeWriteIntent(String id) {
        return run("remove the write intent " + id, () -> jdbi.withHandle(h -> h.createUpdate(
                "DELETE FROM write_intents WHERE id = :id").bind("id", id).execute()), e -> null) > 0;
    }

    @Override
    public List<WriteIntent> writeIntents() {
        return run("list the write intents", () -> jdbi.withHandle(h -> h.createQuery(
                        "SELECT " + INTENT_COLUMNS + " FROM write_intents ORDER BY started_at, id")
                .map((rs, ctx) -> new WriteIntent(rs.getString("id"), rs.getString("image_id"),
                        rs.getString("store_id"), rs.getString("instance"), Times.fromNanos(rs.getLong("started_at")),
                        Times.fromNanos(rs.getLong("touched_at"))))
                .list()), e -> null);
    }
}
