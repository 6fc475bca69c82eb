package dev.imagecatalog.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagecatalog.server.ImageServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** A test's HTTP client for one in-memory server, calling as an admin, a member or a reader of a project. */
final class MetadefHttp implements AutoCloseable {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final Map<String, String> ADMIN = Map.of("X-Project-Id", "admins", "X-Roles", "admin,member,reader");
    static final Map<String, String> MEMBER = Map.of("X-Project-Id", "p1", "X-Roles", "member,reader");
    static final Map<String, String> READER = Map.of("X-Project-Id", "p1", "X-Roles", "reader");
    static final Map<String, String> OTHER_READER = Map.of("X-Project-Id", "p2", "X-Roles", "reader");

    final ImageServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    MetadefHttp() {
        server = ImageServer.builder().settings(Map.of("metadata.type", "memory", "stores", "mem",
                "store.mem.type", "memory", "server.port", "0")).start();
    }

    /** An answer: status, headers, body text and (when JSON) the parsed body. */
    record Answer(int status, HttpResponse<String> response, JsonNode json) {
        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    Answer send(Map<String, String> as, String method, String path, String body) throws IOException,
            InterruptedException {
        return send(as, method, path, body, Map.of());
    }

    Answer send(Map<String, String> as, String method, String path, String body, Map<String, String> extra)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.uri() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        as.forEach(b::header);
        extra.forEach(b::setHeader);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        if (!r.body().isEmpty() && r.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
            json = MAPPER.readTree(r.body());
        }
        return new Answer(r.statusCode(), r, json);
    }

    Answer get(Map<String, String> as, String path) throws IOException, InterruptedException {
        return send(as, "GET", path, null);
    }

    Answer post(Map<String, String> as, String path, String body) throws IOException, InterruptedException {
        return send(as, "POST", path, body);
    }

    Answer put(Map<String, String> as, String path, String body) throws IOException, InterruptedException {
        return send(as, "PUT", path, body);
    }

    Answer delete(Map<String, String> as, String path) throws IOException, InterruptedException {
        return send(as, "DELETE", path, null);
    }

    @Override
    public void close() {
        server.close();
    }
}
