package dev.imagecatalog.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.metadef.MetadefJson;
import dev.imagecatalog.metadef.MetadefNamespace;
import dev.imagecatalog.metadef.MetadefObject;
import dev.imagecatalog.metadef.MetadefProperty;
import dev.imagecatalog.metadef.ResourceTypeAssociation;
import dev.imagecatalog.server.http.HttpError;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Request bodies of the metadef routes, read as Glance reads them: a read-only attribute ({@code created_at},
 * {@code self}, ...) is 403 "Attribute 'x' is read-only."; an unknown attribute or a wrong JSON type is 400 naming
 * it. Namespaces, objects and properties are read by core's {@link MetadefJson} (strict Glance metadef format).
 */
final class MetadefBodies {
    private static final List<String> READ_ONLY = List.of("self", "schema", "created_at", "updated_at");
    private static final String WRAPPER = "body";

    private final ObjectMapper mapper;
    private final MetadefJson json = new MetadefJson();

    MetadefBodies(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A namespace body of POST or PUT, with whatever contents it holds. */
    MetadefNamespace namespace(JsonNode body) {
        refuseReadOnly(jsonObject(body), READ_ONLY);
        return json.fromGlanceJson(body);
    }

    /** An object body: name, description, required, properties. */
    MetadefObject object(JsonNode body) {
        refuseReadOnly(jsonObject(body), READ_ONLY);
        ObjectNode doc = mapper.createObjectNode().put("namespace", WRAPPER);
        doc.putArray("objects").add(body);
        return unwrapped("objects[0].", () -> json.fromGlanceJson(doc).objects().get(0));
    }

    /** A property body: its name beside its definition. */
    MetadefProperty property(JsonNode body) {
        ObjectNode o = jsonObject(body);
        refuseReadOnly(o, List.of("created_at", "updated_at"));
        JsonNode name = o.get("name");
        if (name == null || name.isNull()) {
            throw new InvalidInputException("name: required");
        }
        if (!name.isTextual()) {
            throw new InvalidInputException("name: must be a string");
        }
        ObjectNode definition = o.deepCopy();
        definition.remove("name");
        ObjectNode doc = mapper.createObjectNode().put("namespace", WRAPPER);
        doc.putObject("properties").set(name.textValue(), definition);
        String prefix = "properties." + name.textValue() + ".";
        return unwrapped(prefix, () -> json.fromGlanceJson(doc).properties().get(0));
    }

    /** The tag names of {@code {"tags": [{"name": ...}, ...]}}. */
    List<String> tagNames(JsonNode body) {
        ObjectNode o = jsonObject(body);
        only(o, Set.of("tags"));
        JsonNode tags = o.get("tags");
        if (tags == null || !tags.isArray()) {
            throw new InvalidInputException("tags: must be a JSON array");
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < tags.size(); i++) {
            names.add(tagName(tags.get(i), "tags[" + i + "]."));
        }
        return names;
    }

    /** The new name of {@code {"name": ...}} (a tag's PUT). */
    String tagName(JsonNode body) {
        return tagName(body, "");
    }

    private String tagName(JsonNode body, String path) {
        ObjectNode o = jsonObject(body);
        refuseReadOnly(o, List.of("created_at", "updated_at"));
        only(o, Set.of("name"));
        return text(o, "name", path, true);
    }

    /** A resource type association: name, prefix, properties_target. */
    ResourceTypeAssociation association(JsonNode body) {
        ObjectNode o = jsonObject(body);
        refuseReadOnly(o, List.of("created_at", "updated_at"));
        only(o, Set.of("name", "prefix", "properties_target"));
        return ResourceTypeAssociation.of(text(o, "name", "", true), text(o, "prefix", "", false),
                text(o, "properties_target", "", false));
    }

    private static ObjectNode jsonObject(JsonNode body) {
        if (!(body instanceof ObjectNode o)) {
            throw new InvalidInputException("the body must be a JSON object");
        }
        return o;
    }

    private static void refuseReadOnly(ObjectNode o, List<String> readOnly) {
        for (String key : readOnly) {
            if (o.has(key)) {
                throw new HttpError(403, "Attribute '" + key + "' is read-only.");
            }
        }
    }

    private static void only(ObjectNode o, Set<String> allowed) {
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw new InvalidInputException(k + ": unknown attribute");
            }
        }
    }

    private static String text(ObjectNode o, String key, String path, boolean required) {
        JsonNode v = o.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                throw new InvalidInputException(path + key + ": required");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new InvalidInputException(path + key + ": must be a string");
        }
        return v.textValue();
    }

    /** Reads through the wrapping document, naming paths as the caller sent them (without the wrapper's). */
    private static <T> T unwrapped(String prefix, Supplier<T> read) {
        try {
            return read.get();
        } catch (InvalidInputException e) {
            String m = e.getMessage();
            if (m != null && m.startsWith(prefix)) {
                throw new InvalidInputException(m.substring(prefix.length()), e);
            }
            throw e;
        }
    }
}
