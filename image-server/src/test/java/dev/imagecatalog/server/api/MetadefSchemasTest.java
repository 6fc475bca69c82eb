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

    @Test
    void anUnknownMetadefSchemaIs404() throws Exception {
        assertThat(http.get(READER, "/v2/schemas/metadefs/colour").status()).isEqualTo(404);
        assertThat(http.send(READER, "POST", "/v2/schemas/metadefs/tag", "{}", Map.of()).status()).isEqualTo(405);
    }
}
