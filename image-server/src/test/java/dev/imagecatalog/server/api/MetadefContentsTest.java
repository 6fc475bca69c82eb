package dev.imagecatalog.server.api;

import static dev.imagecatalog.server.api.MetadefHttp.ADMIN;
import static dev.imagecatalog.server.api.MetadefHttp.OTHER_READER;
import static dev.imagecatalog.server.api.MetadefHttp.READER;
import static dev.imagecatalog.server.api.MetadefNamespacesTest.ISOTIME;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagecatalog.server.api.MetadefHttp.Answer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Objects, properties, tags and resource type associations of a namespace, over HTTP. */
class MetadefContentsTest {
    static final String NS = "/v2/metadefs/namespaces/OS::Test::Box";
    static final String THREAD = """
            {"name": "Thread", "description": "threads", "required": ["threads"],
             "properties": {"threads": {"title": "Threads", "type": "integer", "minimum": 1}}}""";
    static final String POLICY = """
            {"name": "cpu_policy", "title": "CPU policy", "type": "string", "enum": ["shared", "dedicated"],
             "default": "shared"}""";

    MetadefHttp http;

    @BeforeEach
    void start() throws Exception {
        http = new MetadefHttp();
        Answer r = http.post(ADMIN, "/v2/metadefs/namespaces", """
                {"namespace": "OS::Test::Box", "visibility": "public",
                 "resource_type_associations": [{"name": "OS::Glance::Image", "prefix": "hw_"}]}""");
        assertThat(r.status()).isEqualTo(201);
        http.post(ADMIN, "/v2/metadefs/namespaces", "{\"namespace\": \"Locked\", \"protected\": true, "
                + "\"visibility\": \"public\", \"objects\": [{\"name\": \"o\"}], \"tags\": [{\"name\": \"t\"}],"
                + " \"properties\": {\"p\": {\"title\": \"P\", \"type\": \"string\"}}}");
        http.post(ADMIN, "/v2/metadefs/namespaces", "{\"namespace\": \"Hidden\", \"owner\": \"p1\"}");
    }

    @AfterEach
    void stop() {
        http.close();
    }

    // ------------------------------------------------------------------ objects

    @Test
    void objectCreateShowListUpdateDelete() throws Exception {
        Answer created = http.post(ADMIN, NS + "/objects", THREAD);
        assertThat(created.status()).isEqualTo(201);
        JsonNode o = created.json();
        assertThat(o.get("name").asText()).isEqualTo("Thread");
        assertThat(o.get("required").get(0).asText()).isEqualTo("threads");
        assertThat(o.get("properties").get("threads").get("type").asText()).isEqualTo("integer");
        assertThat(o.get("created_at").asText()).matches(ISOTIME);
        assertThat(o.get("self").asText()).isEqualTo("/v2/metadefs/namespaces/OS::Test::Box/objects/Thread");
        assertThat(o.get("schema").asText()).isEqualTo("/v2/schemas/metadefs/object");

        Answer shown = http.get(OTHER_READER, NS + "/objects/Thread");
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.json().get("description").asText()).isEqualTo("threads");

        JsonNode list = http.get(READER, NS + "/objects").json();
        assertThat(list.get("objects").size()).isEqualTo(1);
        assertThat(list.get("schema").asText()).isEqualTo("v2/schemas/metadefs/objects");

        Answer updated = http.put(ADMIN, NS + "/objects/Thread", "{\"name\": \"Core\", \"properties\": {}}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("name").asText()).isEqualTo("Core");
        assertThat(updated.json().has("required")).isFalse();
        assertThat(http.get(ADMIN, NS + "/objects/Thread").status()).isEqualTo(404);

        assertThat(http.delete(ADMIN, NS + "/objects/Core").status()).isEqualTo(204);
        assertThat(http.get(ADMIN, NS + "/objects/Core").status()).isEqualTo(404);
        assertThat(http.delete(ADMIN, NS + "/objects/Core").status()).isEqualTo(404);
    }

    @Test
    void selfLinksKeepColonsAndEncodeWhatAPathCannotHoldAndCanBeFollowed() throws Exception {
        JsonNode o = http.post(ADMIN, NS + "/objects", "{\"name\": \"Web Server\"}").json();
        String self = o.get("self").asText();
        assertThat(self).isEqualTo("/v2/metadefs/namespaces/OS::Test::Box/objects/Web%20Server");
        Answer followed = http.get(READER, self);
        assertThat(followed.status()).isEqualTo(200);
        assertThat(followed.json().get("name").asText()).isEqualTo("Web Server");
        assertThat(MetadefRendering.segment("100% é?#/")).isEqualTo("100%25%20%C3%A9%3F%23%2F");
    }

