package dev.imagecatalog.metadata.jdbc;

import static dev.imagecatalog.metadata.jdbc.DatabaseErrors.isUniqueViolation;
import static dev.imagecatalog.metadata.jdbc.DatabaseErrors.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.error.VersionConflictException;
import dev.imagecatalog.spi.TaskRepository;
import dev.imagecatalog.task.Task;
import dev.imagecatalog.task.TaskQuery;
import dev.imagecatalog.task.TaskStatus;
import dev.imagecatalog.task.TaskType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.Update;

/**
 * The tasks of a {@link JdbcMetadataRepository}, on its pool and lifetime: table {@code tasks} (see
 * {@link TaskSchema}). An update is one {@code UPDATE ... WHERE id = ? AND version = ?}; a list with a marker reads
 * the marker's sort values and continues after them (keyset paging), so pages stay stable while tasks are added.
 */
final class JdbcTaskRepository implements TaskRepository {
    private static final String COLUMNS = "id, type, status, input, result, message, owner, image_id, request_id, "
            + "user_id, expires_at, created_at, updated_at, runner, heartbeat_at, version";
    private static final String LIVE = "(expires_at IS NULL OR expires_at > :now)";
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };
    /** Touches at most this many ids per statement (a catalog runs a handful of tasks at once). */
    private static final int TOUCH_BATCH = 500;

    private final Jdbi jdbi;
    private final ObjectMapper json = new ObjectMapper();

    JdbcTaskRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void create(Task t) {
        run("create task " + t.id(), () -> jdbi.withHandle(h -> bindAll(h.createUpdate(
                "INSERT INTO tasks (" + COLUMNS + ") VALUES (:id, :type, :status, :input, :result, :message, "
                        + ":owner, :image_id, :request_id, :user_id, :expires_at, :created_at, :updated_at, "
                        + ":runner, :heartbeat_at, :version)"), t).execute()),
                e -> isUniqueViolation(e) ? new ConflictException("task " + t.id() + " exists", e) : null);
    }

    @Override
    public Optional<Task> find(String id) {
        return run("read task " + id, () -> jdbi.withHandle(h -> find(h, id)), e -> null);
    }

    private Optional<Task> find(Handle h, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM tasks WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> read(rs)).findOne();
    }

    /**
     * One statement changes the row only if its version is the one the task was read with; the heartbeat is kept
     * when the stored one is later. Zero rows changed is a conflict, or not found when the row is gone.
     */
    @Override
    public Task update(Task t) {
        String heartbeat = t.heartbeatAt() == null ? "heartbeat_at"
                : "CASE WHEN heartbeat_at IS NULL OR heartbeat_at < :heartbeat_at THEN :heartbeat_at "
                        + "ELSE heartbeat_at END";
        return run("update task " + t.id(), () -> jdbi.inTransaction(h -> {
            int changed = bindAll(h.createUpdate("UPDATE tasks SET type = :type, status = :status, input = :input, "
                    + "result = :result, message = :message, owner = :owner, image_id = :image_id, "
                    + "request_id = :request_id, user_id = :user_id, expires_at = :expires_at, "
                    + "created_at = :created_at, updated_at = :updated_at, runner = :runner, "
                    + "heartbeat_at = " + heartbeat + ", version = version + 1 "
                    + "WHERE id = :id AND version = :version"), t).execute();
            if (changed == 0) {
                if (find(h, t.id()).isEmpty()) {
                    throw new NotFoundException("task " + t.id() + " not found");
                }
                throw new VersionConflictException("task " + t.id() + " was changed concurrently (version "
                        + t.version() + " is no longer current)");
            }
            return find(h, t.id()).orElseThrow();
        }), e -> null);
    }

    @Override
    public List<Task> list(TaskQuery q, String owner, Instant now) {
        long at = Times.toNanosClamped(now);
        String key = column(q.sortKey());
        String dir = q.ascending() ? "ASC" : "DESC";
        String after = q.ascending() ? ">" : "<";
        return run("list tasks", () -> jdbi.inTransaction(h -> {
            StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM tasks WHERE " + LIVE);
            if (owner != null) {
                sql.append(" AND owner = :owner");
            }
            if (q.status() != null) {
                sql.append(" AND status = :status");
            }
            if (q.type() != null) {
                sql.append(" AND type = :type");
            }
            Task marker = null;
            if (q.marker() != null) {
                marker = marker(h, q.marker(), owner, at);
                sql.append(" AND (").append(key).append(' ').append(after).append(" :m_key OR (").append(key)
                        .append(" = :m_key AND (created_at ").append(after).append(" :m_created OR (created_at = ")
                        .append(":m_created AND id ").append(after).append(" :m_id))))");
            }
            sql.append(" ORDER BY ").append(key).append(' ').append(dir).append(", created_at ").append(dir)
                    .append(", id ").append(dir).append(" LIMIT :limit");
            Query query = h.createQuery(sql.toString()).bind("now", at).bind("limit", q.limit());
            if (owner != null) {
                query.bind("owner", owner);
            }
            if (q.status() != null) {
                query.bind("status", q.status().glanceName());
            }
            if (q.type() != null) {
                query.bind("type", q.type().glanceName());
            }
            if (marker != null) {
                bindSortValue(query, q.sortKey(), marker);
                query.bind("m_created", Times.toNanos(marker.createdAt(), "created_at")).bind("m_id", marker.id());
            }
            return query.map((rs, ctx) -> read(rs)).list();
        }), e -> null);
    }

    private Task marker(Handle h, String id, String owner, long now) {
        return h.createQuery("SELECT " + COLUMNS + " FROM tasks WHERE id = :id AND " + LIVE
                        + (owner == null ? "" : " AND owner = :owner"))
                .bind("id", id).bind("now", now).bind("owner", owner)
                .map((rs, ctx) -> read(rs)).findOne()
                .orElseThrow(() -> new NotFoundException("marker task " + id + " not found"));
    }

    private static String column(String sortKey) {
        return switch (sortKey) {
            case "updated_at", "id", "type", "status" -> sortKey;
            default -> "created_at";
        };
    }

    private static void bindSortValue(Query query, String sortKey, Task m) {
        switch (sortKey) {
            case "updated_at" -> query.bind("m_key", Times.toNanos(m.updatedAt(), "updated_at"));
            case "id" -> query.bind("m_key", m.id());
            case "type" -> query.bind("m_key", m.type().glanceName());
            case "status" -> query.bind("m_key", m.status().glanceName());
            default -> query.bind("m_key", Times.toNanos(m.createdAt(), "created_at"));
        }
    }

    @Override
    public List<Task> listForImage(String imageId, Instant now) {
        return run("list the tasks of image " + imageId, () -> jdbi.withHandle(h -> h.createQuery(
                        "SELECT " + COLUMNS + " FROM tasks WHERE image_id = :image AND " + LIVE
                                + " ORDER BY created_at, id")
                .bind("image", imageId).bind("now", Times.toNanosClamped(now))
                .map((rs, ctx) -> read(rs)).list()), e -> null);
    }

    @Override
    public List<Task> listUnfinished() {
        return run("list the unfinished tasks", () -> jdbi.withHandle(h -> h.createQuery(
                        "SELECT " + COLUMNS + " FROM tasks WHERE status IN ('pending', 'processing') "
                                + "ORDER BY created_at, id")
                .map((rs, ctx) -> read(rs)).list()), e -> null);
    }

    @Override
    public void touch(Collection<String> ids, Instant at) {
        long nanos = Times.toNanos(at, "heartbeat_at");
        List<String> all = new ArrayList<>(ids);
        for (int from = 0; from < all.size(); from += TOUCH_BATCH) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + TOUCH_BATCH));
            run("touch " + batch.size() + " tasks", () -> jdbi.withHandle(h -> h.createUpdate(
                            "UPDATE tasks SET heartbeat_at = :at WHERE id IN (<ids>) "
                                    + "AND (heartbeat_at IS NULL OR heartbeat_at < :at)")
                    .bind("at", nanos).bindList("ids", batch).execute()), e -> null);
        }
    }

    /** Reads a batch of expired rows, then deletes each at the version read: a row another caller deleted first is its. */
    @Override
    public List<Task> deleteExpired(Instant now, int batchSize) {
        long at = Times.toNanosClamped(now);
        return run("delete expired tasks", () -> jdbi.withHandle(h -> {
            List<Task> expired = h.createQuery("SELECT " + COLUMNS + " FROM tasks WHERE expires_at IS NOT NULL "
                            + "AND expires_at <= :now ORDER BY expires_at, id LIMIT :limit")
                    .bind("now", at).bind("limit", batchSize).map((rs, ctx) -> read(rs)).list();
            List<Task> gone = new ArrayList<>();
            for (Task t : expired) {
                if (h.createUpdate("DELETE FROM tasks WHERE id = :id AND version = :version").bind("id", t.id())
                        .bind("version", t.version()).execute() == 1) {
                    gone.add(t);
                }
            }
            return gone;
        }), e -> null);
    }

    private Update bindAll(Update u, Task t) {
        return u.bind("id", t.id()).bind("type", t.type().glanceName()).bind("status", t.status().glanceName())
                .bind("input", write(t.input())).bind("result", t.result() == null ? null : write(t.result()))
                .bind("message", t.message()).bind("owner", t.owner()).bind("image_id", t.imageId())
                .bind("request_id", t.requestId()).bind("user_id", t.userId())
                .bind("expires_at", nanos(t.expiresAt(), "expires_at"))
                .bind("created_at", Times.toNanos(t.createdAt(), "created_at"))
                .bind("updated_at", Times.toNanos(t.updatedAt(), "updated_at")).bind("runner", t.runner())
                .bind("heartbeat_at", nanos(t.heartbeatAt(), "heartbeat_at")).bind("version", t.version());
    }

    private static Long nanos(Instant t, String field) {
        return t == null ? null : Times.toNanos(t, field);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Times.fromNanos(v);
    }

    private Task read(ResultSet rs) throws SQLException {
        String result = rs.getString("result");
        return Task.builder().id(rs.getString("id"))
                .type(TaskType.of(rs.getString("type")).orElseThrow(
                        () -> new IllegalStateException("unknown task type in the database")))
                .status(TaskStatus.of(rs.getString("status")).orElseThrow(
                        () -> new IllegalStateException("unknown task status in the database")))
                .input(parse(rs.getString("input"))).result(result == null ? null : parse(result))
                .message(rs.getString("message")).owner(rs.getString("owner")).imageId(rs.getString("image_id"))
                .requestId(rs.getString("request_id")).userId(rs.getString("user_id"))
                .expiresAt(instant(rs, "expires_at")).createdAt(instant(rs, "created_at"))
                .updatedAt(instant(rs, "updated_at")).runner(rs.getString("runner"))
                .heartbeatAt(instant(rs, "heartbeat_at")).version(rs.getLong("version")).build();
    }

    private String write(Map<String, Object> value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("a task's input or result is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private Map<String, Object> parse(String text) {
        try {
            return json.readValue(text, JSON_OBJECT);
        } catch (JsonProcessingException e) {
            throw new BackendUnavailableException("a stored task's JSON does not parse: " + e.getOriginalMessage(), e);
        }
    }
}
