package dev.imagecatalog.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the HTTP layer answers before any route runs: broken requests, traversal, oversized headers. */
class HttpLayerTest {
    static ImageServer server;

    @BeforeAll
    static void start() {
        server = ImageServer.builder().settings(Map.of("metadata.type", "memory", "stores", "mem",
                "store.mem.type", "memory", "server.port", "0", "server.max-header-bytes", "4KiB")).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Sends raw bytes and returns the whole answer (the server closes the connection). */
    static String raw(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    static int status(String answer) {
        return Integer.parseInt(answer.substring(9, 12));
    }

    static JsonNode body(String answer) throws Exception {
        return new ObjectMapper().readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
    }

    @Test
    void encodedDotSegmentsAreRefused() throws Exception {
        for (String path : new String[] {"/v2/images/%2e%2e", "/v2/images/..%2F..%2Fetc%2Fpasswd",
                "/v2/images/a%2Fb/file", "/v2/images/%00"}) {
            for (String method : new String[] {"GET", "PUT", "DELETE", "PATCH"}) {
                String a = raw(method + " " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
                        + "Connection: close\r\n\r\n");
                assertThat(status(a)).as(method + " " + path).isEqualTo(400);
                assertThat(a).as(method + " " + path).containsIgnoringCase("x-openstack-request-id: req-");
                assertThat(body(a).get("code").asText()).as(method + " " + path).isEqualTo("400 Bad Request");
            }
        }
    }

    @Test
    void errorBodiesFollowAcceptAsWebobDoes() throws Exception {
        String html = raw("GET /v2/images/00000000-0000-0000-0000-000000000000 HTTP/1.1\r\nHost: x\r\n"
                + "Accept: */*\r\nConnection: close\r\n\r\n");
        assertThat(status(html)).isEqualTo(404);
        assertThat(html).containsIgnoringCase("Content-Type: text/html").contains("<title>404 Not Found</title>");
        String json = raw("GET /v2/images/00000000-0000-0000-0000-000000000000 HTTP/1.1\r\nHost: x\r\n"
                + "Accept: application/json\r\nConnection: close\r\n\r\n");
        assertThat(body(json).get("code").asText()).isEqualTo("404 Not Found");
        String none = raw("DELETE /versions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(body(none).get("title").asText()).isEqualTo("Method Not Allowed");
        String jetty = raw("PUT /v2/images/%2e%2e HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\n"
                + "Content-Length: 0\r\nConnection: close\r\n\r\n");
        assertThat(jetty).contains("<h1>400 Bad Request</h1>").containsIgnoringCase("x-openstack-request-id: req-");
    }

    @Test
    void aRefusalGivenBeforeTheBodyWasReadReachesTheClient() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String big = "{\"name\": \"" + "n".repeat(1_500_000) + "\"}";
        for (int i = 0; i < 20; i++) {
            var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.uri() + "/v2/images"))
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(big)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("attempt %d", i).isEqualTo(413);
        }
    }

    @Test
    void jsonWithTrailingContentIs400AndCreatesNothing() throws Exception {
        String body = "{\"name\": \"a\"} {}";
        String a = raw("POST /v2/images HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\nConnection: close\r\n\r\n" + body);
        assertThat(status(a)).isEqualTo(400);
        String list = raw("GET /v2/images HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(body(list).get("images")).isEmpty();
    }

    @Test
    void oversizedHeaderIsAClear4xxInGlanceShape() throws Exception {
        String big = "x".repeat(8 * 1024);
        String a = raw("GET /versions HTTP/1.1\r\nHost: x\r\nX-Big: " + big + "\r\nConnection: close\r\n\r\n");
        assertThat(status(a)).isEqualTo(431);
        assertThat(a).containsIgnoringCase("x-openstack-request-id: req-");
        assertThat(body(a).get("title").asText()).isEqualTo("Request Header Fields Too Large");
    }

    @Test
    void malformedRequestLinesAreRefused() throws Exception {
        assertThat(status(raw("GET /versions HTTQ/9\r\n\r\n"))).isEqualTo(505);
        assertThat(status(raw("GET /ver sions x HTTP/1.1\r\nHost: x\r\n\r\n"))).isEqualTo(400);
        assertThat(status(raw("GET /versions HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n"))).isEqualTo(400);
    }

    @Test
    void theServerKeepsServingAfterBrokenRequests() throws Exception {
        for (int i = 0; i < 20; i++) {
            raw("GARBAGE\r\n\r\n");
        }
        String a = raw("GET /versions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(status(a)).isEqualTo(200);
    }
}