    @Test
    void objectListSortsAndPages() throws Exception {
        for (String name : List.of("b", "a", "c")) {
            http.post(ADMIN, NS + "/objects", "{\"name\": \"" + name + "\"}");
        }
        List<String> names = new ArrayList<>();
        http.get(READER, NS + "/objects?sort_key=name&sort_dir=asc&marker=a&limit=1").json().get("objects")
                .forEach(o -> names.add(o.get("name").asText()));
        assertThat(names).containsExactly("b");
        assertThat(http.get(READER, NS + "/objects?sort_key=name").json().get("objects").get(0).get("name").asText())
                .isEqualTo("c");
        assertThat(http.get(READER, NS + "/objects?marker=zzz").status()).isEqualTo(404);
        assertThat(http.get(READER, NS + "/objects?sort_dir=up").status()).isEqualTo(400);
    }

    @Test
    void objectFailures() throws Exception {
        http.post(ADMIN, NS + "/objects", THREAD);
        assertThat(http.post(ADMIN, NS + "/objects", THREAD).status()).isEqualTo(409);
        http.post(ADMIN, NS + "/objects", "{\"name\": \"Other\"}");
        assertThat(http.put(ADMIN, NS + "/objects/Other", THREAD).status()).isEqualTo(409);
        Answer noName = http.post(ADMIN, NS + "/objects", "{\"description\": \"x\"}");
        assertThat(noName.status()).isEqualTo(400);
        assertThat(noName.json().get("message").asText()).startsWith("name");
        assertThat(http.post(ADMIN, NS + "/objects", "{\"name\": \"x\", \"size\": 1}").status()).isEqualTo(400);
        assertThat(http.post(ADMIN, NS + "/objects",
                "{\"name\": \"x\", \"properties\": {\"p\": {\"title\": \"P\", \"type\": \"colour\"}}}").status())
                .isEqualTo(400);
        assertThat(http.post(ADMIN, NS + "/objects", "{\"name\": \"x\", \"self\": \"/x\"}").status())
                .isEqualTo(403);
        assertThat(http.post(READER, NS + "/objects", "{\"name\": \"x\"}").status()).isEqualTo(403);
        assertThat(http.post(ADMIN, "/v2/metadefs/namespaces/nowhere/objects", "{\"name\": \"x\"}").status())
                .isEqualTo(404);
        assertThat(http.get(OTHER_READER, "/v2/metadefs/namespaces/Hidden/objects").status()).isEqualTo(404);
        assertThat(http.get(ADMIN, NS + "/objects").json().get("objects").size()).isEqualTo(2);
    }

    // ------------------------------------------------------------------ properties

    @Test
    void propertyCreateShowListUpdateDelete() throws Exception {
        Answer created = http.post(ADMIN, NS + "/properties", POLICY);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("name").asText()).isEqualTo("cpu_policy");
        assertThat(created.json().get("default").asText()).isEqualTo("shared");

        JsonNode list = http.get(OTHER_READER, NS + "/properties").json();
        assertThat(list.get("properties").get("cpu_policy").get("title").asText()).isEqualTo("CPU policy");
        assertThat(list.get("properties").get("cpu_policy").has("name")).isFalse();

        JsonNode shown = http.get(READER, NS + "/properties/cpu_policy").json();
        assertThat(shown.get("name").asText()).isEqualTo("cpu_policy");
        assertThat(shown.get("enum").size()).isEqualTo(2);

        Answer updated = http.put(ADMIN, NS + "/properties/cpu_policy",
                "{\"name\": \"cpu_mode\", \"title\": \"CPU mode\", \"type\": \"string\", \"maxLength\": 10}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("maxLength").asInt()).isEqualTo(10);
        assertThat(updated.json().has("enum")).isFalse();
        assertThat(http.get(ADMIN, NS + "/properties/cpu_policy").status()).isEqualTo(404);

        assertThat(http.delete(ADMIN, NS + "/properties/cpu_mode").status()).isEqualTo(204);
        assertThat(http.get(ADMIN, NS + "/properties").json().get("properties").size()).isZero();
    }

    @Test
    void propertyShowWithResourceTypeTakesThePrefixedName() throws Exception {
        http.post(ADMIN, NS + "/properties", POLICY);
        Answer prefixed = http.get(READER, NS + "/properties/hw_cpu_policy?resource_type=OS::Glance::Image");
        assertThat(prefixed.status()).isEqualTo(200);
        assertThat(prefixed.json().get("name").asText()).isEqualTo("cpu_policy");
        assertThat(http.get(READER, NS + "/properties/cpu_policy?resource_type=OS::Glance::Image").status())
                .isEqualTo(404);
    }

