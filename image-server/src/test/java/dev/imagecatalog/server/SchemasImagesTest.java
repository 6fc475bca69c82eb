package dev.imagecatalog.server;

import com.fasterxml.jackson.databind.JsonNode;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.server.junit.GlanceServerExtension;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Images as the API renders them, checked against the image and images schemas the same server serves: every base
 * field the renderer writes is a property of the schema, and every rendered image (queued, active with data and
 * stores, deactivated, with tags and custom properties) validates, as python-glanceclient requires of what
 * {@code images.create} and {@code images.update} read back.
 */
class SchemasImagesTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient http = HttpClient.newHttpClient();
    @RegisterExtension
    static final GlanceServerExtension glance = GlanceServerExtension.inMemory();

    static HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(glance.uri() + path)).header("X-Project-Id", "p")
                .header("X-Roles", "admin,member,reader");
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isLessThan(300);
        return r;
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void everyRenderedImageValidatesAgainstTheSchemas() throws Exception {
        JsonNode imageSchema = SchemasTest.get(glance.server(), "/v2/schemas/image");
        List<JsonNode> rendered = new ArrayList<>();
        rendered.add(json(send("POST", "/v2/images", "application/json", "{}")));
        JsonNode full = json(send("POST", "/v2/images", "application/json", "{\"name\": \"full\", \"disk_format\": "
                + "\"raw\", \"container_format\": \"bare\", \"visibility\": \"public\", \"tags\": [\"a\", \"b\"], "
                + "\"min_ram\": 64, \"min_disk\": 1, \"os_distro\": \"debian\", \"hw_disk_bus\": \"virtio\", "
                + "\"kernel_id\": \"0b6e5a1c-3f2d-4e8b-9a7c-1d2e3f4a5b6c\"}"));
        rendered.add(full);
        String id = full.get("id").asText();
        glance.catalog().images(RequestContext.admin("p", "u")).upload(id,
                new ByteArrayInputStream("some bytes".getBytes(StandardCharsets.UTF_8)));
        rendered.add(json(send("GET", "/v2/images/" + id, null, null)));
        send("POST", "/v2/images/" + id + "/actions/deactivate", null, null);
        rendered.add(json(send("GET", "/v2/images/" + id, null, null)));
        rendered.add(json(send("PATCH", "/v2/images/" + id, "application/openstack-images-v2.1-json-patch",
                "[{\"op\": \"replace\", \"path\": \"/name\", \"value\": \"renamed\"}, "
                        + "{\"op\": \"add\", \"path\": \"/architecture\", \"value\": \"x86_64\"}]")));

        JsonNode active = rendered.get(2);
        assertThat(active.get("status").asText()).isEqualTo("active");
        assertThat(active.has("stores")).isTrue();
        for (JsonNode image : rendered) {
            assertThat(SchemasTest.violations(imageSchema, image)).as(image.toString()).isEmpty();
            image.fieldNames().forEachRemaining(field -> {
                boolean custom = List.of("os_distro", "hw_disk_bus", "kernel_id", "architecture", "stores")
                        .contains(field);
                assertThat(custom || imageSchema.get("properties").has(field)).as(field).isTrue();
            });
        }
        JsonNode list = json(send("GET", "/v2/images?limit=1", null, null));
        assertThat(list.has("next")).isTrue();
        assertThat(SchemasTest.violations(SchemasTest.get(glance.server(), "/v2/schemas/images"), list)).isEmpty();
    }
}
