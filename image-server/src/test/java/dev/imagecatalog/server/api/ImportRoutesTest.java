package dev.imagecatalog.server.api;

import static dev.imagecatalog.server.api.ImagesHttp.ADMIN;
import static dev.imagecatalog.server.api.ImagesHttp.ALICE;
import static dev.imagecatalog.server.api.ImagesHttp.BOB;
import static dev.imagecatalog.server.api.ImagesHttp.assertError;
import static dev.imagecatalog.server.api.ImagesHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.server.ImportFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code PUT /v2/images/{id}/stage}, {@code POST /v2/images/{id}/import} and {@code GET /v2/images/{id}/tasks} over
 * two memory stores ({@code mem}, the default, and {@code other}) and a loopback web server the catalog may
 * download from. Every refusal is checked to leave the image as it was and start no task.
 */
class ImportRoutesTest {
    static final String FORMATS = "\"disk_format\": \"raw\", \"container_format\": \"bare\"";
    static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ";

    @TempDir
    static Path staging;
    static ImportFixtures.Web web;
    static ImagesHttp http;
    static byte[] served;

    @BeforeAll
    static void start() {
        web = new ImportFixtures.Web();
        served = web.serve("/disk.raw", 3000, 7);
        Map<String, String> settings = new HashMap<>(web.allowingSettings());
        settings.put("import.staging-dir", staging.toString());
        http = new ImagesHttp(Map.of("stores", "mem, other", "stores.default", "mem", "store.mem.type", "memory",
                "store.other.type", "memory"), settings);
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

    static String created(String[] caller) {
        return http.create("{\"name\": \"imported\", " + FORMATS + "}", caller).get("id").asText();
    }

    static HttpResponse<String> stage(String id, String contentType, byte[] data, String... headers) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(http.server.uri() + "/v2/images/" + id + "/stage"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(data));
        if (contentType != null) {
            r.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            r.header(headers[i], headers[i + 1]);
        }
        try {
            return HttpClient.newHttpClient().send(r.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> importing(String id, String body, String... headers) {
        return http.post("/v2/images/" + id + "/import", body, headers);
    }

    static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        b[0] = 0;
        return b;
    }

    static Image image(String id) {
        return http.server.catalog().images(RequestContext.admin("admin-project", "admin")).get(id);
    }

    /** The image is as created: queued, no data, and no task was started for it. */
    static void assertUntouched(String id) {
        Image image = image(id);
        assertThat(image.status()).isEqualTo(ImageStatus.QUEUED);
        assertThat(image.size()).isNull();
        assertThat(http.server.catalog().images(RequestContext.admin("admin-project", "admin")).tasks(id)).isEmpty();
    }

    @Test
    void stageThenGlanceDirectMakesTheImageActiveAndItsTaskIsInItsHistory() {
        String id = created(ALICE);
        byte[] data = bytes(2048, 1);
        HttpResponse<String> staged = stage(id, "application/octet-stream", data, ALICE);
        assertThat(staged.statusCode()).as(staged.body()).isEqualTo(204);
        assertThat(image(id).status()).isEqualTo(ImageStatus.UPLOADING);
        assertThat(image(id).size()).isEqualTo(2048L);

        HttpResponse<String> r = importing(id, "{\"method\": {\"name\": \"glance-direct\"}}", ALICE);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(r.body()).isEmpty();
        Image done = ImportFixtures.awaitSettled(http.server.catalog(), id);
        assertThat(done.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(done.checksum()).isEqualTo(ImportFixtures.md5(data));

        HttpResponse<String> tasks = http.get("/v2/images/" + id + "/tasks", ALICE);
        assertThat(tasks.statusCode()).as(tasks.body()).isEqualTo(200);
        JsonNode list = json(tasks).get("tasks");
        assertThat(list).hasSize(1);
        JsonNode task = list.get(0);
        assertThat(task.get("type").asText()).isEqualTo("api_image_import");
        assertThat(task.get("status").asText()).isEqualTo("success");
        assertThat(task.get("image_id").asText()).isEqualTo(id);
        assertThat(task.get("owner").asText()).isEqualTo("alice");
        assertThat(task.get("user_id").asText()).isEqualTo("alice-user");
        assertThat(task.get("result").get("image_id").asText()).isEqualTo(id);
        assertThat(task.get("created_at").asText()).matches(TIME);
        assertThat(task.get("updated_at").asText()).matches(TIME);
        assertThat(task.get("expires_at").asText()).matches(TIME);
        assertThat(task.get("deleted").asBoolean()).isFalse();
        assertThat(task.get("message").isTextual()).isTrue();
        assertThat(task.get("input").isObject()).isTrue();
        assertThat(task.has("self")).isFalse();

        assertError(http.get("/v2/images/" + id + "/tasks", BOB), 404);
        assertError(http.get("/v2/images/" + UUID.randomUUID() + "/tasks", ALICE), 404);
    }

    @Test
    void createNamesTheImportMethodsAndTheStores() {
        HttpResponse<String> r = http.post("/v2/images", "{\"name\": \"h\"}", ALICE);
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().firstValue("OpenStack-image-import-methods"))
                .contains("glance-direct,web-download,copy-image");
        assertThat(r.headers().firstValue("OpenStack-image-store-ids")).contains("mem,other");
    }

    @Test
    void stageRefusalsLeaveTheImageQueued() {
        String id = created(ALICE);
        assertError(stage(id, "application/json", bytes(10, 2), ALICE), 415);
        assertError(stage(id, null, bytes(10, 2), ALICE), 415);
        assertError(stage(id, "application/octet-stream", bytes(10, 2), BOB), 404);
        assertError(stage(UUID.randomUUID().toString(), "application/octet-stream", bytes(10, 2), ALICE), 404);
        assertUntouched(id);

        assertThat(stage(id, "application/octet-stream", bytes(10, 2), ALICE).statusCode()).isEqualTo(204);
        assertError(stage(id, "application/octet-stream", bytes(20, 3), ALICE), 409);
        assertThat(image(id).size()).isEqualTo(10L);
        assertThat(image(id).status()).isEqualTo(ImageStatus.UPLOADING);
    }

    @Test
    void webDownloadToTheStoreTheHeaderNames() {
        String id = created(ALICE);
        int before = web.requests();
        HttpResponse<String> r = importing(id, "{\"method\": {\"name\": \"web-download\", \"uri\": \""
                + web.url("/disk.raw") + "\"}}", concat(ALICE, "X-Image-Meta-Store", "other"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        Image done = ImportFixtures.awaitSettled(http.server.catalog(), id);
        assertThat(done.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(done.checksum()).isEqualTo(ImportFixtures.md5(served));
        assertThat(web.requests()).isGreaterThan(before);
        assertThat(json(http.get("/v2/images/" + id, ALICE)).get("stores").asText()).isEqualTo("other");
    }

    @Test
    void allStoresAndAStoresListChooseTheTargets() {
        String all = created(ALICE);
        HttpResponse<String> r = importing(all, "{\"method\": {\"name\": \"web-download\", \"uri\": \""
                + web.url("/disk.raw") + "\"}, \"all_stores\": true, \"all_stores_must_succeed\": true}", ALICE);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(ImportFixtures.awaitSettled(http.server.catalog(), all).activeLocations())
                .extracting(l -> l.storeId()).containsExactlyInAnyOrder("mem", "other");

        String listed = created(ALICE);
        r = importing(listed, "{\"method\": {\"name\": \"web-download\", \"uri\": \"" + web.url("/disk.raw")
                + "\"}, \"stores\": [\"other\"]}", ALICE);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(ImportFixtures.awaitSettled(http.server.catalog(), listed).activeLocations())
                .extracting(l -> l.storeId()).containsExactly("other");
    }

    @Test
    void aUrlTheFilterRefusesIs400BeforeAnyRequestLeaves() {
        String id = created(ALICE);
        int before = web.requests();
        for (String uri : List.of("http://169.254.169.254/latest/meta-data/", "http://127.0.0.1:1/disk.raw",
                "ftp://127.0.0.1:" + web.port() + "/disk.raw", "http://2130706433:" + web.port() + "/disk.raw")) {
            JsonNode error = assertError(importing(id, "{\"method\": {\"name\": \"web-download\", \"uri\": \"" + uri
                    + "\"}}", ALICE), 400);
            assertThat(error.get("message").asText()).as(uri).isNotBlank();
        }
        assertThat(web.requests()).isEqualTo(before);
        assertUntouched(id);
    }

    @Test
    void bodiesGlanceRefusesAre400AndStartNothing() {
        String id = created(ALICE);
        Map<String, String> refused = new HashMap<>();
        refused.put("[]", "JSON object");
        refused.put("{}", "Import request requires a 'method' field.");
        refused.put("{\"method\": \"glance-direct\"}", "'method' must be an object");
        refused.put("{\"method\": {}}", "Import request requires a 'name' field.");
        refused.put("{\"method\": {\"name\": \"glance-download\"}}", "Unknown import method name 'glance-download'.");
        refused.put("{\"method\": {\"name\": \"nothing\"}}", "Unknown import method name 'nothing'.");
        refused.put("{\"method\": {\"name\": 7}}", "Unknown import method name '7'.");
        refused.put("{\"method\": {\"name\": \"web-download\", \"uri\": 5}}", "'uri' must be a string");
        refused.put("{\"method\": {\"name\": \"web-download\", \"uri\": \"http://x/\"}, \"all_stores\": \"true\"}",
                "'all_stores' must be boolean value only");
        refused.put("{\"method\": {\"name\": \"web-download\", \"uri\": \"http://x/\"}, "
                + "\"all_stores_must_succeed\": 0}", "'all_stores_must_succeed' must be boolean value only");
        refused.put("{\"method\": {\"name\": \"web-download\", \"uri\": \"http://x/\"}, \"all_stores\": true, "
                + "\"stores\": [\"mem\"]}", "All_stores parameter can't be used");
        refused.put("{\"method\": {\"name\": \"web-download\", \"uri\": \"http://x/\"}, \"stores\": \"mem\"}",
                "'stores' must be a list");
        refused.put("{\"method\": {\"name\": \"web-download\", \"uri\": \"http://x/\"}, \"stores\": [1]}",
                "'stores' must be a list");
        refused.put("{\"method\": {\"name\": \"web-download\"", "Malformed JSON");
        refused.forEach((body, message) -> assertThat(assertError(importing(id, body, ALICE), 400)
                .get("message").asText()).as(body).contains(message));

        String withStores = "{\"method\": {\"name\": \"web-download\", \"uri\": \"http://x/\"}, \"stores\": [\"mem\"]}";
        assertThat(assertError(importing(id, withStores, concat(ALICE, "X-Image-Meta-Store", "mem")), 400)
                .get("message").asText()).contains("Stores parameter and x-image-meta-store header");
        String all = "{\"method\": {\"name\": \"web-download\", \"uri\": \"http://x/\"}, \"all_stores\": true}";
        assertThat(assertError(importing(id, all, concat(ALICE, "X-Image-Meta-Store", "mem")), 400)
                .get("message").asText()).contains("All_stores parameter can't be used");
        assertError(http.send("POST", "/v2/images/" + id + "/import", "text/plain",
                "{\"method\": {\"name\": \"glance-direct\"}}", ALICE), 415);
        assertUntouched(id);
    }

    @Test
    void whatTheCatalogRefusesKeepsItsStatus() {
        String queued = created(ALICE);
        String glanceDirect = "{\"method\": {\"name\": \"glance-direct\"}}";
        String download = "{\"method\": {\"name\": \"web-download\", \"uri\": \"" + web.url("/disk.raw") + "\"}}";
        assertError(importing(queued, glanceDirect, ALICE), 409);
        assertError(importing(queued, "{\"method\": {\"name\": \"copy-image\"}, \"stores\": [\"other\"]}", ADMIN),
                409);
        assertError(importing(queued, download.replace("}}", "}, \"stores\": [\"nowhere\"]}"), ALICE), 409);
        assertError(importing(queued, download, BOB), 404);
        assertError(importing(UUID.randomUUID().toString(), download, ALICE), 404);
        assertUntouched(queued);

        String noFormats = http.create("{\"name\": \"bare\"}", ALICE).get("id").asText();
        assertError(importing(noFormats, download, ALICE), 409);
        assertUntouched(noFormats);

        String staged = created(ALICE);
        assertThat(stage(staged, "application/octet-stream", bytes(64, 4), ALICE).statusCode()).isEqualTo(204);
        assertError(importing(staged, download, ALICE), 409);
        assertThat(image(staged).status()).isEqualTo(ImageStatus.UPLOADING);
    }

    static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