    @Test
    void propertyFailures() throws Exception {
        http.post(ADMIN, NS + "/properties", POLICY);
        assertThat(http.post(ADMIN, NS + "/properties", POLICY).status()).isEqualTo(409);
        Answer noTitle = http.post(ADMIN, NS + "/properties", "{\"name\": \"p\", \"type\": \"string\"}");
        assertThat(noTitle.status()).isEqualTo(400);
        assertThat(noTitle.json().get("message").asText()).contains("title");
        assertThat(http.post(ADMIN, NS + "/properties", "{\"title\": \"P\", \"type\": \"string\"}").status())
                .isEqualTo(400);
        Answer badType = http.post(ADMIN, NS + "/properties", "{\"name\": \"p\", \"title\": \"P\", \"type\": 3}");
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.json().get("message").asText()).startsWith("type");
        assertThat(http.post(ADMIN, NS + "/properties",
                "{\"name\": \"p\", \"title\": \"P\", \"type\": \"string\", \"updated_at\": \"x\"}").status())
                .isEqualTo(403);
        assertThat(http.post(READER, NS + "/properties", POLICY.replace("cpu_policy", "other")).status())
                .isEqualTo(403);
        assertThat(http.delete(READER, NS + "/properties/cpu_policy").status()).isEqualTo(403);
        assertThat(http.get(OTHER_READER, "/v2/metadefs/namespaces/Hidden/properties").status()).isEqualTo(404);
        assertThat(http.get(ADMIN, NS + "/properties").json().get("properties").size()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ tags

    List<String> tagNames(String query) throws Exception {
        List<String> names = new ArrayList<>();
        http.get(READER, NS + "/tags" + query).json().get("tags").forEach(t -> names.add(t.get("name").asText()));
        return names;
    }

    @Test
    void postingTagsReplacesThemAllUnlessAppendIsAsked() throws Exception {
        assertThat(http.post(ADMIN, NS + "/tags", "{\"tags\": [{\"name\": \"a\"}, {\"name\": \"b\"}]}").status())
                .isEqualTo(201);
        Answer replaced = http.post(ADMIN, NS + "/tags", "{\"tags\": [{\"name\": \"d\"}, {\"name\": \"c\"}]}");
        assertThat(replaced.status()).isEqualTo(201);
        assertThat(replaced.json().toString()).isEqualTo("{\"tags\":[{\"name\":\"d\"},{\"name\":\"c\"}]}");
        assertThat(tagNames("?sort_key=name&sort_dir=asc")).containsExactly("c", "d");

        Answer appended = http.send(ADMIN, "POST", NS + "/tags", "{\"tags\": [{\"name\": \"e\"}]}",
                Map.of("X-Openstack-Append", "true"));
        assertThat(appended.status()).isEqualTo(201);
        assertThat(appended.json().toString()).isEqualTo("{\"tags\":[{\"name\":\"e\"}]}");
        assertThat(tagNames("?sort_key=name&sort_dir=asc")).containsExactly("c", "d", "e");

        assertThat(http.send(ADMIN, "POST", NS + "/tags", "{\"tags\": [{\"name\": \"c\"}]}",
                Map.of("X-Openstack-Append", "true")).status()).isEqualTo(409);
        assertThat(http.post(ADMIN, NS + "/tags", "{\"tags\": [{\"name\": \"x\"}, {\"name\": \"x\"}]}").status())
                .isEqualTo(409);
        assertThat(http.send(ADMIN, "POST", NS + "/tags", "{\"tags\": [{\"name\": \"f\"}]}",
                Map.of("X-Openstack-Append", "false")).status()).isEqualTo(201);
        assertThat(tagNames("")).containsExactly("f");
    }

    @Test
    void oneTagCreateShowRenameDelete() throws Exception {
        Answer created = http.post(ADMIN, NS + "/tags/fast", null);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("name").asText()).isEqualTo("fast");
        assertThat(created.json().get("created_at").asText()).matches(ISOTIME);
        assertThat(http.post(ADMIN, NS + "/tags/fast", null).status()).isEqualTo(409);
        assertThat(http.get(READER, NS + "/tags/fast").json().get("updated_at").asText()).matches(ISOTIME);
        Answer renamed = http.put(ADMIN, NS + "/tags/fast", "{\"name\": \"quick\"}");
        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.json().get("name").asText()).isEqualTo("quick");
        assertThat(http.get(READER, NS + "/tags/fast").status()).isEqualTo(404);
        assertThat(http.put(ADMIN, NS + "/tags/quick", "{\"title\": \"x\"}").status()).isEqualTo(400);
        assertThat(http.put(ADMIN, NS + "/tags/quick", "{\"name\": 1}").status()).isEqualTo(400);
        assertThat(http.post(ADMIN, NS + "/tags", "{\"tags\": \"a\"}").status()).isEqualTo(400);
        assertThat(http.post(ADMIN, NS + "/tags", "{\"tags\": [{\"label\": \"a\"}]}").status()).isEqualTo(400);
        assertThat(http.post(READER, NS + "/tags/slow", null).status()).isEqualTo(403);
        assertThat(http.delete(ADMIN, NS + "/tags/quick").status()).isEqualTo(204);
        assertThat(http.delete(ADMIN, NS + "/tags/quick").status()).isEqualTo(404);
        assertThat(tagNames("")).isEmpty();
    }

    @Test
    void tagListSortsPagesAndRefusesBadParameters() throws Exception {
        for (String t : List.of("b", "a", "c", "d")) {
            http.post(ADMIN, NS + "/tags/" + t, null);
        }
        assertThat(tagNames("?sort_key=name&sort_dir=asc")).containsExactly("a", "b", "c", "d");
        assertThat(tagNames("?sort_key=name&sort_dir=desc&limit=2")).containsExactly("d", "c");
        assertThat(tagNames("?sort_key=name&sort_dir=asc&marker=b&limit=1")).containsExactly("c");
        assertThat(tagNames("")).hasSize(4);
        assertThat(http.get(READER, NS + "/tags?marker=zzz").status()).isEqualTo(404);
        assertThat(http.get(READER, NS + "/tags?sort_dir=sideways").status()).isEqualTo(400);
        assertThat(http.get(READER, NS + "/tags?sort_key=colour").status()).isEqualTo(400);
        assertThat(http.get(READER, NS + "/tags?limit=x").status()).isEqualTo(400);
        assertThat(http.get(OTHER_READER, "/v2/metadefs/namespaces/Hidden/tags").status()).isEqualTo(404);
    }

    // ------------------------------------------------------------------ resource types

    @Test
    void associationsCreateListDeleteAndResourceTypesList() throws Exception {
        Answer created = http.post(ADMIN, NS + "/resource_types",
                "{\"name\": \"OS::Nova::Flavor\", \"prefix\": \"hw:\", \"properties_target\": \"flavor\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("prefix").asText()).isEqualTo("hw:");
        assertThat(created.json().get("properties_target").asText()).isEqualTo("flavor");
        assertThat(created.json().get("created_at").asText()).matches(ISOTIME);

        JsonNode list = http.get(READER, NS + "/resource_types").json().get("resource_type_associations");
        List<String> names = new ArrayList<>();
        list.forEach(a -> names.add(a.get("name").asText()));
        assertThat(names).containsExactlyInAnyOrder("OS::Glance::Image", "OS::Nova::Flavor");

        JsonNode types = http.get(OTHER_READER, "/v2/metadefs/resource_types").json().get("resource_types");
        List<String> typeNames = new ArrayList<>();
        types.forEach(t -> typeNames.add(t.get("name").asText()));
        assertThat(typeNames).contains("OS::Glance::Image", "OS::Nova::Flavor");
        assertThat(types.get(0).get("created_at").asText()).matches(ISOTIME);

        assertThat(http.post(ADMIN, NS + "/resource_types", "{\"name\": \"OS::Nova::Flavor\"}").status())
                .isEqualTo(409);
        assertThat(http.delete(ADMIN, NS + "/resource_types/OS::Nova::Flavor").status()).isEqualTo(204);
        assertThat(http.delete(ADMIN, NS + "/resource_types/OS::Nova::Flavor").status()).isEqualTo(404);
        assertThat(http.get(READER, NS + "/resource_types").json().get("resource_type_associations").size())
                .isEqualTo(1);
    }

    @Test
    void associationFailures() throws Exception {
        assertThat(http.post(ADMIN, NS + "/resource_types", "{\"prefix\": \"x_\"}").status()).isEqualTo(400);
        assertThat(http.post(ADMIN, NS + "/resource_types", "{\"name\": \"OS::X\", \"weight\": 1}").status())
                .isEqualTo(400);
        assertThat(http.post(ADMIN, NS + "/resource_types", "{\"name\": \"OS::X\"").status()).isEqualTo(400);
        assertThat(http.post(READER, NS + "/resource_types", "{\"name\": \"OS::X\"}").status()).isEqualTo(403);
        assertThat(http.delete(READER, NS + "/resource_types/OS::Glance::Image").status()).isEqualTo(403);
        assertThat(http.post(OTHER_READER, "/v2/metadefs/namespaces/Hidden/resource_types",
                "{\"name\": \"OS::X\"}").status()).isEqualTo(404);
        assertThat(http.get(READER, NS + "/resource_types").json().get("resource_type_associations").size())
                .isEqualTo(1);
        assertThat(http.send(ADMIN, "PUT", NS + "/resource_types", "{}").header("Allow")).isEqualTo("GET, POST");
    }
}
