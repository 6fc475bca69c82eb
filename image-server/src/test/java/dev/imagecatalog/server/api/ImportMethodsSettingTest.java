package dev.imagecatalog.server.api;

import static dev.imagecatalog.server.api.ImagesHttp.ALICE;
import static dev.imagecatalog.server.api.ImagesHttp.assertError;
import static dev.imagecatalog.server.api.ImagesHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.policy.RequestContext;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A server whose catalog offers only {@code web-download} ({@code import.methods}): the discovery document, the
 * create header and the refusals of the methods it does not offer follow the setting.
 */
class ImportMethodsSettingTest {
    static ImagesHttp http;

    @BeforeAll
    static void start() {
        http = new ImagesHttp(Map.of("import.methods", "web-download"));
    }

    @AfterAll
    static void stop() {
        if (http != null) {
            http.close();
        }
    }

    @Test
    void onlyTheConfiguredMethodIsOfferedAndTheOthersAreRefused() throws Exception {
        assertThat(json(http.get("/v2/info/import", ALICE)).get("import-methods").get("value"))
                .isEqualTo(ImagesHttp.JSON.readTree("[\"web-download\"]"));
        HttpResponse<String> created = http.post("/v2/images",
                "{\"name\": \"a\", \"disk_format\": \"raw\", \"container_format\": \"bare\"}", ALICE);
        assertThat(created.headers().firstValue("OpenStack-image-import-methods")).contains("web-download");
        String id = json(created).get("id").asText();

        // Glance: a stage without glance-direct is 404, whatever the media type
        assertThat(assertError(http.send("PUT", "/v2/images/" + id + "/stage", "text/plain", "abc", ALICE), 404)
                .get("message").asText()).contains("'glance-direct' method is not available");
        assertThat(assertError(http.post("/v2/images/" + id + "/import",
                "{\"method\": {\"name\": \"glance-direct\"}}", ALICE), 400).get("message").asText())
                .isEqualTo("Unknown import method name 'glance-direct'.");
        assertError(http.post("/v2/images/" + id + "/import", "{\"method\": {\"name\": \"copy-image\"}}", ALICE), 400);
        assertThat(http.server.catalog().images(RequestContext.admin("p", "u")).get(id).status())
                .isEqualTo(ImageStatus.QUEUED);
    }
}
