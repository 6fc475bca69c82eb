package dev.imagecatalog.server;

import com.fasterxml.jackson.databind.JsonNode;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagecatalog.server.junit.GlanceServerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class VersionsTest {
    @RegisterExtension
    static final GlanceServerExtension glance = GlanceServerExtension.inMemory();
    static final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> send(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(glance.uri() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void versionsListsCurrentFirstWithAbsoluteLinks() throws Exception {
        HttpResponse<String> r = send("GET", "/versions");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode v = new ObjectMapper().readTree(r.body()).get("versions");
        assertThat(v.get(0).get("id").asText()).isEqualTo("v2.17");
        assertThat(v.get(0).get("status").asText()).isEqualTo("CURRENT");
        assertThat(v.get(1).get("status").asText()).isEqualTo("SUPPORTED");
        // multi-store (2.8 to 2.13, as Glance with enabled_backends): clients then ask for an image's tasks (2.12)
        assertThat(v.findValuesAsText("id")).contains("v2.8", "v2.10", "v2.12", "v2.13", "v2.6");
        assertThat(v.get(0).get("links").get(0).get("href").asText()).isEqualTo(glance.uri() + "/v2/");
        assertThat(r.headers().firstValue("x-openstack-request-id")).get().asString().startsWith("req-");
    }

    @Test
    void rootIsMultipleChoices() throws Exception {
        HttpResponse<String> r = send("GET", "/");
        assertThat(r.statusCode()).isEqualTo(300);
        assertThat(r.body()).contains("\"v2.0\"");
    }

    @Test
    void wrongMethodIs405WithAllow() throws Exception {
        HttpResponse<String> r = send("DELETE", "/versions");
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).contains("GET");
        JsonNode body = new ObjectMapper().readTree(r.body());
        assertThat(body.get("code").asText()).isEqualTo("405 Method Not Allowed");
    }

    @Test
    void unknownPathIs404InGlanceShape() throws Exception {
        HttpResponse<String> r = send("GET", "/v2/nothing-here");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(new ObjectMapper().readTree(r.body()).get("title").asText()).isEqualTo("Not Found");
        assertThat(r.headers().firstValue("x-openstack-request-id")).isPresent();
    }
}
