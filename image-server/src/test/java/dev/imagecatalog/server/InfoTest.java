package dev.imagecatalog.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.policy.RequestContext;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /v2/info/usage}, {@code /v2/info/import}, {@code /v2/info/stores} and {@code /v2/info/stores/detail}. */
class InfoTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient http = HttpClient.newHttpClient();
    static final Map<String, String> MEMORY = Map.of("metadata.type", "memory", "stores", "mem",
            "store.mem.type", "memory", "server.port", "0");
    static ImageServer server;
    @TempDir
    static java.nio.file.Path tmp;

    @BeforeAll
    static void start() {
        Map<String, String> settings = new HashMap<>(MEMORY);
        settings.put("quota.image-count-total", "5");
        settings.put("quota.image-size-total", "1KiB");
        settings.put("quota.project.big-project.image-count-total", "50");
        server = ImageServer.builder().settings(settings).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> get(ImageServer s, String project, String path) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.uri() + path));
        if (project != null) {
            b.header("X-Project-Id", project).header("X-Roles", "reader,member");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode ok(ImageServer s, String project, String path) throws Exception {
        HttpResponse<String> r = get(s, project, path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        return JSON.readTree(r.body());
    }

    @Test
    void usageIsTheCallersProjectsQuotasAndUse() throws Exception {
        var images = server.catalog().images(RequestContext.member("usage-project", "u"));
        String id = images.create(ImageDraft.builder().name("a").diskFormat("raw").containerFormat("bare").build())
                .id();
        images.upload(id, new ByteArrayInputStream(new byte[300]));
        images.create(ImageDraft.builder().name("b").build());

        JsonNode usage = ok(server, "usage-project", "/v2/info/usage").get("usage");
        assertThat(usage.get("image_count_total")).isEqualTo(JSON.readTree("{\"limit\": 5, \"usage\": 2}"));
        assertThat(usage.get("image_size_total")).isEqualTo(JSON.readTree("{\"limit\": 1024, \"usage\": 300}"));
        assertThat(usage.get("image_stage_total").get("limit").asLong()).isEqualTo(-1);
        assertThat(usage.get("image_count_uploading")).isEqualTo(JSON.readTree("{\"limit\": -1, \"usage\": 0}"));
        assertThat(usage.size()).isEqualTo(server.catalog().images(RequestContext.member("usage-project", "u"))
                .usage().size());

        JsonNode other = ok(server, "other-project", "/v2/info/usage").get("usage");
        assertThat(other.get("image_count_total")).isEqualTo(JSON.readTree("{\"limit\": 5, \"usage\": 0}"));
        assertThat(other.get("image_size_total").get("usage").asLong()).isZero();
        JsonNode big = ok(server, "big-project", "/v2/info/usage").get("usage");
        assertThat(big.get("image_count_total").get("limit").asLong()).isEqualTo(50);
    }

    @Test
    void importMethodsAreGlancesDocumentWithTheCatalogsMethods() throws Exception {
        JsonNode methods = ok(server, "p", "/v2/info/import").get("import-methods");
        assertThat(methods).isEqualTo(JSON.readTree("{\"description\": \"Import methods available.\", "
                + "\"type\": \"array\", \"value\": [\"glance-direct\", \"web-download\", \"copy-image\"]}"));
    }

    @Test
    void theOnlyStoreIsTheDefault() throws Exception {
        assertThat(ok(server, "p", "/v2/info/stores"))
                .isEqualTo(JSON.readTree("{\"stores\": [{\"id\": \"mem\", \"default\": \"true\"}]}"));
    }

    @Test
    void severalStoresAreListedInConfigurationOrderWithTheConfiguredDefault() throws Exception {
        try (ImageServer multi = ImageServer.builder().settings(Map.of("metadata.type", "memory",
                "stores", "fast, cheap, cold", "stores.default", "cheap", "store.fast.type", "memory",
                "store.cheap.type", "memory", "store.cold.type", "memory", "server.port", "0")).start()) {
            assertThat(ok(multi, "p", "/v2/info/stores")).isEqualTo(JSON.readTree("{\"stores\": [{\"id\": \"fast\"},"
                    + " {\"id\": \"cheap\", \"default\": \"true\"}, {\"id\": \"cold\"}]}"));
        }
    }

    static final Map<String, String> TWO_STORES = Map.of("metadata.type", "memory", "stores", "fast, archive",
            "stores.default", "fast", "store.fast.type", "memory", "store.fast.description", "Fast local copies",
            "store.fast.weight", "10", "store.archive.type", "memory", "store.archive.read-only", "true",
            "server.port", "0");

    static HttpResponse<String> get(ImageServer s, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.uri() + path));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void storesCarryTheirDescriptionAndReadOnlyAsGlanceSendsThem() throws Exception {
        try (ImageServer multi = ImageServer.builder().settings(TWO_STORES).start()) {
            assertThat(ok(multi, "p", "/v2/info/stores")).isEqualTo(JSON.readTree("{\"stores\": ["
                    + "{\"id\": \"fast\", \"description\": \"Fast local copies\", \"default\": \"true\"},"
                    + " {\"id\": \"archive\", \"read-only\": \"true\"}]}"));
            JsonNode fast = ok(multi, "p", "/v2/info/stores").get("stores").get(0);
            java.util.List<String> keys = new java.util.ArrayList<>();
            fast.fieldNames().forEachRemaining(keys::add);
            assertThat(keys).containsExactly("id", "description", "default");
        }
    }

    @Test
    void theDetailAddsTypeWeightAndPropertiesForAdministratorsAndServicesOnly() throws Exception {
        try (ImageServer multi = ImageServer.builder().settings(TWO_STORES).start()) {
            HttpResponse<String> admin = get(multi, "/v2/info/stores/detail", "X-Project-Id", "ops",
                    "X-Roles", "admin");
            assertThat(admin.statusCode()).as(admin.body()).isEqualTo(200);
            JsonNode stores = JSON.readTree(admin.body()).get("stores");
            assertThat(stores).hasSize(2);
            JsonNode fast = stores.get(0);
            assertThat(fast.get("id").asText()).isEqualTo("fast");
            assertThat(fast.get("description").asText()).isEqualTo("Fast local copies");
            assertThat(fast.get("default").asText()).isEqualTo("true");
            assertThat(fast.get("type").asText()).isEqualTo("memory");
            assertThat(fast.get("weight").isInt()).isTrue();
            assertThat(fast.get("weight").asInt()).isEqualTo(10);
            assertThat(fast.get("properties").isObject()).isTrue();
            JsonNode archive = stores.get(1);
            assertThat(archive.get("read-only").asText()).isEqualTo("true");
            assertThat(archive.get("weight").asInt()).isZero();
            assertThat(archive.has("default")).isFalse();
            java.util.List<String> keys = new java.util.ArrayList<>();
            fast.fieldNames().forEachRemaining(keys::add);
            assertThat(keys).containsExactly("id", "description", "default", "type", "properties", "weight");

            HttpResponse<String> service = get(multi, "/v2/info/stores/detail", "X-Project-Id", "svc",
                    "X-Roles", "service");
            assertThat(service.statusCode()).as(service.body()).isEqualTo(200);
            assertThat(JSON.readTree(service.body())).isEqualTo(JSON.readTree(admin.body()));

            HttpResponse<String> member = get(multi, "/v2/info/stores/detail", "X-Project-Id", "p",
                    "X-Roles", "member,reader");
            assertThat(member.statusCode()).as(member.body()).isEqualTo(403);
            assertThat(JSON.readTree(member.body()).get("code").asText()).isEqualTo("403 Forbidden");
        }
    }

    @Test
    void aStoresPropertiesAreItsNonSecretSettings() throws Exception {
        try (ImageServer fs = ImageServer.builder().settings(Map.of("metadata.type", "memory", "stores", "disk",
                "store.disk.type", "filesystem", "store.disk.datadir", tmp.toString(), "server.port", "0")).start()) {
            HttpResponse<String> r = get(fs, "/v2/info/stores/detail", "X-Roles", "admin", "X-Project-Id", "ops");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode disk = JSON.readTree(r.body()).get("stores").get(0);
            assertThat(disk.get("type").asText()).isEqualTo("filesystem");
            assertThat(disk.get("properties").toString()).contains(tmp.getFileName().toString());
        }
    }

    @Test
    void aServerGivenACatalogListsItsStores() throws Exception {
        try (ImageCatalog catalog = ImageCatalog.builder().settings(Map.of("metadata.type", "memory", "stores",
                "only", "store.only.type", "memory")).build();
             ImageServer given = ImageServer.builder().catalog(catalog).setting("server.port", "0").start()) {
            assertThat(ok(given, "p", "/v2/info/stores"))
                    .isEqualTo(JSON.readTree("{\"stores\": [{\"id\": \"only\", \"default\": \"true\"}]}"));
        }
    }

    @Test
    void theInfoRoutesAnswerAnAnonymousNoauthCallerAndRefuseWrites() throws Exception {
        assertThat(ok(server, null, "/v2/info/import").has("import-methods")).isTrue();
        assertThat(ok(server, null, "/v2/info/usage").has("usage")).isTrue();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.uri() + "/v2/info/stores"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).contains("GET");
        assertThat(get(server, "p", "/v2/info/nothing").statusCode()).isEqualTo(404);
    }
}
