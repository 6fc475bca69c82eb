package dev.imagecatalog.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Supplier;

/**
 * The Glance v2 calls the REST benchmark makes, over the JDK's {@link HttpClient} (HTTP/1.1, keep-alive), as one
 * noauth project ({@code X-Project-Id}, {@code X-Roles: member,reader}). Every call checks its status code.
 */
final class GlanceHttp {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private final String project;

    GlanceHttp(URI base, String project) {
        this.base = base.toString();
        this.project = project;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("X-Project-Id", project)
                .header("X-User-Id", project + "-user").header("X-Roles", "member,reader");
    }

    private static <T> HttpResponse<T> expect(HttpResponse<T> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.uri() + ": "
                    + response.statusCode() + " (expected " + status + ") " + response.body());
        }
        return response;
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            return http.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** GET {@code path}, expecting {@code status}; the body read and dropped. */
    void get(String path, int status) throws IOException {
        expect(send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray()), status);
    }

    /** POST /v2/images: a raw/bare image named {@code name}; {@return its id} */
    String create(String name) throws IOException {
        String body = "{\"name\":\"" + name + "\",\"disk_format\":\"raw\",\"container_format\":\"bare\"}";
        HttpResponse<byte[]> r = expect(send(request("/v2/images").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray()),
                201);
        return JSON.readTree(r.body()).get("id").asText();
    }

    /** DELETE /v2/images/{id}. */
    void delete(String id) throws IOException {
        expect(send(request("/v2/images/" + id).DELETE().build(), HttpResponse.BodyHandlers.ofByteArray()), 204);
    }

    /** PUT /v2/images/{id}/file with a Content-Length of {@code size}. */
    void upload(String id, long size, Supplier<InputStream> bytes) throws IOException {
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(bytes), size);
        expect(send(request("/v2/images/" + id + "/file").header("Content-Type", "application/octet-stream")
                .PUT(body).build(), HttpResponse.BodyHandlers.ofString()), 204);
    }

    /** GET /v2/images/{id}/file read to the end into a 1 MiB buffer; {@return the bytes read} */
    long download(String id) throws IOException {
        HttpResponse<InputStream> r = send(request("/v2/images/" + id + "/file").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            if (r.statusCode() != 200) {
                throw new IllegalStateException("download " + id + ": " + r.statusCode() + " "
                        + new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
            byte[] buffer = new byte[1 << 20];
            long total = 0;
            for (int n; (n = in.read(buffer)) >= 0; ) {
                total += n;
            }
            return total;
        }
    }
}
