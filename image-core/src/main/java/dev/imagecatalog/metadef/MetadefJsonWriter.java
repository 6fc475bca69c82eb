package dev.imagecatalog.metadef;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/** Writes a namespace as a Glance metadefs tree (unset attributes left out). */
final class MetadefJsonWriter {
    private final ObjectMapper mapper;

    MetadefJsonWriter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The namespace as a Glance metadefs tree; timestamps only when {@code timestamps}. */
    ObjectNode toTree(MetadefNamespace ns, boolean timestamps) {
        ObjectNode root = mapper.createObjectNode();
        root.put("namespace", ns.namespace());
        putIfSet(root, "display_name", ns.displayName());
        putIfSet(root, "description", ns.description());
        root.put("visibility", ns.visibility().jsonValue());
        root.put("protected", ns.isProtected());
        putIfSet(root, "owner", ns.owner());
        if (timestamps) {
            putInstant(root, "created_at", ns.createdAt());
            putInstant(root, "updated_at", ns.updatedAt());
        }
        ArrayNode assocs = root.putArray("resource_type_associations");
        for (ResourceTypeAssociation a : ns.resourceTypeAssociations()) {
            ObjectNode n = assocs.addObject();
            n.put("name", a.name());
            putIfSet(n, "prefix", a.prefix());
            putIfSet(n, "properties_target", a.propertiesTarget());
            if (timestamps) {
                putInstant(n, "created_at", a.createdAt());
                putInstant(n, "updated_at", a.updatedAt());
            }
        }
        if (!ns.properties().isEmpty()) {
            root.set("properties", propertiesTree(ns.properties()));
        }
        if (!ns.objects().isEmpty()) {
            ArrayNode objects = root.putArray("objects");
            for (MetadefObject o : ns.objects()) {
                ObjectNode n = objects.addObject();
                n.put("name", o.name());
                putIfSet(n, "description", o.description());
                if (!o.required().isEmpty()) {
                    ArrayNode req = n.putArray("required");
                    o.required().forEach(req::add);
                }
                n.set("properties", propertiesTree(o.properties()));
                if (timestamps) {
                    putInstant(n, "created_at", o.createdAt());
                    putInstant(n, "updated_at", o.updatedAt());
                }
            }
        }
        if (!ns.tags().isEmpty()) {
            ArrayNode tags = root.putArray("tags");
            for (MetadefTag t : ns.tags()) {
                ObjectNode n = tags.addObject();
                n.put("name", t.name());
                if (timestamps) {
                    putInstant(n, "created_at", t.createdAt());
                    putInstant(n, "updated_at", t.updatedAt());
                }
            }
        }
        return root;
    }

    private ObjectNode propertiesTree(List<MetadefProperty> properties) {
        ObjectNode node = mapper.createObjectNode();
        for (MetadefProperty p : properties) {
            node.set(p.name(), propertyTree(p));
        }
        return node;
    }

    /** One property definition as Glance's JSON schema fragment (without its name). */
    ObjectNode propertyTree(MetadefProperty p) {
        ObjectNode n = mapper.createObjectNode();
        putIfSet(n, "title", p.title());
        putIfSet(n, "description", p.description());
        putIfSet(n, "type", p.type());
        if (p.enumValues() != null) {
            n.set("enum", mapper.valueToTree(p.enumValues()));
        }
        if (p.defaultValue() != null) {
            n.set("default", mapper.valueToTree(p.defaultValue()));
        }
        if (p.minimum() != null) {
            n.set("minimum", mapper.valueToTree(p.minimum()));
        }
        if (p.maximum() != null) {
            n.set("maximum", mapper.valueToTree(p.maximum()));
        }
        if (p.minLength() != null) {
            n.put("minLength", p.minLength());
        }
        if (p.maxLength() != null) {
            n.put("maxLength", p.maxLength());
        }
        putIfSet(n, "pattern", p.pattern());
        if (p.items() != null) {
            ObjectNode items = n.putObject("items");
            putIfSet(items, "type", p.items().type());
            if (p.items().enumValues() != null) {
                items.set("enum", mapper.valueToTree(p.items().enumValues()));
            }
        }
        if (p.minItems() != null) {
            n.put("minItems", p.minItems());
        }
        if (p.maxItems() != null) {
            n.put("maxItems", p.maxItems());
        }
        if (p.uniqueItems() != null) {
            n.put("uniqueItems", p.uniqueItems());
        }
        if (p.additionalItems() != null) {
            n.put("additionalItems", p.additionalItems());
        }
        if (p.readonly() != null) {
            n.put("readonly", p.readonly());
        }
        if (p.operators() != null) {
            ArrayNode ops = n.putArray("operators");
            p.operators().forEach(ops::add);
        }
        return n;
    }

    private static void putIfSet(ObjectNode n, String key, String value) {
        if (value != null) {
            n.put(key, value);
        }
    }

    private static void putInstant(ObjectNode n, String key, Instant value) {
        if (value != null) {
            n.put(key, value.toString());
        }
    }
}
