package dev.imagecatalog.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagecatalog.image.ImageFormats;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.MemberStatus;
import dev.imagecatalog.image.Visibility;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import dev.imagecatalog.server.http.Router;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The JSON Schema documents of {@code /v2/schemas/image}, {@code images}, {@code member}, {@code members},
 * {@code task} and {@code tasks}, as python-glanceclient reads them: it validates images and members with them
 * (warlock), builds its CLI options from the image schema's properties, and sends {@code replace} for a property
 * the image lacks only when the schema has it as a base property ({@code is_base} absent or true; the typed custom
 * properties are {@code "is_base": false}). The singular documents are resource files beside this class; the enums
 * that depend on the catalog (formats) or on core's types (statuses, visibilities) are filled in here, once, when
 * the server starts.
 */
final class SchemasResource {

    private SchemasResource() {
    }

    static void register(Router router, ApiContext context) {
        ObjectMapper mapper = context.mapper();
        Map<String, JsonNode> documents = documents(mapper, context.catalog().formats());
        documents.forEach((name, document) ->
                router.add("GET", "/v2/schemas/" + name, ex -> ex.json(200, document)));
    }

    /** {@return every schema document by its name in the path} */
    static Map<String, JsonNode> documents(ObjectMapper mapper, ImageFormats formats) {
        ObjectNode image = load(mapper, "schema-image.json");
        ObjectNode imageProperties = (ObjectNode) image.get("properties");
        fill(imageProperties, "status", wireNames(ImageStatus.values()), false);
        fill(imageProperties, "visibility", wireNames(Visibility.values()), false);
        fill(imageProperties, "disk_format", new TreeSet<>(formats.diskFormats()), true);
        fill(imageProperties, "container_format", new TreeSet<>(formats.containerFormats()), true);

        ObjectNode member = load(mapper, "schema-member.json");
        fill((ObjectNode) member.get("properties"), "status", wireNames(MemberStatus.values()), false);

        ObjectNode task = load(mapper, "schema-task.json");
        ObjectNode listedTask = task.deepCopy();
        ((ObjectNode) listedTask.get("properties")).remove(List.of("input", "result", "message"));

        return Map.of("image", image, "images", collection(mapper, "images", image),
                "member", member, "members", collection(mapper, "members", member),
                "task", task, "tasks", collection(mapper, "tasks", listedTask));
    }

    /**
     * A list document: the items' schema under {@code <name>}, and the {@code first}, {@code next} and
     * {@code schema} links, which its {@code links} name.
     */
    private static ObjectNode collection(ObjectMapper mapper, String name, ObjectNode item) {
        ObjectNode doc = mapper.createObjectNode();
        doc.put("name", name);
        ObjectNode properties = doc.putObject("properties");
        ObjectNode items = properties.putObject(name);
        items.put("type", "array");
        items.set("items", item);
        ArrayNode links = doc.putArray("links");
        for (String link : List.of("first", "next", "schema")) {
            properties.putObject(link).put("type", "string");
            links.addObject().put("rel", link.equals("schema") ? "describedby" : link).put("href", "{" + link + "}");
        }
        return doc;
    }

    private static void fill(ObjectNode properties, String property, Collection<String> values, boolean nullable) {
        ArrayNode e = ((ObjectNode) properties.get(property)).putArray("enum");
        if (nullable) {
            e.addNull();
        }
        values.forEach(e::add);
    }

    private static List<String> wireNames(Object[] values) {
        List<String> names = new ArrayList<>();
        for (Object v : values) {
            names.add(v.toString());
        }
        return names;
    }

    private static ObjectNode load(ObjectMapper mapper, String resource) {
        try (InputStream in = SchemasResource.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return (ObjectNode) mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
    }
}
