package dev.imagecatalog.metadata.jdbc;

import java.util.List;

/**
 * The schema migration that adds tasks. Self-contained (it depends on no other step's tables); every statement is
 * {@code IF NOT EXISTS}, so a step interrupted by a crash is simply applied again.
 *
 * <ul>
 *   <li>{@code tasks}: one row per task with every {@link dev.imagecatalog.task.Task} field: Glance's names for
 *       {@code type} and {@code status} (a check constraint refuses any other status), {@code input} and
 *       {@code result} as JSON text ({@code result} null until the task succeeds), {@code message} ("" when none),
 *       the owning project, image, request and user ids, the times as epoch nanoseconds ({@code expires_at} null
 *       while the task runs), the {@code runner} instance and its {@code heartbeat_at}, and the compare-and-set
 *       {@code version}.</li>
 *   <li>Indexes: {@code ix_tasks_owner_created} (a project's tasks newest first), {@code ix_tasks_image} (an
 *       image's task history), {@code ix_tasks_status} (the unfinished tasks recovery reads) and
 *       {@code ix_tasks_expires} (the lazy deletion of expired tasks).</li>
 * </ul>
 */
final class TaskSchema {
    private TaskSchema() {
    }

    static List<String> steps() {
        return List.of(
                "CREATE TABLE IF NOT EXISTS tasks ("
                        + "id VARCHAR(64) NOT NULL PRIMARY KEY, "
                        + "type VARCHAR(32) NOT NULL, "
                        + "status VARCHAR(16) NOT NULL "
                        + "CHECK (status IN ('pending', 'processing', 'success', 'failure')), "
                        + "input VARCHAR NOT NULL, "
                        + "result VARCHAR, "
                        + "message VARCHAR NOT NULL, "
                        + "owner VARCHAR(255), "
                        + "image_id VARCHAR(255), "
                        + "request_id VARCHAR(255), "
                        + "user_id VARCHAR(255), "
                        + "expires_at BIGINT, "
                        + "created_at BIGINT NOT NULL, "
                        + "updated_at BIGINT NOT NULL, "
                        + "runner VARCHAR(255), "
                        + "heartbeat_at BIGINT, "
                        + "version BIGINT NOT NULL)",
                "CREATE INDEX IF NOT EXISTS ix_tasks_owner_created ON tasks (owner, created_at, id)",
                "CREATE INDEX IF NOT EXISTS ix_tasks_image ON tasks (image_id, created_at, id)",
                "CREATE INDEX IF NOT EXISTS ix_tasks_status ON tasks (status)",
                "CREATE INDEX IF NOT EXISTS ix_tasks_expires ON tasks (expires_at)");
    }
}
