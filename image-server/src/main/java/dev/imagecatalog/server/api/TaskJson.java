package dev.imagecatalog.server.api;

import dev.imagecatalog.task.Task;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A task as Glance renders it, times as {@link GlanceTime} writes them: whole ({@code tasks.py _format_task}: id,
 * input, type, status, owner, message, result, created_at, updated_at, self, schema, then image_id, request_id,
 * user_id and expires_at when set), in a list ({@code _format_task_stub}: without input, result, message and the
 * ids of image, request and user), and in an image's task history ({@code GET /v2/images/{id}/tasks}, the database
 * row Glance returns there: every field, {@code deleted} and {@code deleted_at}, no links).
 */
final class TaskJson {
    /** The schema a task names. */
    static final String SCHEMA = "/v2/schemas/task";
    /** The schema a task list names. */
    static final String LIST_SCHEMA = "/v2/schemas/tasks";

    private TaskJson() {
    }

    /** {@return the path of a task} */
    static String href(String taskId) {
        return "/v2/tasks/" + taskId;
    }

    /** {@return the task, whole ({@code GET /v2/tasks/{id}}, {@code POST /v2/tasks})} */
    static Map<String, Object> full(Task task) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", task.id());
        m.put("input", task.input());
        m.put("type", task.type().glanceName());
        m.put("status", task.status().glanceName());
        m.put("owner", task.owner());
        m.put("message", task.message());
        m.put("result", task.result());
        m.put("created_at", GlanceTime.format(task.createdAt()));
        m.put("updated_at", GlanceTime.format(task.updatedAt()));
        m.put("self", href(task.id()));
        m.put("schema", SCHEMA);
        putIfSet(m, "image_id", task.imageId());
        putIfSet(m, "request_id", task.requestId());
        putIfSet(m, "user_id", task.userId());
        putIfSet(m, "expires_at", GlanceTime.format(task.expiresAt()));
        return m;
    }

    /** {@return the task as a list shows it ({@code GET /v2/tasks})} */
    static Map<String, Object> stub(Task task) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", task.id());
        m.put("type", task.type().glanceName());
        m.put("status", task.status().glanceName());
        m.put("owner", task.owner());
        m.put("created_at", GlanceTime.format(task.createdAt()));
        m.put("updated_at", GlanceTime.format(task.updatedAt()));
        m.put("self", href(task.id()));
        m.put("schema", SCHEMA);
        putIfSet(m, "expires_at", GlanceTime.format(task.expiresAt()));
        return m;
    }

    /** {@return the task as an image's task history shows it ({@code GET /v2/images/{id}/tasks})} */
    static Map<String, Object> ofImage(Task task) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", task.id());
        m.put("type", task.type().glanceName());
        m.put("status", task.status().glanceName());
        m.put("owner", task.owner());
        m.put("expires_at", GlanceTime.format(task.expiresAt()));
        m.put("created_at", GlanceTime.format(task.createdAt()));
        m.put("updated_at", GlanceTime.format(task.updatedAt()));
        m.put("deleted_at", null);
        m.put("deleted", false);
        m.put("image_id", task.imageId());
        m.put("request_id", task.requestId());
        m.put("user_id", task.userId());
        m.put("input", task.input());
        m.put("result", task.result());
        m.put("message", task.message());
        return m;
    }

    private static void putIfSet(Map<String, Object> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
