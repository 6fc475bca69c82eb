package dev.imagecatalog.internal;

import dev.imagecatalog.event.CatalogEventTypes;
import dev.imagecatalog.task.Task;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Glance's task notification payload ({@code glance/notifier.py} {@code format_task_notification}): the task's id,
 * type, status, owner and times; {@code result} and {@code message} are always null and {@code input} is never sent
 * (it may hold credentials in a URL).
 */
final class TaskEvents {
    static final String CREATE = CatalogEventTypes.TASK_CREATE;
    static final String RUN = CatalogEventTypes.TASK_RUN;
    static final String PROCESSING = CatalogEventTypes.TASK_PROCESSING;
    static final String SUCCESS = CatalogEventTypes.TASK_SUCCESS;
    static final String FAILURE = CatalogEventTypes.TASK_FAILURE;
    static final String DELETE = CatalogEventTypes.TASK_DELETE;

    private TaskEvents() {
    }

    /** The payload of {@code t}; {@code deletedAt} is null unless the task was deleted then. */
    static Map<String, Object> payload(Task t, Instant deletedAt) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", t.id());
        p.put("type", t.type().glanceName());
        p.put("status", t.status().glanceName());
        p.put("result", null);
        p.put("owner", t.owner());
        p.put("message", null);
        p.put("expires_at", t.expiresAt() == null ? null : t.expiresAt().toString());
        p.put("created_at", t.createdAt().toString());
        p.put("updated_at", t.updatedAt().toString());
        p.put("deleted", deletedAt != null);
        p.put("deleted_at", deletedAt == null ? null : deletedAt.toString());
        return p;
    }
}
