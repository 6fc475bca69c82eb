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
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ImagesTagsTest {
    static ImagesHttp api;

    @BeforeAll
    static void start() {
        api = new ImagesHttp(Map.of("limit.image-tags", "3"));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static HttpResponse<String> put(String id, String tag, String... who) {
        return api.send("PUT", "/v2/images/" + id + "/tags/" + tag, null, null, who);
    }

    static List<String> tags(String id) {
        List<String> out = new ArrayList<>();
        json(api.get("/v2/images/" + id, ALICE)).get("tags").forEach(t -> out.add(t.asText()));
        return out;
    }

    @Test
    void putAddsIdempotentlyAndDeleteRemoves() {
        String id = api.create("{}", ALICE).get("id").asText();
        HttpResponse<String> r = put(id, "fedora", ALICE);
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
        assertThat(put(id, "fedora", ALICE).statusCode()).isEqualTo(204);
        assertThat(tags(id)).containsExactly("fedora");
        assertThat(api.delete("/v2/images/" + id + "/tags/fedora", ALICE).statusCode()).isEqualTo(204);
        assertThat(tags(id)).isEmpty();
        assertError(api.delete("/v2/images/" + id + "/tags/fedora", ALICE), 404);
    }

    @Test
    void tagsArePercentDecodedPathSegments() {
        String id = api.create("{}", ALICE).get("id").asText();
        assertThat(put(id, "with%20space", ALICE).statusCode()).isEqualTo(204);
        assertThat(put(id, "caf%C3%A9", ALICE).statusCode()).isEqualTo(204);
        assertThat(tags(id)).containsExactlyInAnyOrder("with space", "café");
        assertThat(api.get("/v2/images?tag=with%20space", ALICE).body()).contains(id);
        // an encoded '/' makes the path ambiguous: refused before any route runs
        assertThat(put(id, "a%2Fb", ALICE).statusCode()).isEqualTo(400);
        assertThat(tags(id)).hasSize(2);
    }

    @Test
    void badTagsAndTheQuotaAreRefused() {
        String id = api.create("{\"tags\": [\"a\", \"b\"]}", ALICE).get("id").asText();
        assertError(put(id, "t".repeat(256), ALICE), 400);
        assertThat(put(id, "c", ALICE).statusCode()).isEqualTo(204);
        assertError(put(id, "d", ALICE), 413);
        assertThat(tags(id)).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void anotherProjectGets404ForAHiddenImageAnd403ForAVisibleOne() {
        String hidden = api.create("{\"visibility\": \"private\"}", ALICE).get("id").asText();
        String community = api.create("{\"visibility\": \"community\", \"tags\": [\"keep\"]}", ALICE)
                .get("id").asText();
        assertError(put(hidden, "x", BOB), 404);
        assertError(api.delete("/v2/images/" + hidden + "/tags/x", BOB), 404);
        assertError(put(community, "x", BOB), 403);
        assertError(api.delete("/v2/images/" + community + "/tags/keep", BOB), 403);
        assertThat(tags(community)).containsExactly("keep");
        assertThat(put(community, "admin", ADMIN).statusCode()).isEqualTo(204);
        JsonNode image = json(api.get("/v2/images/" + community, BOB));
        assertThat(image.get("tags").toString()).isEqualTo("[\"admin\",\"keep\"]");
    }

    @Test
    void otherMethodsAre405WithAllow() {
        String id = api.create("{}", ALICE).get("id").asText();
        HttpResponse<String> r = api.get("/v2/images/" + id + "/tags/x", ALICE);
        assertError(r, 405);
        assertThat(r.headers().firstValue("Allow")).contains("DELETE, PUT");
    }
}
