package dev.imagecatalog.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagecatalog.metadef.MetadefProperty;
import dev.imagecatalog.metadef.MetadefService;
import dev.imagecatalog.server.http.Exchange;
import dev.imagecatalog.server.http.Router;

/**
 * {@code /v2/metadefs/namespaces/{namespace}/properties[/{property_name}]}: list (a dict keyed by name), create,
 * show (with {@code ?resource_type=}: the name asked carries that association's prefix, the answer names the
 * property as stored), replace (may rename), delete.
 */
final class MetadefPropertiesResource {
    private static final String ALL = MetadefRendering.NAMESPACES + "/{namespace}/properties";
    private static final String ONE = ALL + "/{property_name}";

    private final ApiContext context;
    private final MetadefRendering render;
    private final MetadefBodies bodies;

    private MetadefPropertiesResource(ApiContext context, MetadefRendering render, MetadefBodies bodies) {
        this.context = context;
        this.render = render;
        this.bodies = bodies;
    }

    static void register(Router router, ApiContext context, MetadefRendering render, MetadefBodies bodies) {
        MetadefPropertiesResource r = new MetadefPropertiesResource(context, render, bodies);
        router.add("GET", ALL, r::list);
        router.add("POST", ALL, r::create);
        router.add("GET", ONE, r::show);
        router.add("PUT", ONE, r::update);
        router.add("DELETE", ONE, ex -> {
            context.metadefs(ex).deleteProperty(ex.param("namespace"), ex.param("property_name"));
            ex.status(204);
        });
    }

    private void list(Exchange ex) throws Exception {
        ObjectNode body = render.newObject();
        body.set("properties", render.properties(context.metadefs(ex).listProperties(ex.param("namespace"))));
        ex.json(200, body);
    }

    private void create(Exchange ex) throws Exception {
        MetadefProperty created = context.metadefs(ex).createProperty(ex.param("namespace"),
                bodies.property(ex.json()));
        ex.json(201, render.property(created));
    }

    private void show(Exchange ex) throws Exception {
        MetadefService metadefs = context.metadefs(ex);
        String namespace = ex.param("namespace");
        String name = ex.param("property_name");
        String resourceType = ex.queryFirst("resource_type");
        if (resourceType == null || resourceType.isEmpty()) {
            ex.json(200, render.property(metadefs.getProperty(namespace, name)));
            return;
        }
        MetadefProperty prefixed = metadefs.getProperty(namespace, name, resourceType);
        String prefix = metadefs.listAssociations(namespace).stream()
                .filter(a -> a.name().equals(resourceType)).findFirst()
                .map(a -> a.prefixOrEmpty()).orElse("");
        String stored = prefixed.name().startsWith(prefix) ? prefixed.name().substring(prefix.length())
                : prefixed.name();
        ex.json(200, render.property(prefixed.withName(stored)));
    }

    private void update(Exchange ex) throws Exception {
        MetadefProperty replacement = bodies.property(ex.json());
        MetadefProperty updated = context.metadefs(ex).updateProperty(ex.param("namespace"),
                ex.param("property_name"), replacement);
        ex.json(200, render.property(updated));
    }
}
