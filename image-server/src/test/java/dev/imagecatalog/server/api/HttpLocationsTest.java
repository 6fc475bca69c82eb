package dev.imagecatalog.server.api;

import static dev.imagecatalog.server.api.ImagesHttp.ALICE;
import static dev.imagecatalog.server.api.ImagesHttp.assertError;
import static dev.imagecatalog.server.api.ImagesHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.policy.RequestContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Glance's location API with a read-only {@code http} store: the owner of a queued image (no service role) adds
 * the external URL of its bytes, served by a loopback HTTP server the store allows; the catalog reads them through
 * the hashes and the image becomes active. The store shows as read-only and refuses uploads.
 */
class HttpLocationsTest {
    static final byte[] IMAGE = new byte[300_000];
    static HttpServer web;
    static ImagesHttp http;
    static String base;

    @BeforeAll
    static void start() throws IOException {
        new Random(5).nextBytes(IMAGE);
        web = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        web.createContext("/", exchange -> {
            if (!exchange.getRequestURI().getPath().equals("/cirros.img")) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, head ? -1 : IMAGE.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(IMAGE);
                }
            }
            exchange.close();
        });
        web.start();
        base = "http://127.0.0.1:" + web.getAddress().getPort();
        http = new ImagesHttp(Map.of("stores", "local, web", "stores.default", "local", "store.local.type", "memory",
                "store.web.type", "http", "store.web.allowed-networks", "127.0.0.0/8",
                "store.web.allowed-ports", "*", "store.web.retry-delay", "0ms"),
                Map.of("image.show-multiple-locations", "true"));
    }

    @AfterAll
    static void stop() {
        http.close();
        web.stop(0);
    }

    static String sha512() throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(IMAGE));
    }

    @Test
    void theOwnerAddsAnExternalUrlAndTheImageBecomesActive() throws Exception {
        String id = http.create("{\"name\": \"web\", \"disk_format\": \"raw\", \"container_format\": \"bare\"}",
                ALICE).get("id").asText();
        String url = base + "/cirros.img";
        HttpResponse<String> r = http.post("/v2/images/" + id + "/locations", "{\"url\": \"" + url
                + "\", \"validation_data\": {\"os_hash_algo\": \"sha512\", \"os_hash_value\": \"" + sha512() + "\"}}",
                ALICE);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);

        JsonNode shown = json(http.get("/v2/images/" + id, ALICE));
        assertThat(shown.get("status").asText()).isEqualTo("active");
        assertThat(shown.get("size").asLong()).isEqualTo(IMAGE.length);
        assertThat(shown.get("stores").asText()).isEqualTo("web");
        assertThat(shown.get("direct_url").asText()).isEqualTo(url);
        assertThat(shown.get("locations").toString())
                .isEqualTo("[{\"url\":\"" + url + "\",\"metadata\":{\"store\":\"web\"}}]");

        try (var in = http.server.catalog().images(RequestContext.member("alice", "u")).download(id).stream()) {
            assertThat(in.readAllBytes()).isEqualTo(IMAGE);
        }
    }

    @Test
    void anExternalUrlThatIsNotThereIsRefusedAndTheImageStaysQueued() {
        String id = http.create("{\"name\": \"missing\", \"disk_format\": \"raw\", \"container_format\": \"bare\"}",
                ALICE).get("id").asText();
        HttpResponse<String> r = http.post("/v2/images/" + id + "/locations",
                "{\"url\": \"" + base + "/missing.img\"}", ALICE);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode shown = json(http.get("/v2/images/" + id, ALICE));
        assertThat(shown.get("status").asText()).isEqualTo("queued");
        assertThat(shown.get("locations")).isEmpty();
    }

    @Test
    void theHttpStoreIsReadOnly() {
        JsonNode stores = json(http.get("/v2/info/stores", ALICE)).get("stores");
        assertThat(stores.get(1).get("id").asText()).isEqualTo("web");
        assertThat(stores.get(1).get("read-only").asText()).isEqualTo("true");
        String id = http.create("{\"name\": \"up\", \"disk_format\": \"raw\", \"container_format\": \"bare\"}",
                ALICE).get("id").asText();
        assertError(http.send("PUT", "/v2/images/" + id + "/file", "application/octet-stream", "bytes", "X-Project-Id",
                "alice", "X-Roles", "member,reader", "X-Image-Meta-Store", "web"), 403);
        assertThat(http.server.catalog().images(RequestContext.member("alice", "u")).get(id).status())
                .isEqualTo(ImageStatus.QUEUED);
    }
}
