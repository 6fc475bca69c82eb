package dev.imagecatalog.server.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.imagecatalog.server.http.Exchange;
import dev.imagecatalog.server.http.HttpError;
import dev.imagecatalog.server.http.Router;
import dev.imagecatalog.task.Task;
import dev.imagecatalog.task.TaskQuery;
import dev.imagecatalog.task.TaskService;
import dev.imagecatalog.task.TaskType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Glance's Tasks API ({@code tasks.py}) and an image's task history: {@code GET /v2/tasks} (one page: filters, sort
 * and paging are {@link TaskQuery#fromParameters}'; {@code first} and {@code next} links as Glance's), {@code POST
 * /v2/tasks} (the legacy {@code import} task: 201 with {@code Location}), {@code GET /v2/tasks/{task_id}},
 * {@code DELETE /v2/tasks/{task_id}} (always 405: tasks expire by themselves) and {@code GET
 * /v2/images/{image_id}/tasks} ({@code {"tasks": [...]}}). Who may do what is the catalog's ({@code tasks_api_access}
 * and the task rules, checked by {@link TaskService}; an image's tasks need only that the image be visible).
 */
final class TasksResource {
    private static final String LIST = "/v2/tasks";
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() { };

    private final ApiContext context;

    private TasksResource(ApiContext context) {
        this.context = context;
    }

    static void register(Router router, ApiContext context) {
        TasksResource r = new TasksResource(context);
        router.add("GET", LIST, r::list);
        router.add("POST", LIST, r::create);
        router.add("GET", "/v2/tasks/{task_id}", r::show);
        router.add("DELETE", "/v2/tasks/{task_id}", TasksResource::delete);
        router.add("GET", "/v2/images/{image_id}/tasks", r::ofImage);
    }

    private TaskService tasks(Exchange ex) {
        return context.catalog().tasks(ex.context());
    }

    private void list(Exchange ex) throws IOException {
        Map<String, List<String>> query = ex.query();
        TaskQuery taskQuery = TaskQuery.fromParameters(query);
        List<Task> page = tasks(ex).list(taskQuery);
        List<Map<String, Object>> rendered = new ArrayList<>(page.size());
        for (Task task : page) {
            rendered.add(TaskJson.stub(task));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tasks", rendered);
        body.put("first", ListLinks.first(LIST, query));
        body.put("schema", TaskJson.LIST_SCHEMA);
        if (!page.isEmpty() && page.size() == taskQuery.limit()) {
            body.put("next", ListLinks.next(LIST, query, page.get(page.size() - 1).id()));
        }
        ex.json(200, body);
    }

    /**
     * Glance's deserializer: a JSON object with {@code type} and {@code input} (400 naming the one missing), the
     * type one of the schema's and the input an object (400); only {@code import} can be created (400 for the
     * others, which are the catalog's own).
     */
    private void create(Exchange ex) throws IOException {
        JsonNode body = ex.json();
        if (!body.isObject()) {
            throw HttpError.badRequest("Body expected in request.");
        }
        for (String required : List.of("type", "input")) {
            if (!body.has(required)) {
                throw HttpError.badRequest("Task '" + required + "' is required");
            }
        }
        JsonNode type = body.get("type");
        if (!type.isTextual() || TaskType.of(type.asText()).isEmpty()) {
            throw HttpError.badRequest("Invalid value for 'type': " + type);
        }
        if (TaskType.of(type.asText()).get() != TaskType.IMPORT) {
            throw HttpError.badRequest("Task type '" + type.asText() + "' cannot be created through the API; "
                    + "only 'import' can.");
        }
        JsonNode input = body.get("input");
        if (!input.isObject() && !input.isNull()) {
            throw HttpError.badRequest("Invalid value for 'input': " + input + " is not of type 'null', 'object'");
        }
        Map<String, Object> values = input.isNull() ? Map.of() : ex.mapper().convertValue(input, OBJECT);
        Task task = tasks(ex).createImport(values);
        ex.setHeader("Location", ex.hostUrl() + TaskJson.href(task.id()));
        ex.json(201, TaskJson.full(task));
    }

    private void show(Exchange ex) throws IOException {
        ex.json(200, TaskJson.full(tasks(ex).get(ex.param("task_id"))));
    }

    private static void delete(Exchange ex) {
        throw new HttpError(405, "This operation is currently not permitted on Glance Tasks. They are auto deleted "
                + "after reaching the time based on their expires_at property.", Map.of("Allow", "GET"));
    }

    private void ofImage(Exchange ex) throws IOException {
        List<Task> history = context.images(ex).tasks(ex.param("image_id"));
        List<Map<String, Object>> rendered = new ArrayList<>(history.size());
        for (Task task : history) {
            rendered.add(TaskJson.ofImage(task));
        }
        ex.json(200, Map.of("tasks", rendered));
    }
}
