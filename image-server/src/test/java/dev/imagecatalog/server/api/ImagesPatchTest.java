package dev.imagecatalog.server.api;

import static dev.imagecatalog.server.api.ImagesHttp.ADMIN;
import static dev.imagecatalog.server.api.ImagesHttp.ALICE;
import static dev.imagecatalog.server.api.ImagesHttp.BOB;
import static dev.imagecatalog.server.api.ImagesHttp.V20;
import static dev.imagecatalog.server.api.ImagesHttp.V21;
import static dev.imagecatalog.server.api.ImagesHttp.assertError;
import static dev.imagecatalog.server.api.ImagesHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagecatalog.policy.RequestContext;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ImagesPatchTest {
    static ImagesHttp api;

    @BeforeAll
    static void start() {
        api = new ImagesHttp();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static String newImage() {
        return api.create("{\"name\": \"before\", \"os_distro\": \"debian\", \"tags\": [\"t1\"]}", ALICE)
                .get("id").asText();
    }

    @Test
    void v21PatchAppliesEveryOperationInOrderAndAnswersTheImage() {
        String id = newImage();
        HttpResponse<String> r = api.patch(id, V21, "[{\"op\": \"replace\", \"path\": \"/name\", \"value\": \"after\"},"
                + "{\"op\": \"add\", \"path\": \"/os_version\", \"value\": \"12\"},"
                + "{\"op\": \"add\", \"path\": \"/os_distro\", \"value\": \"ubuntu\"},"
                + "{\"op\": \"remove\", \"path\": \"/os_version\"},"
                + "{\"op\": \"replace\", \"path\": \"/tags\", \"value\": [\"x\", \"y\"]},"
                + "{\"op\": \"add\", \"path\": \"/min_ram\", \"value\": 512},"
                + "{\"op\": \"replace\", \"path\": \"/disk_format\", \"value\": \"raw\"}]", ALICE);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode image = json(r);
        assertThat(image.get("name").asText()).isEqualTo("after");
        assertThat(image.get("os_distro").asText()).isEqualTo("ubuntu");
        assertThat(image.has("os_version")).isFalse();
        assertThat(image.get("tags").toString()).isEqualTo("[\"x\",\"y\"]");
        assertThat(image.get("min_ram").asInt()).isEqualTo(512);
        assertThat(image.get("disk_format").asText()).isEqualTo("raw");
        assertThat(image.get("self").asText()).isEqualTo("/v2/images/" + id);
        assertThat(json(api.get("/v2/images/" + id, ALICE))).isEqualTo(image);
    }

    @Test
    void v20PatchUsesTheDraft4Shape() {
        String id = newImage();
        HttpResponse<String> r = api.patch(id, V20, "[{\"replace\": \"/name\", \"value\": \"after\"},"
                + "{\"add\": \"/os_version\", \"value\": \"12\"}, {\"remove\": \"/os_distro\"}]", ALICE);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode image = json(r);
        assertThat(image.get("name").asText()).isEqualTo("after");
        assertThat(image.get("os_version").asText()).isEqualTo("12");
        assertThat(image.has("os_distro")).isFalse();
    }

    @Test
    void v20AddOfSomethingPresentIsAConflictAndChangesNothing() {
        String id = newImage();
        JsonNode before = json(api.get("/v2/images/" + id, ALICE));
        assertError(api.patch(id, V20, "[{\"add\": \"/os_distro\", \"value\": \"x\"}]", ALICE), 409);
        assertError(api.patch(id, V20, "[{\"add\": \"/name\", \"value\": \"x\"}]", ALICE), 409);
        assertError(api.patch(id, V20, "[{\"replace\": \"/name\", \"value\": \"x\"},"
                + "{\"add\": \"/new\", \"value\": \"1\"}, {\"add\": \"/new\", \"value\": \"2\"}]", ALICE), 409);
        assertThat(json(api.get("/v2/images/" + id, ALICE))).isEqualTo(before);
        // removed earlier in the same patch: no longer present, so it may be added again
        HttpResponse<String> r = api.patch(id, V20, "[{\"remove\": \"/os_distro\"},"
                + "{\"add\": \"/os_distro\", \"value\": \"arch\"}]", ALICE);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("os_distro").asText()).isEqualTo("arch");
        // the v2.1 add overwrites
        r = api.patch(id, V21, "[{\"op\": \"add\", \"path\": \"/os_distro\", \"value\": \"alpine\"}]", ALICE);
        assertThat(json(r).get("os_distro").asText()).isEqualTo("alpine");
    }

    @Test
    void v20OperationsNeedExactlyOneOperationMember() {
        String id = newImage();
        for (String body : List.of("[{\"add\": \"/a\", \"remove\": \"/b\", \"value\": \"1\"}]",
                "[{\"value\": \"1\"}]", "[{\"op\": \"add\", \"path\": \"/a\", \"value\": \"1\"}]", "[5]",
                "{\"add\": \"/a\", \"value\": \"1\"}", "[{\"add\": \"/a\"}]")) {
            assertError(api.patch(id, V20, body, ALICE), 400);
        }
    }

    @Test
    void anotherMediaTypeIs415WithAcceptPatchNamingBoth() {
        String id = newImage();
        for (String type : new String[] {"application/json", "application/json-patch+json", "text/plain", null}) {
            HttpResponse<String> r = api.patch(id, type, "[]", ALICE);
            assertError(r, 415);
            assertThat(r.headers().firstValue("Accept-Patch")).contains(
                    "application/openstack-images-v2.0-json-patch, application/openstack-images-v2.1-json-patch");
        }
        assertThat(json(api.get("/v2/images/" + id, ALICE)).get("name").asText()).isEqualTo("before");
    }

    @Test
    void mediaTypeParametersAreAllowed() {
        String id = newImage();
        HttpResponse<String> r = api.patch(id, V21 + "; charset=UTF-8",
                "[{\"op\": \"replace\", \"path\": \"/name\", \"value\": \"p\"}]", ALICE);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    void badPatchesAre400AndChangeNothing() {
        String id = newImage();
        JsonNode before = json(api.get("/v2/images/" + id, ALICE));
        for (String body : List.of("", "[", "{}", "[5]", "[{\"op\": \"test\", \"path\": \"/name\", \"value\": \"x\"}]",
                "[{\"op\": \"move\", \"path\": \"/name\", \"from\": \"/x\"}]",
                "[{\"op\": \"replace\", \"path\": \"/name\"}]",
                "[{\"op\": \"add\", \"path\": \"name\", \"value\": \"x\"}]",
                "[{\"op\": \"add\", \"path\": \"//name\", \"value\": \"x\"}]",
                "[{\"op\": \"add\", \"path\": \"/a/b\", \"value\": \"x\"}]",
                "[{\"op\": \"add\", \"path\": \"/os_distro\", \"value\": 5}]",
                "[{\"op\": \"replace\", \"path\": \"/min_ram\", \"value\": \"1\"}]",
                "[{\"op\": \"replace\", \"path\": \"/protected\", \"value\": \"yes\"}]",
                "[{\"op\": \"replace\", \"path\": \"/visibility\", \"value\": \"everyone\"}]",
                "[{\"op\": \"replace\", \"path\": \"/name\", \"value\": \"ok\"},"
                        + "{\"op\": \"replace\", \"path\": \"/disk_format\", \"value\": \"floppy\"}]")) {
            assertError(api.patch(id, V21, body, ALICE), 400);
        }
        assertThat(json(api.get("/v2/images/" + id, ALICE))).isEqualTo(before);
    }

    @Test
    void readOnlyReservedAndForbiddenChangesAre403() {
        String id = newImage();
        for (String body : List.of("[{\"op\": \"replace\", \"path\": \"/status\", \"value\": \"active\"}]",
                "[{\"op\": \"add\", \"path\": \"/size\", \"value\": 5}]",
                "[{\"op\": \"replace\", \"path\": \"/id\", \"value\": \"x\"}]",
                "[{\"op\": \"add\", \"path\": \"/os_glance_import_task\", \"value\": \"x\"}]",
                "[{\"op\": \"remove\", \"path\": \"/name\"}]",
                "[{\"op\": \"replace\", \"path\": \"/owner\", \"value\": \"bob\"}]",
                "[{\"op\": \"replace\", \"path\": \"/visibility\", \"value\": \"public\"}]")) {
            assertError(api.patch(id, V21, body, ALICE), 403);
        }
    }

    @Test
    void formatsChangeOnlyWhileQueued() {
        String id = api.create("{\"disk_format\": \"raw\", \"container_format\": \"bare\"}", ALICE)
                .get("id").asText();
        api.server.catalog().images(RequestContext.member("alice", null))
                .upload(id, new ByteArrayInputStream(new byte[512]));
        assertError(api.patch(id, V21,
                "[{\"op\": \"replace\", \"path\": \"/disk_format\", \"value\": \"qcow2\"}]", ALICE), 403);
        JsonNode image = json(api.get("/v2/images/" + id, ALICE));
        assertThat(image.get("disk_format").asText()).isEqualTo("raw");
        assertThat(image.get("status").asText()).isEqualTo("active");
    }

    @Test
    void missingCustomPropertiesAreConflicts() {
        String id = newImage();
        assertError(api.patch(id, V21, "[{\"op\": \"replace\", \"path\": \"/nope\", \"value\": \"x\"}]", ALICE), 409);
        assertError(api.patch(id, V21, "[{\"op\": \"remove\", \"path\": \"/nope\"}]", ALICE), 409);
    }

    @Test
    void anotherProjectGets404ForAHiddenImageAnd403ForAVisibleOne() {
        String hidden = api.create("{\"visibility\": \"private\"}", ALICE).get("id").asText();
        String community = api.create("{\"visibility\": \"community\"}", ALICE).get("id").asText();
        String body = "[{\"op\": \"replace\", \"path\": \"/name\", \"value\": \"mine\"}]";
        assertError(api.patch(hidden, V21, body, BOB), 404);
        assertError(api.patch(community, V21, body, BOB), 403);
        assertThat(api.patch(community, V21, body, ADMIN).statusCode()).isEqualTo(200);
        assertThat(api.patch(hidden, V21, "[{\"op\": \"replace\", \"path\": \"/owner\", \"value\": \"bob\"}]", ADMIN)
                .statusCode()).isEqualTo(200);
        assertThat(api.get("/v2/images/" + hidden, BOB).statusCode()).isEqualTo(200);
    }

    @Test
    void anOversizedPatchIs413() {
        String id = newImage();
        String big = "[{\"op\": \"add\", \"path\": \"/description\", \"value\": \"" + "d".repeat(200_000) + "\"}]";
        assertError(api.patch(id, V21, big, ALICE), 413);
        assertThat(json(api.get("/v2/images/" + id, ALICE)).has("description")).isFalse();
    }
}
