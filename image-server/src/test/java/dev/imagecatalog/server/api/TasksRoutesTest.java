package dev.imagecatalog.server.api;

import static dev.imagecatalog.server.api.ImagesHttp.ADMIN;
import static dev.imagecatalog.server.api.ImagesHttp.ALICE;
import static dev.imagecatalog.server.api.ImagesHttp.assertError;
import static dev.imagecatalog.server.api.ImagesHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.server.ImportFixtures;
import dev.imagecatalog.task.Task;
import dev.imagecatalog.task.TaskStatus;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Tasks API ({@code GET}/{@code POST /v2/tasks}, {@code GET}/{@code DELETE /v2/tasks/{id}}) over a memory
 * catalog that may download from a loopback web server: the legacy {@code import} task end to end, Glance's
 * refusals of a create body, the list's filters, sort and pages, and the admin-only default.
 */
class TasksRoutesTest {
    static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ";

    @TempDir
    static Path staging;
    static ImportFixtures.Web web;
    static ImagesHttp http;
    static byte[] served;

    @BeforeAll
    static void start() {
        web = new ImportFixtures.Web();
        served = web.serve("/legacy.raw", 1500, 11);
        Map<String, String> settings = new HashMap<>(web.allowingSettings());
        settings.put("import.staging-dir", staging.toString());
        http = new ImagesHttp(settings);
    }

    @AfterAll
    static void stop() {
        if (http != null) {
            http.close();
        }
        if (web != null) {
            web.close();
        }
    }

    static String legacyBody(String url) {
        return "{\"type\": \"import\", \"input\": {\"import_from\": \"" + url + "\", \"import_from_format\": \"raw\", "
                + "\"image_properties\": {\"name\": \"legacy\", \"disk_format\": \"raw\", "
                + "\"container_format\": \"bare\"}}}";
    }

