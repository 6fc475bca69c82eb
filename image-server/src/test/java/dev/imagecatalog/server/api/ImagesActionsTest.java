package dev.imagecatalog.server.api;

import static dev.imagecatalog.server.api.ImagesHttp.ADMIN;
import static dev.imagecatalog.server.api.ImagesHttp.ALICE;
import static dev.imagecatalog.server.api.ImagesHttp.BOB;
import static dev.imagecatalog.server.api.ImagesHttp.assertError;
import static dev.imagecatalog.server.api.ImagesHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagecatalog.policy.RequestContext;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ImagesActionsTest {
    static ImagesHttp api;

    @BeforeAll
    static void start() {
        api = new ImagesHttp();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    /** An active image of alice's with the given visibility (data uploaded through the catalog). */
    static String activeImage(String visibility) {
        String id = api.create("{\"disk_format\": \"raw\", \"container_format\": \"bare\", \"visibility\": \""
                + visibility + "\"}", "community".equals(visibility) || "private".equals(visibility)
                || "shared".equals(visibility) ? ALICE : ADMIN).get("id").asText();
        RequestContext owner = "public".equals(visibility) ? RequestContext.admin("admin-project", null)
                : RequestContext.member("alice", null);
        api.server.catalog().images(owner).upload(id, new ByteArrayInputStream(new byte[4096]));
        return id;
    }

    static HttpResponse<String> action(String id, String action, String... who) {
        return api.post("/v2/images/" + id + "/actions/" + action, null, who);
    }

    static JsonNode show(String id, String... who) {
        return json(api.get("/v2/images/" + id, who));
    }

    @Test
    void theOwnerDeactivatesAndReactivatesIdempotently() {
        String id = activeImage("shared");
        HttpResponse<String> r = action(id, "deactivate", ALICE);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
        assertThat(show(id, ALICE).get("status").asText()).isEqualTo("deactivated");
        assertThat(action(id, "deactivate", ALICE).statusCode()).isEqualTo(204);
        assertThat(action(id, "reactivate", ALICE).statusCode()).isEqualTo(204);
        assertThat(show(id, ALICE).get("status").asText()).isEqualTo("active");
        assertThat(action(id, "reactivate", ALICE).statusCode()).isEqualTo(204);
    }

    @Test
    void aDeactivatedImageHidesWhereItsDataIsFromNonAdmins() {
        String id = activeImage("shared");
        assertThat(show(id, ALICE).get("stores").asText()).isEqualTo("mem");
        assertThat(action(id, "deactivate", ADMIN).statusCode()).isEqualTo(204);
        JsonNode asOwner = show(id, ALICE);
        assertThat(asOwner.get("status").asText()).isEqualTo("deactivated");
        assertThat(asOwner.has("stores")).isFalse();
        assertThat(asOwner.get("size").asLong()).isEqualTo(4096);
        assertThat(show(id, ADMIN).get("stores").asText()).isEqualTo("mem");
        assertThat(action(id, "reactivate", ADMIN).statusCode()).isEqualTo(204);
        assertThat(show(id, ALICE).get("stores").asText()).isEqualTo("mem");
    }

    @Test
    void anotherProjectGets404ForAHiddenImageAnd403ForAVisibleOne() {
        String hidden = activeImage("private");
        String community = activeImage("community");
        String pub = activeImage("public");
        assertError(action(hidden, "deactivate", BOB), 404);
        assertError(action(community, "deactivate", BOB), 403);
        assertError(action(pub, "deactivate", ALICE), 403);
        assertThat(show(community, BOB).get("status").asText()).isEqualTo("active");
        assertThat(action(pub, "deactivate", ADMIN).statusCode()).isEqualTo(204);
        assertError(action(pub, "reactivate", ALICE), 403);
        assertThat(show(pub, ALICE).get("status").asText()).isEqualTo("deactivated");
    }

    @Test
    void anImageWithoutDataCannotBeDeactivatedOrReactivated() {
        String id = api.create("{}", ALICE).get("id").asText();
        assertError(action(id, "deactivate", ALICE), 403);
        assertError(action(id, "reactivate", ALICE), 403);
        assertError(action(id, "deactivate", ADMIN), 403);
        assertThat(show(id, ALICE).get("status").asText()).isEqualTo("queued");
    }

    @Test
    void unknownActionsAre404AndOtherMethods405() {
        String id = api.create("{}", ALICE).get("id").asText();
        assertError(action(id, "explode", ALICE), 404);
        HttpResponse<String> r = api.get("/v2/images/" + id + "/actions/deactivate", ALICE);
        assertError(r, 405);
        assertThat(r.headers().firstValue("Allow")).contains("POST");
    }
}
