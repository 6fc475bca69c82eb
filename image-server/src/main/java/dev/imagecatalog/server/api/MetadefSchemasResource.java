package dev.imagecatalog.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagecatalog.server.http.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v2/schemas/metadefs/{namespace,namespaces,object,objects,property,properties,tag,tags,resource_type,
 * resource_types}}: JSON Schema documents of the metadef bodies. The single-entity schemas are resource files
 * ({@code metadefs/*.json} beside this class); what they share (a property definition, an object, a tag, an
 * association) is put in each document's {@code definitions}, and the list schemas wrap the single ones. Built once.
 */
final class MetadefSchemasResource {
    private final Map<String, ObjectNode> schemas = new LinkedHashMap<>();

    private MetadefSchemasResource(ObjectMapper mapper) {
        ObjectNode property = load(mapper, "property");
        ObjectNode object = load(mapper, "object");
        ObjectNode tag = load(mapper, "tag");
        ObjectNode association = load(mapper, "resource_type");
        ObjectNode namespace = load(mapper, "namespace");

        ObjectNode definition = property.deepCopy();
        definition.remove("name");
        ((ObjectNode) definition.get("properties")).remove("name");
        definition.putArray("required").add("title").add("type");
        ObjectNode propertiesByName = mapper.createObjectNode().put("type", "object");
        propertiesByName.set("additionalProperties", definition);

        object.putObject("definitions").set("properties", propertiesByName);
        ObjectNode nsDefinitions = namespace.putObject("definitions");
        nsDefinitions.set("properties", propertiesByName);
        nsDefinitions.set("object", withoutName(object));
        nsDefinitions.set("tag", withoutName(tag));
        nsDefinitions.set("resource_type_association", withoutName(association));

        schemas.put("namespace", namespace);
        schemas.put("object", object);
        schemas.put("property", property);
        schemas.put("tag", tag);
        schemas.put("resource_type", association);

        ObjectNode namespaces = list(mapper, "namespaces", namespace, List.of("first", "next", "schema"));
        namespaces.putArray("links")
                .add(mapper.createObjectNode().put("rel", "first").put("href", "{first}"))
                .add(mapper.createObjectNode().put("rel", "next").put("href", "{next}"))
                .add(mapper.createObjectNode().put("rel", "describedby").put("href", "{schema}"));
        schemas.put("namespaces", namespaces);
        schemas.put("objects", list(mapper, "objects", object, List.of("schema")));
        ObjectNode properties = mapper.createObjectNode().put("name", "properties").put("type", "object");
        properties.putObject("properties").set("properties", propertiesByName);
        schemas.put("properties", properties);
        schemas.put("tags", list(mapper, "tags", tag, List.of()));
        schemas.put("resource_types", list(mapper, "resource_type_associations", association, List.of()));
    }

    static void register(Router router, ObjectMapper mapper) {
        MetadefSchemasResource r = new MetadefSchemasResource(mapper);
        r.schemas.forEach((name, schema) -> router.add("GET", "/v2/schemas/metadefs/" + name,
                ex -> ex.json(200, schema)));
    }

    /** A list document: {@code {name: [items]}} and the given string links; the item's definitions at the root. */
    private static ObjectNode list(ObjectMapper mapper, String name, ObjectNode item, List<String> links) {
        ObjectNode doc = mapper.createObjectNode().put("name", name).put("type", "object");
        ObjectNode props = doc.putObject("properties");
        props.putObject(name).put("type", "array").set("items", withoutName(item));
        for (String link : links) {
            props.putObject(link).put("type", "string");
        }
        if (item.has("definitions")) {
            doc.set("definitions", item.get("definitions").deepCopy());
        }
        return doc;
    }

    /** The schema as a part of another document: no name, its definitions left to the enclosing document. */
    private static ObjectNode withoutName(ObjectNode schema) {
        ObjectNode copy = schema.deepCopy();
        copy.remove("name");
        copy.remove("definitions");
        return copy;
    }

    private static ObjectNode load(ObjectMapper mapper, String name) {
        try (InputStream in = MetadefSchemasResource.class.getResourceAsStream("metadefs/" + name + ".json")) {
            if (in == null) {
                throw new IllegalStateException("schema resource metadefs/" + name + ".json missing");
            }
            JsonNode node = mapper.readTree(in);
            return (ObjectNode) node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
