package dev.imagecatalog.metadef;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagecatalog.error.InvalidInputException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a namespace from a Glance metadefs tree, strictly: an unknown attribute or a value of the wrong JSON type
 * is an {@link InvalidInputException} naming its path. Stateless.
 */
final class MetadefJsonReader {
    private static final Set<String> IGNORED_NAMESPACE_KEYS = Set.of("self", "schema");
    private static final Set<String> PROPERTY_KEYS = Set.of("name", "title", "description", "type", "enum", "default",
            "minimum", "maximum", "minLength", "maxLength", "pattern", "items", "minItems", "maxItems", "uniqueItems",
            "additionalItems", "readonly", "operators");

    /** The namespace a Glance document holds; timestamps are read only when {@code timestamps}. */
    MetadefNamespace read(JsonNode root, boolean timestamps) {
        if (root == null || !root.isObject()) {
            throw new InvalidInputException("a metadefs document must be a JSON object");
        }
        MetadefNamespace.Builder b = MetadefNamespace.builder(null);
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            String key = e.getKey();
            JsonNode v = e.getValue();
            switch (key) {
                case "namespace" -> b.namespace(text(v, key));
                case "display_name" -> b.displayName(text(v, key));
                case "description" -> b.description(text(v, key));
                case "visibility" -> b.visibility(v.isNull() ? null : MetadefVisibility.parse(text(v, key)));
                case "protected" -> b.isProtected(v.isNull() ? false : bool(v, key));
                case "owner" -> b.owner(text(v, key));
                case "created_at" -> b.createdAt(timestamps ? instant(v, key) : null);
                case "updated_at" -> b.updatedAt(timestamps ? instant(v, key) : null);
                case "resource_type_associations" -> b.resourceTypeAssociations(associations(v, key, timestamps));
                case "properties" -> b.properties(properties(v, key));
                case "objects" -> b.objects(objects(v, key, timestamps));
                case "tags" -> b.tags(tags(v, key, timestamps));
                default -> {
                    if (!IGNORED_NAMESPACE_KEYS.contains(key)) {
                        throw new InvalidInputException(key + ": unknown namespace attribute");
                    }
                }
            }
        }
        if (b.draftName() == null) {
            throw new InvalidInputException("namespace: required");
        }
        return b.build();
    }

    private List<ResourceTypeAssociation> associations(JsonNode v, String path, boolean timestamps) {
        List<ResourceTypeAssociation> list = new ArrayList<>();
        if (v.isNull()) {
            return list;
        }
        array(v, path);
        for (int i = 0; i < v.size(); i++) {
            JsonNode a = object(v.get(i), path + "[" + i + "]");
            String p = path + "[" + i + "]";
            only(a, p, Set.of("name", "prefix", "properties_target", "created_at", "updated_at"));
            String name = text(a.get("name"), p + ".name");
            if (name == null) {
                throw new InvalidInputException(p + ".name: required");
            }
            list.add(new ResourceTypeAssociation(name, text(a.get("prefix"), p + ".prefix"),
                    text(a.get("properties_target"), p + ".properties_target"),
                    timestamps ? instant(a.get("created_at"), p + ".created_at") : null,
                    timestamps ? instant(a.get("updated_at"), p + ".updated_at") : null));
        }
        return list;
    }

    private List<MetadefObject> objects(JsonNode v, String path, boolean timestamps) {
        List<MetadefObject> list = new ArrayList<>();
        if (v.isNull()) {
            return list;
        }
        array(v, path);
        for (int i = 0; i < v.size(); i++) {
            String p = path + "[" + i + "]";
            JsonNode o = object(v.get(i), p);
            only(o, p, Set.of("name", "description", "required", "properties", "created_at", "updated_at", "self",
                    "schema"));
            String name = text(o.get("name"), p + ".name");
            if (name == null) {
                throw new InvalidInputException(p + ".name: required");
            }
            list.add(new MetadefObject(name, text(o.get("description"), p + ".description"),
                    strings(o.get("required"), p + ".required"),
                    o.has("properties") ? properties(o.get("properties"), p + ".properties") : List.of(),
                    timestamps ? instant(o.get("created_at"), p + ".created_at") : null,
                    timestamps ? instant(o.get("updated_at"), p + ".updated_at") : null));
        }
        return list;
    }

    private List<MetadefTag> tags(JsonNode v, String path, boolean timestamps) {
        List<MetadefTag> list = new ArrayList<>();
        if (v.isNull()) {
            return list;
        }
        array(v, path);
        for (int i = 0; i < v.size(); i++) {
            String p = path + "[" + i + "]";
            JsonNode t = object(v.get(i), p);
            only(t, p, Set.of("name", "created_at", "updated_at"));
            String name = text(t.get("name"), p + ".name");
            if (name == null) {
                throw new InvalidInputException(p + ".name: required");
            }
            list.add(new MetadefTag(name, timestamps ? instant(t.get("created_at"), p + ".created_at") : null,
                    timestamps ? instant(t.get("updated_at"), p + ".updated_at") : null));
        }
        return list;
    }

    private List<MetadefProperty> properties(JsonNode v, String path) {
        List<MetadefProperty> list = new ArrayList<>();
        if (v.isNull()) {
            return list;
        }
        object(v, path);
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            list.add(property(e.getKey(), e.getValue(), path + "." + e.getKey()));
        }
        return list;
    }

    /** Reads one property definition (the value of a {@code properties} entry). */
    MetadefProperty property(String name, JsonNode v, String p) {
        object(v, p);
        only(v, p, PROPERTY_KEYS);
        MetadefProperty.Builder b = MetadefProperty.builder(name)
                .type(text(v.get("type"), p + ".type"))
                .title(text(v.get("title"), p + ".title"))
                .description(text(v.get("description"), p + ".description"))
                .defaultValue(value(v.get("default")))
                .minimum(number(v.get("minimum"), p + ".minimum"))
                .maximum(number(v.get("maximum"), p + ".maximum"))
                .minLength(integer(v.get("minLength"), p + ".minLength"))
                .maxLength(integer(v.get("maxLength"), p + ".maxLength"))
                .pattern(text(v.get("pattern"), p + ".pattern"))
                .minItems(integer(v.get("minItems"), p + ".minItems"))
                .maxItems(integer(v.get("maxItems"), p + ".maxItems"))
                .uniqueItems(optBool(v.get("uniqueItems"), p + ".uniqueItems"))
                .additionalItems(optBool(v.get("additionalItems"), p + ".additionalItems"))
                .readonly(optBool(v.get("readonly"), p + ".readonly"))
                .operators(v.has("operators") && !v.get("operators").isNull()
                        ? strings(v.get("operators"), p + ".operators") : null);
        if (v.has("enum") && !v.get("enum").isNull()) {
            b.enumValues(values(array(v.get("enum"), p + ".enum")));
        }
        if (v.has("items") && !v.get("items").isNull()) {
            JsonNode items = object(v.get("items"), p + ".items");
            only(items, p + ".items", Set.of("type", "enum"));
            b.items(new MetadefProperty.Items(text(items.get("type"), p + ".items.type"),
                    items.has("enum") && !items.get("enum").isNull()
                            ? values(array(items.get("enum"), p + ".items.enum")) : null));
        }
        return b.build();
    }

    private static void only(JsonNode node, String path, Set<String> allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw new InvalidInputException(path + "." + k + ": unknown attribute");
            }
        }
    }

    private static JsonNode object(JsonNode v, String path) {
        if (v == null || !v.isObject()) {
            throw new InvalidInputException(path + ": must be a JSON object");
        }
        return v;
    }

    private static JsonNode array(JsonNode v, String path) {
        if (v == null || !v.isArray()) {
            throw new InvalidInputException(path + ": must be a JSON array");
        }
        return v;
    }

    private static String text(JsonNode v, String path) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new InvalidInputException(path + ": must be a string");
        }
        return v.textValue();
    }

    private static boolean bool(JsonNode v, String path) {
        if (!v.isBoolean()) {
            throw new InvalidInputException(path + ": must be true or false");
        }
        return v.booleanValue();
    }

    private static Boolean optBool(JsonNode v, String path) {
        return v == null || v.isNull() ? null : bool(v, path);
    }

    private static Number number(JsonNode v, String path) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw new InvalidInputException(path + ": must be a number");
        }
        return (Number) value(v);
    }

    private static Integer integer(JsonNode v, String path) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0) {
            throw new InvalidInputException(path + ": must be a non-negative integer");
        }
        return v.intValue();
    }

    private static List<String> strings(JsonNode v, String path) {
        List<String> list = new ArrayList<>();
        if (v == null || v.isNull()) {
            return list;
        }
        array(v, path);
        for (int i = 0; i < v.size(); i++) {
            String s = text(v.get(i), path + "[" + i + "]");
            if (s == null) {
                throw new InvalidInputException(path + "[" + i + "]: must be a string");
            }
            list.add(s);
        }
        return list;
    }

    private static List<Object> values(JsonNode array) {
        List<Object> list = new ArrayList<>();
        array.forEach(x -> list.add(value(x)));
        return list;
    }

    private static Object value(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber()) {
            return v.canConvertToLong() ? (Object) v.longValue() : v.bigIntegerValue();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isArray()) {
            return values(v);
        }
        Map<String, Object> map = new LinkedHashMap<>();
        v.properties().forEach(e -> map.put(e.getKey(), value(e.getValue())));
        return map;
    }

    private static Instant instant(JsonNode v, String path) {
        String s = text(v, path);
        if (s == null) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(path + ": '" + s + "' is not an ISO-8601 instant", e);
        }
    }
}
