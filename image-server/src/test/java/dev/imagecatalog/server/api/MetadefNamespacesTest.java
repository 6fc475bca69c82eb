package dev.imagecatalog.server.api;

import static dev.imagecatalog.server.api.MetadefHttp.ADMIN;
import static dev.imagecatalog.server.api.MetadefHttp.MEMBER;
import static dev.imagecatalog.server.api.MetadefHttp.OTHER_READER;
import static dev.imagecatalog.server.api.MetadefHttp.READER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagecatalog.server.api.MetadefHttp.Answer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetadefNamespacesTest {
    static final String NS = "/v2/metadefs/namespaces";
    static final String ISOTIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ";
    static final String FULL = """
            {"namespace": "OS::Test::Full", "display_name": "Full", "description": "everything",
             "visibility": "public", "protected": false,
             "resource_type_associations": [{"name": "OS::Glance::Image", "prefix": "hw_"}],
             "properties": {"cpu_policy": {"title": "CPU policy", "type": "string", "enum": ["shared", "dedicated"]}},
             "objects": [{"name": "Thread", "required": ["threads"],
                          "properties": {"threads": {"title": "Threads", "type": "integer", "minimum": 1}}}],
             "tags": [{"name": "fast"}, {"name": "small"}]}""";

    MetadefHttp http;

    @BeforeEach
    void start() {
        http = new MetadefHttp();
    }

    @AfterEach
    void stop() {
        http.close();
    }

    static String namespace(String name, String visibility, String owner, boolean isProtected) {
        return "{\"namespace\": \"" + name + "\", \"visibility\": \"" + visibility + "\", \"protected\": "
                + isProtected + (owner == null ? "" : ", \"owner\": \"" + owner + "\"") + "}";
    }

    @Test
    void createAnswers201WithLocationAndTheNamespaceAsGlanceRendersIt() throws Exception {
        Answer r = http.post(ADMIN, NS, FULL);
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.header("Location")).isEqualTo("/v2/metadefs/namespaces/OS::Test::Full");
        JsonNode b = r.json();
        assertThat(b.get("namespace").asText()).isEqualTo("OS::Test::Full");
        assertThat(b.get("owner").asText()).isEqualTo("admins");
        assertThat(b.get("visibility").asText()).isEqualTo("public");
        assertThat(b.get("protected").asBoolean()).isFalse();
        assertThat(b.get("created_at").asText()).matches(ISOTIME);
        assertThat(b.get("updated_at").asText()).matches(ISOTIME);
        assertThat(b.get("self").asText()).isEqualTo("/v2/metadefs/namespaces/OS::Test::Full");
        assertThat(b.get("schema").asText()).isEqualTo("/v2/schemas/metadefs/namespace");
        assertThat(b.get("properties").get("cpu_policy").get("enum").toString()).isEqualTo("[\"shared\",\"dedicated\"]");
        assertThat(b.get("properties").get("cpu_policy").has("name")).isFalse();
    }

    @Test
    void showGivesContentsAndAReaderOfAnotherProjectSeesAPublicNamespace() throws Exception {
        http.post(ADMIN, NS, FULL);
        Answer r = http.get(OTHER_READER, NS + "/OS::Test::Full");
        assertThat(r.status()).isEqualTo(200);
        JsonNode b = r.json();
        assertThat(b.get("display_name").asText()).isEqualTo("Full");
        assertThat(b.get("resource_type_associations").get(0).get("name").asText()).isEqualTo("OS::Glance::Image");
        assertThat(b.get("resource_type_associations").get(0).get("prefix").asText()).isEqualTo("hw_");
        assertThat(b.get("resource_type_associations").get(0).get("created_at").asText()).matches(ISOTIME);
        JsonNode object = b.get("objects").get(0);
        assertThat(object.get("name").asText()).isEqualTo("Thread");
        assertThat(object.get("self").asText()).isEqualTo("/v2/metadefs/namespaces/OS::Test::Full/objects/Thread");
        assertThat(object.get("schema").asText()).isEqualTo("/v2/schemas/metadefs/object");
        assertThat(object.get("properties").get("threads").get("minimum").asInt()).isEqualTo(1);
        assertThat(b.get("tags").toString()).isEqualTo("[{\"name\":\"fast\"},{\"name\":\"small\"}]");
        assertThat(b.has("display_name")).isTrue();
    }

    @Test
    void showWithResourceTypePrefixesPropertyNamesObjectPropertiesAndRequired() throws Exception {
        http.post(ADMIN, NS, FULL);
        JsonNode b = http.get(READER, NS + "/OS::Test::Full?resource_type=OS::Glance::Image").json();
        assertThat(b.get("properties").has("hw_cpu_policy")).isTrue();
        assertThat(b.get("properties").has("cpu_policy")).isFalse();
        assertThat(b.get("objects").get(0).get("properties").has("hw_threads")).isTrue();
        assertThat(b.get("objects").get(0).get("required").get(0).asText()).isEqualTo("hw_threads");

        JsonNode plain = http.get(READER, NS + "/OS::Test::Full?resource_type=OS::Nova::Flavor").json();
        assertThat(plain.get("properties").has("cpu_policy")).isTrue();
    }

    @Test
    void unsetAttributesAreLeftOut() throws Exception {
        JsonNode b = http.post(ADMIN, NS, "{\"namespace\": \"bare\"}").json();
        assertThat(b.has("display_name")).isFalse();
        assertThat(b.has("description")).isFalse();
        assertThat(b.has("properties")).isFalse();
        assertThat(b.has("objects")).isFalse();
        assertThat(b.has("tags")).isFalse();
        assertThat(b.has("resource_type_associations")).isFalse();
        assertThat(b.get("visibility").asText()).isEqualTo("private");
    }

    @Test
    void duplicateIs409() throws Exception {
        assertThat(http.post(ADMIN, NS, FULL).status()).isEqualTo(201);
        Answer again = http.post(ADMIN, NS, FULL);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("code").asText()).isEqualTo("409 Conflict");
    }

    @Test
    void badBodiesAre4xxAndLeaveNothingBehind() throws Exception {
        assertThat(http.post(ADMIN, NS, "{\"namespace\": ").status()).isEqualTo(400);
        assertThat(http.post(ADMIN, NS, "[1, 2]").status()).isEqualTo(400);
        assertThat(http.post(ADMIN, NS, "{\"display_name\": \"no name\"}").status()).isEqualTo(400);
        Answer unknown = http.post(ADMIN, NS, "{\"namespace\": \"x\", \"colour\": \"red\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("message").asText()).contains("colour");
        assertThat(http.post(ADMIN, NS, "{\"namespace\": \"x\", \"protected\": \"yes\"}").status()).isEqualTo(400);
        assertThat(http.post(ADMIN, NS, "{\"namespace\": \"x\", \"visibility\": \"shared\"}").status()).isEqualTo(400);
        assertThat(http.post(ADMIN, NS, "{\"namespace\": \"x\", \"properties\": {\"p\": {\"type\": \"string\"}}}")
                .status()).isEqualTo(400);
        Answer readOnly = http.post(ADMIN, NS, "{\"namespace\": \"x\", \"created_at\": \"2020-01-01T00:00:00Z\"}");
        assertThat(readOnly.status()).isEqualTo(403);
        assertThat(readOnly.json().get("message").asText()).isEqualTo("Attribute 'created_at' is read-only.");
        assertThat(http.send(ADMIN, "POST", NS, "{\"namespace\": \"x\"}", Map.of("Content-Type", "text/plain"))
                .status()).isEqualTo(415);
        assertThat(http.get(ADMIN, NS).json().get("namespaces").size()).isZero();
    }

    @Test
    void aReaderCannotWriteAndAMemberCannotMakeAPublicNamespace() throws Exception {
        assertThat(http.post(READER, NS, namespace("mine", "private", "p1", false)).status()).isEqualTo(403);
        assertThat(http.post(MEMBER, NS, namespace("pub", "public", null, false)).status()).isEqualTo(403);
        http.post(ADMIN, NS, namespace("shared", "public", null, false));
        assertThat(http.put(READER, NS + "/shared", namespace("shared", "public", null, false)).status())
                .isEqualTo(403);
        assertThat(http.delete(READER, NS + "/shared").status()).isEqualTo(403);
        assertThat(http.get(READER, NS + "/shared").status()).isEqualTo(200);
    }

    @Test
    void aPrivateNamespaceIsNotFoundForAnotherProjectAndMissingFromItsList() throws Exception {
        http.post(ADMIN, NS, namespace("p1-only", "private", "p1", false));
        assertThat(http.get(READER, NS + "/p1-only").status()).isEqualTo(200);
        Answer other = http.get(OTHER_READER, NS + "/p1-only");
        Answer missing = http.get(OTHER_READER, NS + "/no-such");
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.json().get("message").asText().replace("p1-only", "X"))
                .isEqualTo(missing.json().get("message").asText().replace("no-such", "X"));
        assertThat(http.delete(OTHER_READER, NS + "/p1-only").status()).isEqualTo(404);
        assertThat(http.get(OTHER_READER, NS).json().get("namespaces").size()).isZero();
        assertThat(http.get(READER, NS).json().get("namespaces").size()).isEqualTo(1);
    }

    @Test
    void protectedNamespaceRefusesDeletionOfItselfAndItsContents() throws Exception {
        String body = FULL.replace("\"protected\": false", "\"protected\": true");
        http.post(ADMIN, NS, body);
        String ns = NS + "/OS::Test::Full";
        for (String path : List.of(ns, ns + "/objects", ns + "/properties", ns + "/tags",
                ns + "/objects/Thread", ns + "/properties/cpu_policy", ns + "/tags/fast",
                ns + "/resource_types/OS::Glance::Image")) {
            assertThat(http.delete(ADMIN, path).status()).as(path).isEqualTo(403);
        }
        JsonNode after = http.get(ADMIN, ns).json();
        assertThat(after.get("objects").size()).isEqualTo(1);
        assertThat(after.get("tags").size()).isEqualTo(2);
        assertThat(after.get("properties").size()).isEqualTo(1);
        assertThat(after.get("resource_type_associations").size()).isEqualTo(1);
    }

    @Test
    void deleteAllOfAKindAnswers204AndKeepsTheOtherKinds() throws Exception {
        http.post(ADMIN, NS, FULL);
        String ns = NS + "/OS::Test::Full";
        assertThat(http.delete(ADMIN, ns + "/objects").status()).isEqualTo(204);
        JsonNode b = http.get(ADMIN, ns).json();
        assertThat(b.has("objects")).isFalse();
        assertThat(b.get("tags").size()).isEqualTo(2);
        assertThat(http.delete(ADMIN, ns + "/properties").status()).isEqualTo(204);
        assertThat(http.delete(ADMIN, ns + "/tags").status()).isEqualTo(204);
        b = http.get(ADMIN, ns).json();
        assertThat(b.has("properties")).isFalse();
        assertThat(b.has("tags")).isFalse();
        assertThat(http.delete(ADMIN, ns).status()).isEqualTo(204);
        assertThat(http.get(ADMIN, ns).status()).isEqualTo(404);
        assertThat(http.delete(ADMIN, ns).status()).isEqualTo(404);
        assertThat(http.delete(ADMIN, ns + "/tags").status()).isEqualTo(404);
    }

    @Test
    void putReplacesAttributesResetsOmittedOnesRenamesAndRefusesATakenName() throws Exception {
        http.post(ADMIN, NS, FULL);
        http.post(ADMIN, NS, "{\"namespace\": \"taken\"}");
        Answer r = http.put(ADMIN, NS + "/OS::Test::Full", "{\"namespace\": \"OS::Test::Renamed\", \"description\": \"d\"}");
        assertThat(r.status()).isEqualTo(200);
        JsonNode b = r.json();
        assertThat(b.get("namespace").asText()).isEqualTo("OS::Test::Renamed");
        assertThat(b.get("visibility").asText()).isEqualTo("private");
        assertThat(b.get("protected").asBoolean()).isFalse();
        assertThat(b.get("description").asText()).isEqualTo("d");
        assertThat(b.has("properties")).isFalse();
        assertThat(b.get("self").asText()).isEqualTo("/v2/metadefs/namespaces/OS::Test::Renamed");
        assertThat(http.get(ADMIN, NS + "/OS::Test::Full").status()).isEqualTo(404);
        assertThat(http.get(ADMIN, NS + "/OS::Test::Renamed").json().get("properties").has("cpu_policy")).isTrue();
        assertThat(http.put(ADMIN, NS + "/OS::Test::Renamed", "{\"namespace\": \"taken\"}").status()).isEqualTo(409);
        assertThat(http.put(ADMIN, NS + "/nothing", "{\"namespace\": \"nothing\"}").status()).isEqualTo(404);
        assertThat(http.put(ADMIN, NS + "/taken", "{\"namespace\": 5}").status()).isEqualTo(400);
    }

    @Test
    void listPagesWithFirstAndNextUntilEverythingIsSeenOnce() throws Exception {
        for (int i = 0; i < 5; i++) {
            http.post(ADMIN, NS, namespace("page-" + i, "public", null, false));
        }
        Answer first = http.get(READER, NS + "?limit=2&sort_key=namespace&sort_dir=asc");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("first").asText()).isEqualTo(NS + "?limit=2&sort_key=namespace&sort_dir=asc");
        assertThat(first.json().get("schema").asText()).isEqualTo("/v2/schemas/metadefs/namespaces");
        assertThat(first.json().get("next").asText())
                .isEqualTo(NS + "?limit=2&sort_key=namespace&sort_dir=asc&marker=page-1");
        List<String> seen = new ArrayList<>();
        JsonNode page = first.json();
        while (true) {
            page.get("namespaces").forEach(n -> seen.add(n.get("namespace").asText()));
            assertThat(page.get("namespaces").size()).isLessThanOrEqualTo(2);
            if (!page.has("next")) {
                break;
            }
            page = http.get(READER, page.get("next").asText()).json();
        }
        assertThat(seen).containsExactly("page-0", "page-1", "page-2", "page-3", "page-4");
        JsonNode desc = http.get(READER, NS + "?sort_key=namespace&sort_dir=desc").json();
        assertThat(desc.get("namespaces").get(0).get("namespace").asText()).isEqualTo("page-4");
        assertThat(desc.has("next")).isFalse();
        assertThat(desc.get("namespaces").get(0).get("self").asText()).isEqualTo(NS + "/page-4");
    }

    @Test
    void listFiltersByVisibilityAndResourceTypes() throws Exception {
        http.post(ADMIN, NS, FULL);
        http.post(ADMIN, NS, namespace("private-one", "private", "admins", false));
        JsonNode priv = http.get(ADMIN, NS + "?visibility=private").json().get("namespaces");
        assertThat(priv.size()).isEqualTo(1);
        assertThat(priv.get(0).get("namespace").asText()).isEqualTo("private-one");
        JsonNode byType = http.get(ADMIN, NS + "?resource_types=OS::Nova::Flavor,OS::Glance::Image").json()
                .get("namespaces");
        assertThat(byType.size()).isEqualTo(1);
        assertThat(byType.get(0).get("resource_type_associations").get(0).get("prefix").asText()).isEqualTo("hw_");
        assertThat(byType.get(0).has("properties")).isFalse();
    }

    @Test
    void badListParametersAre400AndAnUnknownMarker404() throws Exception {
        assertThat(http.get(ADMIN, NS + "?visibility=shared").status()).isEqualTo(400);
        assertThat(http.get(ADMIN, NS + "?sort_dir=up").status()).isEqualTo(400);
        assertThat(http.get(ADMIN, NS + "?sort_key=owner").status()).isEqualTo(400);
        assertThat(http.get(ADMIN, NS + "?limit=ten").status()).isEqualTo(400);
        assertThat(http.get(ADMIN, NS + "?limit=-1").status()).isEqualTo(400);
        assertThat(http.get(ADMIN, NS + "?marker=nowhere").status()).isEqualTo(404);
        assertThat(http.send(ADMIN, "PATCH", NS, "{}").status()).isEqualTo(405);
    }
}
