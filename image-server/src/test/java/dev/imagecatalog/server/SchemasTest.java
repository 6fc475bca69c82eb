package dev.imagecatalog.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.Visibility;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The schema documents: their shape as python-glanceclient reads them (names, properties with types, enums from
 * the catalog's configuration and core's types, readOnly and is_base markers, additionalProperties, links), and
 * documents the API returns or a client sends checked against them with a small JSON Schema validator (the keywords
 * these schemas use: type, enum, pattern, maxLength, minLength, items, properties, required, additionalProperties).
 */
class SchemasTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient http = HttpClient.newHttpClient();
    static final String UUID =
            "^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$";
    static ImageServer server;
    static ImageServer configured;

    @BeforeAll
    static void start() {
        server = ImageServer.builder().settings(Map.of("metadata.type", "memory", "stores", "mem",
                "store.mem.type", "memory", "server.port", "0")).start();
        configured = ImageServer.builder().settings(Map.of("metadata.type", "memory", "stores", "mem",
                "store.mem.type", "memory", "server.port", "0", "formats.disk", "raw, qcow2",
                "formats.container", "bare")).start();
    }

    @AfterAll
    static void stop() {
        server.close();
        configured.close();
    }

    static JsonNode get(ImageServer s, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(s.uri() + path))
                .header("X-Project-Id", "p").header("X-Roles", "reader").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        return JSON.readTree(r.body());
    }

    static JsonNode schema(String name) throws Exception {
        return get(server, "/v2/schemas/" + name);
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.isNull() ? null : n.asText()));
        return out;
    }

    static JsonNode parse(String json) throws Exception {
        return JSON.readTree(json);
    }

    // ------------------------------------------------------------------ shapes

    @Test
    void everyDocumentIsNamedAndHasProperties() throws Exception {
        for (String name : List.of("image", "images", "member", "members", "task", "tasks")) {
            JsonNode s = schema(name);
            assertThat(s.get("name").asText()).isEqualTo(name);
            assertThat(s.get("properties").isObject()).isTrue();
            s.get("properties").fields().forEachRemaining(p ->
                    assertThat(p.getValue().has("type")).as(name + "." + p.getKey()).isTrue());
        }
    }

    @Test
    void imageSchemaHasGlancesPropertiesTypesAndMarkers() throws Exception {
        JsonNode s = schema("image");
        JsonNode p = s.get("properties");
        assertThat(s.get("additionalProperties")).isEqualTo(parse("{\"type\": \"string\"}"));
        for (String base : List.of("id", "name", "status", "visibility", "protected", "os_hidden", "checksum",
                "os_hash_algo", "os_hash_value", "owner", "size", "virtual_size", "container_format", "disk_format",
                "created_at", "updated_at", "tags", "direct_url", "min_ram", "min_disk", "self", "file", "schema",
                "locations")) {
            assertThat(p.has(base)).as(base).isTrue();
            assertThat(p.get(base).has("is_base")).as(base).isFalse();
        }
        for (String readOnly : List.of("status", "checksum", "os_hash_algo", "os_hash_value", "size", "virtual_size",
                "created_at", "updated_at", "direct_url", "self", "file", "schema")) {
            assertThat(p.get(readOnly).path("readOnly").asBoolean()).as(readOnly).isTrue();
        }
        for (String writable : List.of("id", "name", "visibility", "protected", "os_hidden", "owner",
                "container_format", "disk_format", "tags", "min_ram", "min_disk")) {
            assertThat(p.get(writable).has("readOnly")).as(writable).isFalse();
        }
        // python-glanceclient 4.1 declares --stores itself on image-create-via-import; a "stores" property would
        // make it add a second --stores from the schema and argparse refuses to build the CLI
        assertThat(p.has("stores")).isFalse();
        assertThat(texts(p.get("name").get("type"))).containsExactly("null", "string");
        assertThat(p.get("name").get("maxLength").asInt()).isEqualTo(255);
        assertThat(texts(p.get("size").get("type"))).containsExactly("null", "integer");
        assertThat(p.get("protected").get("type").asText()).isEqualTo("boolean");
        assertThat(p.get("min_ram").get("type").asText()).isEqualTo("integer");
        assertThat(p.get("tags").get("items").get("type").asText()).isEqualTo("string");
        assertThat(p.get("id").get("pattern").asText()).isEqualTo(UUID);
        for (String custom : List.of("kernel_id", "ramdisk_id", "instance_uuid", "architecture", "os_distro",
                "os_version", "description", "cinder_encryption_key_id", "cinder_encryption_key_deletion_policy")) {
            assertThat(p.get(custom).get("is_base").asBoolean(true)).as(custom).isFalse();
        }
        assertThat(s.get("links")).isEqualTo(parse("[{\"rel\": \"self\", \"href\": \"{self}\"},"
                + "{\"rel\": \"enclosure\", \"href\": \"{file}\"},"
                + "{\"rel\": \"describedby\", \"href\": \"{schema}\"}]"));
    }

    @Test
    void noPropertyBecomesAnOptionGlanceclientDeclaresItself() throws Exception {
        // the options python-glanceclient's image-create, image-create-via-import and image-update add beside the
        // ones it makes from the schema's properties (an underscore becomes a hyphen)
        Set<String> own = Set.of("hidden", "property", "file", "progress", "import-method", "uri", "remote-region",
                "remote-image-id", "remote-service-interface", "store", "stores", "all-stores", "allow-failure",
                "remove-property", "help");
        // the properties those commands leave out of their options
        Set<String> omitted = Set.of("created_at", "updated_at", "file", "checksum", "virtual_size", "size", "status",
                "schema", "direct_url", "locations", "self", "os_hidden", "os_hash_value", "os_hash_algo");
        for (String name : names(schema("image").get("properties"))) {
            if (!omitted.contains(name)) {
                assertThat(own).as(name).doesNotContain(name.replace('_', '-'));
            }
        }
    }

    @Test
    void imageEnumsComeFromCoreAndTheDefaultFormats() throws Exception {
        JsonNode p = schema("image").get("properties");
        assertThat(texts(p.get("status").get("enum"))).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(ImageStatus.values()).map(ImageStatus::wireName).toList());
        assertThat(texts(p.get("status").get("enum"))).contains("queued", "saving", "active", "killed", "deleted",
                "pending_delete", "deactivated", "uploading", "importing");
        assertThat(texts(p.get("visibility").get("enum"))).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(Visibility.values()).map(Visibility::wireName).toList());
        assertThat(texts(p.get("disk_format").get("enum"))).containsExactly(null, "aki", "ami", "ari", "iso",
                "ploop", "qcow2", "raw", "vdi", "vhd", "vhdx", "vmdk");
        assertThat(texts(p.get("container_format").get("enum"))).containsExactly(null, "aki", "ami", "ari", "bare",
                "compressed", "docker", "ova", "ovf");
        assertThat(texts(p.get("disk_format").get("type"))).containsExactly("null", "string");
    }

    @Test
    void imageEnumsFollowTheConfiguredFormats() throws Exception {
        JsonNode p = get(configured, "/v2/schemas/image").get("properties");
        assertThat(texts(p.get("disk_format").get("enum"))).containsExactly(null, "qcow2", "raw");
        assertThat(texts(p.get("container_format").get("enum"))).containsExactly(null, "bare");
        JsonNode items = get(configured, "/v2/schemas/images").get("properties").get("images").get("items");
        assertThat(texts(items.get("properties").get("disk_format").get("enum"))).containsExactly(null, "qcow2", "raw");
    }

    @Test
    void listSchemasWrapTheirItemSchemaWithPagingLinks() throws Exception {
        for (String[] pair : List.of(new String[] {"images", "image"}, new String[] {"members", "member"},
                new String[] {"tasks", "task"})) {
            JsonNode s = schema(pair[0]);
            JsonNode p = s.get("properties");
            assertThat(names(p)).containsExactlyInAnyOrder(pair[0], "first", "next", "schema");
            assertThat(p.get(pair[0]).get("type").asText()).isEqualTo("array");
            assertThat(p.get(pair[0]).get("items").get("name").asText()).isEqualTo(pair[1]);
            for (String link : List.of("schema", "first", "next")) {
                assertThat(p.get(link).get("type").asText()).isEqualTo("string");
            }
            assertThat(s.get("links")).isEqualTo(parse("[{\"rel\": \"first\", \"href\": \"{first}\"},"
                    + "{\"rel\": \"next\", \"href\": \"{next}\"},"
                    + "{\"rel\": \"describedby\", \"href\": \"{schema}\"}]"));
        }
        assertThat(schema("images").get("properties").get("images").get("items")).isEqualTo(schema("image"));
    }

    @Test
    void memberSchemasDescribeGlancesMemberRecord() throws Exception {
        JsonNode p = schema("member").get("properties");
        assertThat(names(p)).containsExactly("created_at", "image_id", "member_id", "schema", "status", "updated_at");
        assertThat(texts(p.get("status").get("enum"))).containsExactly("pending", "accepted", "rejected");
        assertThat(p.get("image_id").get("pattern").asText()).isEqualTo(UUID);
        JsonNode members = schema("members");
        assertThat(members.get("properties").get("members").get("items")).isEqualTo(schema("member"));
        assertThat(members.get("properties").get("schema").get("type").asText()).isEqualTo("string");
    }

    @Test
    void taskSchemasListTheTaskFieldsAndTheListDropsTheBulkyOnes() throws Exception {
        JsonNode task = schema("task");
        assertThat(names(task.get("properties"))).containsExactlyInAnyOrder("id", "type", "status", "input", "result",
                "owner", "message", "image_id", "request_id", "user_id", "expires_at", "created_at", "updated_at",
                "self", "schema");
        assertThat(texts(task.get("properties").get("status").get("enum")))
                .containsExactly("pending", "processing", "success", "failure");
        JsonNode listed = schema("tasks").get("properties").get("tasks").get("items").get("properties");
        assertThat(names(listed)).doesNotContain("input", "result", "message").contains("id", "status", "type");
    }

    @Test
    void unknownSchemasAre404AndWritesAre405() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.uri() + "/v2/schemas/imagex"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(404);
        r = http.send(HttpRequest.newBuilder(URI.create(server.uri() + "/v2/schemas/image"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).contains("GET");
    }

    // ------------------------------------------------------------------ documents against the schemas

    @Test
    void anImageAsGlancesApiRendersItValidates() throws Exception {
        JsonNode image = parse("""
                {"id": "0b6e5a1c-3f2d-4e8b-9a7c-1d2e3f4a5b6c", "name": null, "status": "queued",
                 "visibility": "shared", "protected": false, "os_hidden": false, "checksum": null,
                 "os_hash_algo": null, "os_hash_value": null, "owner": "p", "size": null, "virtual_size": null,
                 "container_format": null, "disk_format": null, "created_at": "2024-05-01T12:00:00Z",
                 "updated_at": "2024-05-01T12:00:00Z", "tags": [], "min_ram": 0, "min_disk": 0,
                 "self": "/v2/images/0b6e5a1c-3f2d-4e8b-9a7c-1d2e3f4a5b6c",
                 "file": "/v2/images/0b6e5a1c-3f2d-4e8b-9a7c-1d2e3f4a5b6c/file", "schema": "/v2/schemas/image",
                 "os_distro": "debian", "hw_disk_bus": "virtio", "stores": "mem"}""");
        assertThat(violations(schema("image"), image)).isEmpty();
        JsonNode list = JSON.createObjectNode().put("schema", "/v2/schemas/images").put("first", "/v2/images")
                .set("images", JSON.createArrayNode().add(image));
        assertThat(violations(schema("images"), list)).isEmpty();
    }

    @Test
    void whatGlanceWouldRefuseTheSchemaRefusesToo() throws Exception {
        JsonNode s = schema("image");
        assertThat(violations(s, parse("{\"disk_format\": \"floppy\"}"))).hasSize(1);
        assertThat(violations(s, parse("{\"visibility\": \"everyone\"}"))).hasSize(1);
        assertThat(violations(s, parse("{\"status\": \"sleeping\"}"))).hasSize(1);
        assertThat(violations(s, parse("{\"custom\": 1}"))).hasSize(1);
        assertThat(violations(s, parse("{\"min_ram\": \"1\"}"))).hasSize(1);
        assertThat(violations(s, parse("{\"name\": \"" + "x".repeat(256) + "\"}"))).hasSize(1);
        assertThat(violations(s, parse("{\"id\": \"not-a-uuid\"}"))).hasSize(1);
        assertThat(violations(s, parse("{\"tags\": [1]}"))).hasSize(1);
        assertThat(violations(s, parse("{\"kernel_id\": \"kernel\"}"))).hasSize(1);
        assertThat(violations(s, parse("{\"kernel_id\": null, \"disk_format\": \"qcow2\", \"custom\": \"1\"}")))
                .isEmpty();
        assertThat(violations(get(configured, "/v2/schemas/image"), parse("{\"disk_format\": \"vmdk\"}"))).hasSize(1);
    }

    static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    // ------------------------------------------------------------------ a small validator

    /** {@return what in {@code doc} breaks {@code schema}: one line per violation, empty when valid} */
    static List<String> violations(JsonNode schema, JsonNode doc) {
        List<String> out = new ArrayList<>();
        check(schema, doc, "$", out);
        return out;
    }

    private static void check(JsonNode schema, JsonNode doc, String at, List<String> out) {
        if (schema.isBoolean()) {
            if (!schema.asBoolean()) {
                out.add(at + ": not allowed");
            }
            return;
        }
        JsonNode type = schema.get("type");
        if (type != null) {
            Set<String> types = new TreeSet<>();
            if (type.isArray()) {
                type.forEach(t -> types.add(t.asText()));
            } else {
                types.add(type.asText());
            }
            if (!types.contains(typeOf(doc)) && !(types.contains("number") && typeOf(doc).equals("integer"))) {
                out.add(at + ": " + typeOf(doc) + " is not " + types);
                return;
            }
        }
        JsonNode allowed = schema.get("enum");
        if (allowed != null) {
            boolean found = false;
            for (JsonNode a : allowed) {
                found |= a.equals(doc);
            }
            if (!found) {
                out.add(at + ": " + doc + " is not one of " + allowed);
            }
        }
        if (doc.isTextual()) {
            String text = doc.textValue();
            if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(text).find()) {
                out.add(at + ": does not match " + schema.get("pattern").asText());
            }
            if (schema.has("maxLength") && text.codePointCount(0, text.length()) > schema.get("maxLength").asInt()) {
                out.add(at + ": longer than " + schema.get("maxLength").asInt());
            }
            if (schema.has("minLength") && text.codePointCount(0, text.length()) < schema.get("minLength").asInt()) {
                out.add(at + ": shorter than " + schema.get("minLength").asInt());
            }
        }
        if (doc.isArray() && schema.has("items")) {
            for (int i = 0; i < doc.size(); i++) {
                check(schema.get("items"), doc.get(i), at + "[" + i + "]", out);
            }
        }
        if (doc.isObject()) {
            JsonNode properties = schema.path("properties");
            for (JsonNode r : schema.path("required")) {
                if (!doc.has(r.asText())) {
                    out.add(at + ": lacks required " + r.asText());
                }
            }
            Iterator<Map.Entry<String, JsonNode>> fields = doc.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                if (properties.has(f.getKey())) {
                    check(properties.get(f.getKey()), f.getValue(), at + "." + f.getKey(), out);
                } else if (schema.has("additionalProperties")) {
                    check(schema.get("additionalProperties"), f.getValue(), at + "." + f.getKey(), out);
                }
            }
        }
    }

    private static String typeOf(JsonNode n) {
        if (n.isNull()) {
            return "null";
        }
        if (n.isTextual()) {
            return "string";
        }
        if (n.isIntegralNumber()) {
            return "integer";
        }
        if (n.isNumber()) {
            return "number";
        }
        if (n.isBoolean()) {
            return "boolean";
        }
        return n.isArray() ? "array" : "object";
    }
}
