package dev.imagecatalog.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagecatalog.server.ImageServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** A memory-backed server and a noauth HTTP client for the image route tests. */
final class ImagesHttp implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String[] ADMIN = {"X-Project-Id", "admin-project", "X-Roles", "admin,member,reader"};
    static final String[] ALICE = {"X-Project-Id", "alice", "X-User-Id", "alice-user", "X-Roles", "member,reader"};
    static final String[] BOB = {"X-Project-Id", "bob", "X-User-Id", "bob-user", "X-Roles", "member,reader"};
    static final String V21 = "application/openstack-images-v2.1-json-patch";
    static final String V20 = "application/openstack-images-v2.0-json-patch";

    final ImageServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    ImagesHttp() {
        this(Map.of());
    }

    ImagesHttp(Map<String, String> extra) {
        this(Map.of("stores", "mem", "store.mem.type", "memory"), extra);
    }

    /** A memory-metadata server over {@code stores} (their {@code stores} and {@code store.*} settings). */
    ImagesHttp(Map<String, String> stores, Map<String, String> extra) {
        var b = ImageServer.builder().settings(Map.of("metadata.type", "memory", "server.port", "0"));
        b.settings(stores);
        b.settings(extra);
        server = b.start();
    }

    /** A request; {@code body} null sends none, {@code contentType} null sends no Content-Type. */
    HttpResponse<String> send(String method, String path, String contentType, String body, String... headers) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(server.uri() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            r.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            r.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path, String... headers) {
        return send("GET", path, null, null, headers);
    }

    HttpResponse<String> post(String path, String json, String... headers) {
        return send("POST", path, "application/json", json, headers);
    }

    HttpResponse<String> patch(String id, String mediaType, String json, String... headers) {
        return send("PATCH", "/v2/images/" + id, mediaType, json, headers);
    }

    HttpResponse<String> delete(String path, String... headers) {
        return send("DELETE", path, null, null, headers);
    }

    /** Creates an image and returns its JSON (asserting 201). */
    JsonNode create(String json, String... headers) {
        HttpResponse<String> r = post("/v2/images", json, headers);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r);
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts an error answer: its status and Glance's error body with that code. */
    static JsonNode assertError(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode body = json(r);
        assertThat(body.get("code").asText()).startsWith(status + " ");
        assertThat(body.get("message").asText()).isNotBlank();
        return body;
    }

    @Override
    public void close() {
        server.close();
    }
}