    /** Creates a legacy import task, waits for its end, and returns its id. */
    static String finishedTask() {
        HttpResponse<String> r = http.post("/v2/tasks", legacyBody(web.url("/legacy.raw")), ADMIN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String id = json(r).get("id").asText();
        ImportFixtures.awaitTask(http.server.catalog(), id);
        return id;
    }

    static int taskCount() {
        return http.server.catalog().tasks(RequestContext.admin("admin-project", "admin"))
                .list(new dev.imagecatalog.task.TaskQuery(null, null, "created_at", false, 1000, null)).size();
    }

    @Test
    void theLegacyImportTaskCreatesAnActiveImage() throws Exception {
        HttpResponse<String> r = http.post("/v2/tasks", legacyBody(web.url("/legacy.raw")), ADMIN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode created = json(r);
        String id = created.get("id").asText();
        assertThat(r.headers().firstValue("Location")).contains(http.server.uri() + "/v2/tasks/" + id);
        assertThat(created.get("type").asText()).isEqualTo("import");
        assertThat(created.get("status").asText()).isIn("pending", "processing", "success");
        assertThat(created.get("input")).isEqualTo(ImagesHttp.JSON.readTree(legacyBody(web.url("/legacy.raw")))
                .get("input"));
        assertThat(created.get("owner").asText()).isEqualTo("admin-project");
        assertThat(created.get("self").asText()).isEqualTo("/v2/tasks/" + id);
        assertThat(created.get("schema").asText()).isEqualTo("/v2/schemas/task");
        assertThat(created.get("created_at").asText()).matches(TIME);
        assertThat(created.get("message").isTextual()).isTrue();

        Task done = ImportFixtures.awaitTask(http.server.catalog(), id);
        assertThat(done.status()).as(done.message()).isEqualTo(TaskStatus.SUCCESS);
        JsonNode shown = json(http.get("/v2/tasks/" + id, ADMIN));
        assertThat(shown.get("status").asText()).isEqualTo("success");
        assertThat(shown.get("expires_at").asText()).matches(TIME);
        assertThat(shown.get("updated_at").asText()).matches(TIME);
        // every field rendered is one the task schema declares, so glanceclient's warlock model accepts it
        JsonNode schema = json(http.get("/v2/schemas/task", ADMIN)).get("properties");
        shown.fieldNames().forEachRemaining(field -> assertThat(schema.has(field)).as(field).isTrue());
        JsonNode listSchema = json(http.get("/v2/schemas/tasks", ADMIN)).get("properties").get("tasks").get("items")
                .get("properties");
        json(http.get("/v2/tasks", ADMIN)).get("tasks").get(0).fieldNames()
                .forEachRemaining(field -> assertThat(listSchema.has(field)).as(field).isTrue());
        String imageId = shown.get("result").get("image_id").asText();
        Image image = http.server.catalog().images(RequestContext.admin("admin-project", "admin")).get(imageId);
        assertThat(image.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(image.checksum()).isEqualTo(ImportFixtures.md5(served));
        assertThat(image.name()).isEqualTo("legacy");
    }

    @Test
    void createBodiesGlanceRefusesAre400AndCreateNothing() {
        int tasks = taskCount();
        int requests = web.requests();
        Map<String, String> refused = new HashMap<>();
        refused.put("[]", "Body expected");
        refused.put("{\"input\": {}}", "Task 'type' is required");
        refused.put("{\"type\": \"import\"}", "Task 'input' is required");
        refused.put("{\"type\": \"export\", \"input\": {}}", "Invalid value for 'type'");
        refused.put("{\"type\": 1, \"input\": {}}", "Invalid value for 'type'");
        refused.put("{\"type\": \"api_image_import\", \"input\": {}}", "only 'import'");
        refused.put("{\"type\": \"import\", \"input\": \"x\"}", "Invalid value for 'input'");
        refused.forEach((body, message) -> assertThat(assertError(http.post("/v2/tasks", body, ADMIN), 400)
                .get("message").asText()).as(body).contains(message));
        assertError(http.post("/v2/tasks", legacyBody("http://169.254.169.254/latest"), ADMIN), 400);
        assertError(http.post("/v2/tasks", legacyBody("file:///etc/passwd"), ADMIN), 400);
        assertError(http.send("POST", "/v2/tasks", "text/plain", legacyBody(web.url("/legacy.raw")), ADMIN), 415);
        assertError(http.post("/v2/tasks", legacyBody(web.url("/legacy.raw")), ALICE), 403);
        assertThat(taskCount()).isEqualTo(tasks);
        assertThat(web.requests()).isEqualTo(requests);
    }

    @Test
    void theListPagesWithGlancesLinksAndShowsNoInputResultOrMessage() {
        Set<String> mine = new HashSet<>(List.of(finishedTask(), finishedTask(), finishedTask()));
        List<String> seen = new ArrayList<>();
        String next = "/v2/tasks?limit=2";
        JsonNode first = json(http.get(next, ADMIN));
        assertThat(first.get("first").asText()).isEqualTo("/v2/tasks?limit=2");
        assertThat(first.get("schema").asText()).isEqualTo("/v2/schemas/tasks");
        while (next != null) {
            HttpResponse<String> r = http.get(next, ADMIN);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode page = json(r);
            assertThat(page.get("tasks").size()).isLessThanOrEqualTo(2);
            for (JsonNode task : page.get("tasks")) {
                assertThat(task.has("input") || task.has("result") || task.has("message")).as(task.toString())
                        .isFalse();
                assertThat(task.get("self").asText()).isEqualTo("/v2/tasks/" + task.get("id").asText());
                assertThat(task.get("schema").asText()).isEqualTo("/v2/schemas/task");
                seen.add(task.get("id").asText());
            }
            if (page.has("next")) {
                String marker = seen.get(seen.size() - 1);
                assertThat(page.get("next").asText()).isEqualTo("/v2/tasks?limit=2&marker=" + marker);
                next = page.get("next").asText();
            } else {
                next = null;
            }
        }
        assertThat(seen).doesNotHaveDuplicates().containsAll(mine);

        List<String> ascending = new ArrayList<>();
        json(http.get("/v2/tasks?sort_dir=asc&limit=1000", ADMIN)).get("tasks")
                .forEach(t -> ascending.add(t.get("id").asText()));
        List<String> descending = new ArrayList<>();
        json(http.get("/v2/tasks?limit=1000", ADMIN)).get("tasks").forEach(t -> descending.add(t.get("id").asText()));
        assertThat(ascending).containsExactlyInAnyOrderElementsOf(descending);
        assertThat(ascending.indexOf(seen.get(0))).isGreaterThan(ascending.indexOf(seen.get(seen.size() - 1)));

        json(http.get("/v2/tasks?status=success&type=import", ADMIN)).get("tasks")
                .forEach(t -> assertThat(t.get("status").asText()).isEqualTo("success"));
        assertThat(json(http.get("/v2/tasks?status=failure", ADMIN)).get("tasks").findValuesAsText("id"))
                .doesNotContainAnyElementsOf(mine);
    }

    @Test
    void refusalsOfTheListShowAndDelete() {
        for (String query : List.of("status=done", "type=api_image_import", "sort_dir=up", "marker=not-a-uuid",
                "limit=x", "limit=-1")) {
            assertError(http.get("/v2/tasks?" + query, ADMIN), 400);
        }
        assertError(http.get("/v2/tasks", ALICE), 403);
        assertError(http.get("/v2/tasks/" + UUID.randomUUID(), ADMIN), 404);
        String id = finishedTask();
        assertError(http.get("/v2/tasks/" + id, ALICE), 403);
        HttpResponse<String> deleted = http.delete("/v2/tasks/" + id, ADMIN);
        assertError(deleted, 405);
        assertThat(deleted.headers().firstValue("Allow")).contains("GET");
        assertThat(http.get("/v2/tasks/" + id, ADMIN).statusCode()).isEqualTo(200);
    }
}
