package dev.imagecatalog.server.api;

import static dev.imagecatalog.server.api.ImagesHttp.ADMIN;
import static dev.imagecatalog.server.api.ImagesHttp.ALICE;
import static dev.imagecatalog.server.api.ImagesHttp.BOB;
import static dev.imagecatalog.server.api.ImagesHttp.assertError;
import static dev.imagecatalog.server.api.ImagesHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ImagesCreateShowDeleteTest {
    static final Set<String> BASE_KEYS = Set.of("name", "disk_format", "container_format", "visibility", "size",
            "virtual_size", "status", "checksum", "protected", "min_ram", "min_disk", "owner", "os_hidden",
            "os_hash_algo", "os_hash_value", "id", "created_at", "updated_at", "tags", "self", "file", "schema");
    static final String TIME = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z";

    static ImagesHttp api;

    @BeforeAll
    static void start() {
        api = new ImagesHttp();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static int imageCount() {
        return json(api.get("/v2/images?visibility=all&limit=1000", ADMIN)).get("images").size();
    }

    @Test
    void createAnswers201WithLocationAndEveryBaseAttribute() {
        HttpResponse<String> r = api.post("/v2/images", "{\"name\": \"cirros\", \"disk_format\": \"qcow2\","
                + " \"container_format\": \"bare\", \"os_distro\": \"cirros\", \"tags\": [\"b\", \"a\", \"b\"],"
                + " \"min_ram\": 64}", ALICE);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode image = json(r);
        String id = image.get("id").asText();
        assertThat(UUID.fromString(id).toString()).isEqualTo(id);
        assertThat(r.headers().firstValue("Location")).contains(api.server.uri() + "/v2/images/" + id);
        assertThat(r.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
        Set<String> keys = new TreeSet<>();
        image.fieldNames().forEachRemaining(keys::add);
        Set<String> expected = new TreeSet<>(BASE_KEYS);
        expected.add("os_distro");
        assertThat(keys).isEqualTo(expected);
        assertThat(image.get("name").asText()).isEqualTo("cirros");
        assertThat(image.get("status").asText()).isEqualTo("queued");
        assertThat(image.get("visibility").asText()).isEqualTo("shared");
        assertThat(image.get("owner").asText()).isEqualTo("alice");
        assertThat(image.get("protected").asBoolean()).isFalse();
        assertThat(image.get("os_hidden").isBoolean()).isTrue();
        assertThat(image.get("min_ram").asInt()).isEqualTo(64);
        assertThat(image.get("min_disk").asInt()).isZero();
        for (String unset : List.of("size", "virtual_size", "checksum", "os_hash_algo", "os_hash_value")) {
            assertThat(image.get(unset).isNull()).as(unset).isTrue();
        }
        assertThat(image.get("tags")).hasSize(2);
        assertThat(image.get("os_distro").asText()).isEqualTo("cirros");
        assertThat(image.get("created_at").asText()).matches(TIME);
        assertThat(image.get("updated_at").asText()).matches(TIME);
        assertThat(image.get("self").asText()).isEqualTo("/v2/images/" + id);
        assertThat(image.get("file").asText()).isEqualTo("/v2/images/" + id + "/file");
        assertThat(image.get("schema").asText()).isEqualTo("/v2/schemas/image");

        HttpResponse<String> shown = api.get("/v2/images/" + id, ALICE);
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(json(shown)).isEqualTo(image);
    }

    @Test
    void emptyObjectCreatesAnUnnamedImageWithNullFormats() {
        JsonNode image = api.create("{}", ALICE);
        assertThat(image.get("name").isNull()).isTrue();
        assertThat(image.get("disk_format").isNull()).isTrue();
        assertThat(image.get("container_format").isNull()).isTrue();
        assertThat(image.get("tags")).isEmpty();
    }

    @Test
    void callerChosenIdIsKeptLowerCaseAndADuplicateIsAConflict() {
        String id = UUID.randomUUID().toString();
        JsonNode image = api.create("{\"id\": \"" + id.toUpperCase(Locale.ROOT) + "\"}", ALICE);
        assertThat(image.get("id").asText()).isEqualTo(id);
        assertError(api.post("/v2/images", "{\"id\": \"" + id + "\"}", ALICE), 409);
    }

    @Test
    void badBodiesAre4xxAndLeaveNothingBehind() {
        int before = imageCount();
        // wrong or missing media type
        assertError(api.send("POST", "/v2/images", "text/plain", "{}", ALICE), 415);
        assertError(api.send("POST", "/v2/images", null, "{}", ALICE), 415);
        // malformed JSON, empty body, not an object
        for (String body : List.of("{\"name\": ", "", "[]", "\"x\"", "null")) {
            assertError(api.post("/v2/images", body, ALICE), 400);
        }
        // a value of the wrong type, or outside Glance's enums
        for (String body : List.of("{\"name\": 5}", "{\"protected\": \"yes\"}", "{\"os_hidden\": null}",
                "{\"min_ram\": \"1\"}", "{\"min_disk\": 1.5}", "{\"min_ram\": 99999999999}", "{\"min_ram\": -1}",
                "{\"tags\": \"a\"}", "{\"tags\": [1]}", "{\"visibility\": \"everyone\"}", "{\"visibility\": null}",
                "{\"os_distro\": 5}", "{\"os_distro\": null}", "{\"os_distro\": {\"a\": 1}}", "{\"size\": \"big\"}",
                "{\"status\": \"bogus\"}", "{\"status\": 1}", "{\"checksum\": \"" + "a".repeat(33) + "\"}",
                "{\"disk_format\": \"floppy\"}", "{\"container_format\": 1}", "{\"id\": \"not-a-uuid\"}",
                "{\"id\": 7}", "{\"locations\": \"x\"}", "{\"name\": \"" + "n".repeat(256) + "\"}")) {
            assertError(api.post("/v2/images", body, ALICE), 400);
        }
        // read-only, reserved, and what only an administrator may do
        for (String body : List.of("{\"status\": \"active\"}", "{\"size\": 10}", "{\"virtual_size\": null}",
                "{\"checksum\": \"abc\"}", "{\"os_hash_value\": \"abc\"}", "{\"created_at\": \"2020-01-01T00:00:00Z\"}",
                "{\"updated_at\": \"x\"}", "{\"self\": \"/v2/images/x\"}", "{\"self\": 5}", "{\"file\": \"x\"}",
                "{\"schema\": \"x\"}", "{\"stores\": \"mem\"}", "{\"direct_url\": \"x\"}", "{\"locations\": []}",
                "{\"os_glance_import_task\": \"x\"}", "{\"deleted\": \"x\"}", "{\"owner\": \"bob\"}",
                "{\"visibility\": \"public\"}")) {
            assertError(api.post("/v2/images", body, ALICE), 403);
        }
        // a read-only attribute is refused before a badly typed custom property is looked at, as in Glance
        assertError(api.post("/v2/images", "{\"self\": \"x\", \"os_distro\": 5}", ALICE), 403);
        // a reader may not create
        assertError(api.post("/v2/images", "{}", "X-Project-Id", "alice", "X-Roles", "reader"), 403);
        // larger than the server's JSON limit
        assertError(api.post("/v2/images", "{\"description\": \"" + "d".repeat(200_000) + "\"}", ALICE), 413);
        assertThat(imageCount()).isEqualTo(before);
    }

    @Test
    void anAdministratorCreatesForAnotherProjectAndPublicImages() {
        JsonNode image = api.create("{\"owner\": \"bob\", \"visibility\": \"public\"}", ADMIN);
        assertThat(image.get("owner").asText()).isEqualTo("bob");
        assertThat(image.get("visibility").asText()).isEqualTo("public");
        assertThat(api.get("/v2/images/" + image.get("id").asText(), ALICE).statusCode()).isEqualTo(200);
    }

    @Test
    void anUnauthenticatedNoauthCallerIsAnAdministratorOfNoProject() {
        JsonNode image = api.create("{\"name\": \"anonymous\"}");
        assertThat(image.get("owner").isNull()).isTrue();
        String id = image.get("id").asText();
        assertThat(api.get("/v2/images/" + id).statusCode()).isEqualTo(200);
        assertThat(api.get("/v2/images/" + id, BOB).statusCode()).isEqualTo(200);
        assertThat(api.delete("/v2/images/" + id).statusCode()).isEqualTo(204);
    }

    @Test
    void showIs404ForWhatTheCallerMayNotSeeWithTheSameMessageAsForNothing() {
        String id = api.create("{\"visibility\": \"private\"}", ALICE).get("id").asText();
        String shared = api.create("{}", ALICE).get("id").asText();
        String nothing = UUID.randomUUID().toString();
        String hidden = assertError(api.get("/v2/images/" + id, BOB), 404).get("message").asText();
        String absent = assertError(api.get("/v2/images/" + nothing, BOB), 404).get("message").asText();
        assertThat(hidden.replace(id, "ID")).isEqualTo(absent.replace(nothing, "ID"));
        assertError(api.get("/v2/images/" + shared, BOB), 404);
        assertThat(api.get("/v2/images/" + id, ADMIN).statusCode()).isEqualTo(200);
        assertThat(json(api.get("/v2/images/" + id.toUpperCase(Locale.ROOT), ALICE)).get("id").asText())
                .isEqualTo(id);
    }

    @Test
    void idsThatAreNotUuidsAre404OnEveryImageRoute() {
        for (String bad : List.of("not-a-uuid", "123", "%20", "x".repeat(300))) {
            assertError(api.get("/v2/images/" + bad, ALICE), 404);
            assertError(api.delete("/v2/images/" + bad, ALICE), 404);
            assertError(api.patch(bad, ImagesHttp.V21, "[]", ALICE), 404);
            assertError(api.send("PUT", "/v2/images/" + bad + "/tags/t", null, null, ALICE), 404);
            assertError(api.post("/v2/images/" + bad + "/actions/deactivate", null, ALICE), 404);
        }
    }

    @Test
    void deleteAnswers204AndTheImageIsGone() {
        String id = api.create("{\"name\": \"doomed\"}", ALICE).get("id").asText();
        HttpResponse<String> r = api.delete("/v2/images/" + id, ALICE);
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
        assertError(api.get("/v2/images/" + id, ALICE), 404);
        assertError(api.delete("/v2/images/" + id, ALICE), 404);
    }

    @Test
    void deleteOfAProtectedImageIs403AndKeepsIt() {
        String id = api.create("{\"protected\": true}", ALICE).get("id").asText();
        assertError(api.delete("/v2/images/" + id, ALICE), 403);
        assertError(api.delete("/v2/images/" + id, ADMIN), 403);
        assertThat(json(api.get("/v2/images/" + id, ALICE)).get("status").asText()).isEqualTo("queued");
        api.patch(id, ImagesHttp.V21, "[{\"op\": \"replace\", \"path\": \"/protected\", \"value\": false}]", ALICE);
        assertThat(api.delete("/v2/images/" + id, ALICE).statusCode()).isEqualTo(204);
    }

    @Test
    void deleteByAnotherProjectIs404WhenHiddenAnd403WhenVisible() {
        String hidden = api.create("{\"visibility\": \"private\"}", ALICE).get("id").asText();
        String community = api.create("{\"visibility\": \"community\"}", ALICE).get("id").asText();
        assertError(api.delete("/v2/images/" + hidden, BOB), 404);
        assertError(api.delete("/v2/images/" + community, BOB), 403);
        List<Integer> still = new ArrayList<>();
        for (String id : List.of(hidden, community)) {
            still.add(api.get("/v2/images/" + id, ALICE).statusCode());
        }
        assertThat(still).containsOnly(200);
    }
}
