package dev.imagecatalog.server.api;

import static dev.imagecatalog.server.api.MetadefHttp.READER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagecatalog.server.api.MetadefHttp.Answer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetadefSchemasTest {
    static MetadefHttp http;

    @BeforeAll
    static void start() {
        http = new MetadefHttp();
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @ParameterizedTest
    @CsvSource({"namespace,namespace,namespace", "namespaces,namespaces,namespaces", "object,object,name",
            "objects,objects,objects", "property,property,title", "properties,properties,properties",
            "tag,tag,name", "tags,tags,tags", "resource_type,resource_type_association,prefix",
            "resource_types,resource_type_associations,resource_type_associations"})
    void eachSchemaIsAJsonSchemaWhoseReferencesResolve(String path, String name, String aProperty) throws Exception {
        Answer r = http.get(READER, "/v2/schemas/metadefs/" + path);
        assertThat(r.status()).isEqualTo(200);
        JsonNode schema = r.json();
        assertThat(schema.get("name").asText()).isEqualTo(name);
        assertThat(schema.get("type").asText()).isEqualTo("object");
        assertThat(schema.get("properties").has(aProperty)).isTrue();
        List<String> refs = new ArrayList<>();
        collectRefs(schema, refs);
        for (String ref : refs) {
            assertThat(ref).startsWith("#/definitions/");
            assertThat(schema.path("definitions").has(ref.substring("#/definitions/".length()))).as(ref).isTrue();
        }
    }

    static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("$ref")) {
                    refs.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, refs));
        }
    }

    @Test
    void namespaceSchemaDescribesPropertiesAsADictOfDefinitionsNeedingTitleAndType() throws Exception {
        JsonNode schema = http.get(READER, "/v2/schemas/metadefs/namespace").json();
        assertThat(schema.get("properties").get("properties").get("$ref").asText())
                .isEqualTo("#/definitions/properties");
        JsonNode definition = schema.get("definitions").get("properties").get("additionalProperties");
        assertThat(definition.get("required").toString()).isEqualTo("[\"title\",\"type\"]");
        assertThat(definition.get("properties").has("name")).isFalse();
        assertThat(schema.get("properties").get("visibility").get("enum").toString())
                .isEqualTo("[\"public\",\"private\"]");
        JsonNode namespaces = http.get(READER, "/v2/schemas/metadefs/namespaces").json();
        assertThat(namespaces.get("properties").get("namespaces").get("items").get("properties").has("namespace"))
                .isTrue();
        assertThat(namespaces.get("links").get(1).get("href").asText()).isEqualTo("{next}");
        JsonNode property = http.get(READER, "/v2/schemas/metadefs/property").json();
        assertThat(property.get("required").toString()).isEqualTo("[\"name\",\"title\",\"type\"]");
    }

    /**
     * What glanceclient's warlock models check: each attribute of an answer is declared by the schema (no
     * additional ones where the schema forbids them), the required ones are present, and JSON types match.
     */
    static void conforms(JsonNode schema, JsonNode root, JsonNode value, String path, List<String> problems) {
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText().substring("#/definitions/".length());
            conforms(root.get("definitions").get(ref), root, value, path, problems);
            return;
        }
        String type = schema.path("type").asText("");
        boolean typeOk = switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "boolean" -> value.isBoolean();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            default -> true;
        };
        if (!typeOk) {
            problems.add(path + ": not " + type);
            return;
        }
        if (value.isObject()) {
            schema.path("required").forEach(r -> {
                if (!value.has(r.asText())) {
                    problems.add(path + "." + r.asText() + ": required");
                }
            });
            value.properties().forEach(e -> {
                JsonNode declared = schema.path("properties").get(e.getKey());
                JsonNode additional = schema.get("additionalProperties");
                if (declared != null) {
                    conforms(declared, root, e.getValue(), path + "." + e.getKey(), problems);
                } else if (additional != null && additional.isObject()) {
                    conforms(additional, root, e.getValue(), path + "." + e.getKey(), problems);
                } else if (additional != null && !additional.asBoolean()) {
                    problems.add(path + "." + e.getKey() + ": not in the schema");
                }
            });
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                conforms(schema.get("items"), root, value.get(i), path + "[" + i + "]", problems);
            }
        }
    }

    static List<String> problems(String schemaName, JsonNode answer) throws Exception {
        JsonNode schema = http.get(READER, "/v2/schemas/metadefs/" + schemaName).json();
        List<String> problems = new ArrayList<>();
        conforms(schema, schema, answer, schemaName, problems);
        return problems;
    }

    @Test
    void everyAnswerConformsToItsSchema() throws Exception {
        String ns = "/v2/metadefs/namespaces/OS::Test::Schema";
        assertThat(http.post(MetadefHttp.ADMIN, "/v2/metadefs/namespaces",
                MetadefNamespacesTest.FULL.replace("OS::Test::Full", "OS::Test::Schema")).status()).isEqualTo(201);
        JsonNode shown = http.get(READER, ns).json();
        assertThat(shown.has("objects") && shown.has("properties") && shown.has("tags")).isTrue();
        assertThat(problems("namespace", shown)).isEmpty();
        assertThat(problems("namespaces", http.get(READER, "/v2/metadefs/namespaces").json())).isEmpty();
        assertThat(problems("object", http.get(READER, ns + "/objects/Thread").json())).isEmpty();
        assertThat(problems("objects", http.get(READER, ns + "/objects").json())).isEmpty();
        assertThat(problems("property", http.get(READER, ns + "/properties/cpu_policy").json())).isEmpty();
        assertThat(problems("properties", http.get(READER, ns + "/properties").json())).isEmpty();
        assertThat(problems("tag", http.get(READER, ns + "/tags/fast").json())).isEmpty();
        assertThat(problems("tags", http.get(READER, ns + "/tags").json())).isEmpty();
        assertThat(problems("resource_types", http.get(READER, ns + "/resource_types").json())).isEmpty();
        assertThat(problems("namespace", MetadefHttp.MAPPER.readTree("{\"namespace\": \"x\", \"extra\": 1}")))
                .containsExactly("namespace.extra: not in the schema");
    }

    @Test
    void anUnknownMetadefSchemaIs404() throws Exception {
        assertThat(http.get(READER, "/v2/schemas/metadefs/colour").status()).isEqualTo(404);
        assertThat(http.send(READER, "POST", "/v2/schemas/metadefs/tag", "{}", Map.of()).status()).isEqualTo(405);
    }
}
