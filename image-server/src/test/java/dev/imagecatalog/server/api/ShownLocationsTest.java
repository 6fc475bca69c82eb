package dev.imagecatalog.server.api;

import static dev.imagecatalog.server.api.ImagesHttp.ADMIN;
import static dev.imagecatalog.server.api.ImagesHttp.ALICE;
import static dev.imagecatalog.server.api.ImagesHttp.BOB;
import static dev.imagecatalog.server.api.ImagesHttp.V21;
import static dev.imagecatalog.server.api.ImagesHttp.assertError;
import static dev.imagecatalog.server.api.ImagesHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.spi.ImageWriter;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An image's {@code locations} and {@code direct_url} when the catalog shows them
 * ({@code image.show-multiple-locations = true}), and the {@code /locations} patch paths passed through to the
 * catalog; {@link StoresRoutesTest}'s server, with the setting off, shows neither and refuses those paths.
 */
class ShownLocationsTest {
    static ImagesHttp http;
    static ImagesHttp hidden;

    @BeforeAll
    static void start() {
        http = new ImagesHttp(StoresRoutesTest.STORES, Map.of("image.show-multiple-locations", "true"));
        hidden = new ImagesHttp(StoresRoutesTest.STORES, Map.of());
    }

    @AfterAll
    static void stop() {
        http.close();
        hidden.close();
    }

    static RequestContext admin() {
        return RequestContext.admin("admin-project", "a");
    }

    /** An active image of alice's (visibility as given) in {@code fast}, copied to {@code slow}. */
    static String inTwoStores(ImagesHttp server, String visibility) {
        String id = server.create("{\"name\": \"shown\", \"disk_format\": \"raw\", \"container_format\": \"bare\","
                + " \"visibility\": \"" + visibility + "\"}", ALICE).get("id").asText();
        HttpResponse<String> up = server.send("PUT", "/v2/images/" + id + "/file", "application/octet-stream",
                "two copies", ALICE);
        assertThat(up.statusCode()).isEqualTo(204);
        server.server.catalog().images(admin()).copyToStores(id, List.of("slow"), true);
        return id;
    }

    static String url(ImagesHttp server, String id, String store) {
        Image image = server.server.catalog().images(admin()).get(id);
        return image.activeLocations().stream().filter(l -> l.storeId().equals(store)).findFirst()
                .map(StoreLocation::url).orElseThrow();
    }

    static JsonNode show(ImagesHttp server, String id, String[] caller) {
        HttpResponse<String> r = server.get("/v2/images/" + id, caller);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    @Test
    void anImageShowsItsLocationsInReadOrderAndTheFirstAsDirectUrl() {
        String id = inTwoStores(http, "private");
        JsonNode j = show(http, id, ALICE);
        assertThat(j.get("locations")).hasSize(2);
        // slow (weight 5) is read first
        assertThat(j.get("locations").get(0).get("url").asText()).isEqualTo(url(http, id, "slow"));
        assertThat(j.get("locations").get(0).get("metadata").toString()).isEqualTo("{\"store\":\"slow\"}");
        assertThat(j.get("locations").get(1).get("url").asText()).isEqualTo(url(http, id, "fast"));
        assertThat(j.get("direct_url").asText()).isEqualTo(url(http, id, "slow"));
        assertThat(j.get("stores").asText()).isEqualTo("slow,fast");

        JsonNode listed = json(http.get("/v2/images?id=" + id, ALICE)).get("images").get(0);
        assertThat(listed.get("locations")).isEqualTo(j.get("locations"));
        assertThat(listed.get("direct_url")).isEqualTo(j.get("direct_url"));
    }

    @Test
    void aQueuedImageShowsAnEmptyListAndNoDirectUrl() {
        JsonNode created = http.create("{\"name\": \"empty\"}", ALICE);
        assertThat(created.get("locations").isArray()).isTrue();
        assertThat(created.get("locations")).isEmpty();
        assertThat(created.has("direct_url")).isFalse();
    }

    @Test
    void aCallerThatMayNotReadTheLocationsSeesNone() {
        String id = inTwoStores(http, "community");
        // get_image_location: an administrator or a reader of the owning project
        JsonNode other = show(http, id, BOB);
        assertThat(other.get("locations")).isEmpty();
        assertThat(other.has("direct_url")).isFalse();
        assertThat(other.has("stores")).isFalse();
        assertThat(show(http, id, ADMIN).get("locations")).hasSize(2);
    }

    @Test
    void aDeactivatedImageShowsItsLocationsOnlyToAdministrators() {
        String id = inTwoStores(http, "private");
        assertThat(http.send("POST", "/v2/images/" + id + "/actions/deactivate", null, null, ADMIN).statusCode())
                .isEqualTo(204);
        assertThat(show(http, id, ALICE).get("locations")).isEmpty();
        assertThat(show(http, id, ALICE).has("direct_url")).isFalse();
        assertThat(show(http, id, ADMIN).get("locations")).hasSize(2);
    }

    @Test
    void theLocationPatchPathsReachTheCatalog() throws IOException {
        String id = inTwoStores(http, "private");
        byte[] same = "two copies".getBytes(StandardCharsets.UTF_8);
        StoreLocation third;
        try (ImageWriter w = http.server.catalog().backends().stores().get("fast").openWriter(id, same.length)) {
            w.write(ByteBuffer.wrap(same));
            third = w.commit();
        }
        // glanceclient's location-add: add /locations/- with url and metadata
        HttpResponse<String> added = http.patch(id, V21, "[{\"op\": \"add\", \"path\": \"/locations/-\", \"value\":"
                + " {\"url\": \"" + third.url() + "\", \"metadata\": {}}}]", ADMIN);
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
        assertThat(json(added).get("locations")).hasSize(3);

        // glanceclient's location-delete: remove /locations/N (N in the shown order)
        HttpResponse<String> removed = http.patch(id, V21, "[{\"op\": \"remove\", \"path\": \"/locations/0\"}]",
                ADMIN);
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
        JsonNode after = json(removed).get("locations");
        assertThat(after).hasSize(2);
        assertThat(after.toString()).doesNotContain("\"slow\"");
        assertThat(http.get("/v2/images/" + id + "/file", ALICE).body()).isEqualTo("two copies");
    }

    @Test
    void withTheSettingOffNeitherIsShownAndTheLocationPathsAreForbidden() {
        String id = inTwoStores(hidden, "private");
        JsonNode j = show(hidden, id, ADMIN);
        assertThat(j.has("locations")).isFalse();
        assertThat(j.has("direct_url")).isFalse();
        assertThat(j.get("stores").asText().split(",")).containsExactlyInAnyOrder("fast", "slow");
        assertError(hidden.patch(id, V21, "[{\"op\": \"remove\", \"path\": \"/locations/0\"}]", ADMIN), 403);
        assertThat(hidden.server.catalog().images(admin()).get(id).stores()).hasSize(2);
    }
}
