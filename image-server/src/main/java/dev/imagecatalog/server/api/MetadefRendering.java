package dev.imagecatalog.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagecatalog.metadef.MetadefJson;
import dev.imagecatalog.metadef.MetadefNamespace;
import dev.imagecatalog.metadef.MetadefObject;
import dev.imagecatalog.metadef.MetadefProperty;
import dev.imagecatalog.metadef.MetadefResourceType;
import dev.imagecatalog.metadef.MetadefTag;
import dev.imagecatalog.metadef.ResourceTypeAssociation;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Metadef entities as Glance's metadef serializers write them: unset attributes left out, timestamps in
 * {@code isotime} form ({@code 2024-05-01T12:00:00Z}), relative {@code self} and {@code schema} links (names raw, as
 * Glance writes them), properties as a dict keyed by name (their definitions written by core's {@link MetadefJson}).
 */
final class MetadefRendering {
    static final String NAMESPACES = "/v2/metadefs/namespaces";

    private static final String HEX = "0123456789ABCDEF";
    /** RFC 3986 pchar without percent-encoding: unreserved, sub-delims, ':' and '@'. */
    private static final String PATH_SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@";

    private final ObjectMapper mapper;
    private final MetadefJson json = new MetadefJson();

    MetadefRendering(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** {@return the path of a namespace, its name percent-encoded} */
    static String namespaceHref(String namespace) {
        return NAMESPACES + "/" + segment(namespace);
    }

    /**
     * {@return a name as a path segment: as Glance writes it (raw, so {@code OS::Compute::CPUPinning} keeps its
     * colons), except that what a URI path may not hold (spaces, {@code %}, {@code ?}, {@code #}, non-ASCII) is
     * percent-encoded}
     */
    static String segment(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c > 0x20 && c < 0x7f && PATH_SAFE.indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xf));
            }
        }
        return sb.toString();
    }

    /** The namespace's own attributes, its associations, {@code self} and {@code schema} (list items, PUT). */
    ObjectNode namespaceBase(MetadefNamespace ns, boolean withAssociations) {
        ObjectNode n = mapper.createObjectNode();
        n.put("namespace", ns.namespace());
        putIfSet(n, "display_name", ns.displayName());
        putIfSet(n, "description", ns.description());
        n.put("visibility", ns.visibility().jsonValue());
        n.put("protected", ns.isProtected());
        putIfSet(n, "owner", ns.owner());
        putIfSet(n, "created_at", GlanceTime.format(ns.createdAt()));
        putIfSet(n, "updated_at", GlanceTime.format(ns.updatedAt()));
        if (withAssociations && !ns.resourceTypeAssociations().isEmpty()) {
            n.set("resource_type_associations", associations(ns.resourceTypeAssociations()));
        }
        n.put("self", namespaceHref(ns.namespace()));
        n.put("schema", "/v2/schemas/metadefs/namespace");
        return n;
    }

    /** The namespace with its contents, each kind present only when not empty (show, create). */
    ObjectNode namespaceDetail(MetadefNamespace ns) {
        ObjectNode n = namespaceBase(ns, true);
        if (!ns.objects().isEmpty()) {
            ArrayNode objects = n.putArray("objects");
            ns.objects().forEach(o -> objects.add(object(ns.namespace(), o)));
        }
        if (!ns.properties().isEmpty()) {
            n.set("properties", properties(ns.properties()));
        }
        if (!ns.tags().isEmpty()) {
            ArrayNode tags = n.putArray("tags");
            ns.tags().forEach(t -> tags.addObject().put("name", t.name()));
        }
        return n;
    }

    /** One object with its timestamps and links. */
    ObjectNode object(String namespace, MetadefObject o) {
        ObjectNode n = mapper.createObjectNode();
        n.put("name", o.name());
        putIfSet(n, "description", o.description());
        if (!o.required().isEmpty()) {
            ArrayNode req = n.putArray("required");
            o.required().forEach(req::add);
        }
        n.set("properties", properties(o.properties()));
        putIfSet(n, "created_at", GlanceTime.format(o.createdAt()));
        putIfSet(n, "updated_at", GlanceTime.format(o.updatedAt()));
        n.put("self", namespaceHref(namespace) + "/objects/" + segment(o.name()));
        n.put("schema", "/v2/schemas/metadefs/object");
        return n;
    }

    /** Property definitions as a dict keyed by name, each definition without its name. */
    ObjectNode properties(List<MetadefProperty> properties) {
        if (properties.isEmpty()) {
            return mapper.createObjectNode();
        }
        ObjectNode tree = json.toGlanceTree(MetadefNamespace.builder("properties").properties(properties).build());
        return (ObjectNode) tree.get("properties");
    }

    /** One property definition with its name (show, create, update). */
    ObjectNode property(MetadefProperty p) {
        ObjectNode n = mapper.createObjectNode();
        n.put("name", p.name());
        n.setAll((ObjectNode) properties(List.of(p)).get(p.name()));
        return n;
    }

    /** One tag with its timestamps. */
    ObjectNode tag(MetadefTag t) {
        ObjectNode n = mapper.createObjectNode();
        n.put("name", t.name());
        putIfSet(n, "created_at", GlanceTime.format(t.createdAt()));
        putIfSet(n, "updated_at", GlanceTime.format(t.updatedAt()));
        return n;
    }

    /** Tags as {@code {"tags": [{"name": ...}]}}, names only. */
    ObjectNode tagNames(List<MetadefTag> tags) {
        ObjectNode n = mapper.createObjectNode();
        ArrayNode list = n.putArray("tags");
        tags.forEach(t -> list.addObject().put("name", t.name()));
        return n;
    }

    /** One resource type association with its timestamps. */
    ObjectNode association(ResourceTypeAssociation a) {
        ObjectNode n = mapper.createObjectNode();
        n.put("name", a.name());
        putIfSet(n, "prefix", a.prefix());
        putIfSet(n, "properties_target", a.propertiesTarget());
        putIfSet(n, "created_at", GlanceTime.format(a.createdAt()));
        putIfSet(n, "updated_at", GlanceTime.format(a.updatedAt()));
        return n;
    }

    ArrayNode associations(List<ResourceTypeAssociation> list) {
        ArrayNode a = mapper.createArrayNode();
        list.forEach(x -> a.add(association(x)));
        return a;
    }

    /** One resource type (name and timestamps). */
    ObjectNode resourceType(MetadefResourceType t) {
        ObjectNode n = mapper.createObjectNode();
        n.put("name", t.name());
        putIfSet(n, "created_at", GlanceTime.format(t.createdAt()));
        putIfSet(n, "updated_at", GlanceTime.format(t.updatedAt()));
        return n;
    }

    ObjectNode newObject() {
        return mapper.createObjectNode();
    }

    private static void putIfSet(ObjectNode n, String key, String value) {
        if (value != null) {
            n.put(key, value);
        }
    }
}
