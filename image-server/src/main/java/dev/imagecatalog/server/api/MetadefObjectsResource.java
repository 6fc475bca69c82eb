package dev.imagecatalog.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagecatalog.metadef.MetadefObject;
import dev.imagecatalog.server.http.Exchange;
import dev.imagecatalog.server.http.Router;

/**
 * {@code /v2/metadefs/namespaces/{namespace}/objects[/{object_name}]}: list (Glance's {@code limit}, {@code marker},
 * {@code sort_key}, {@code sort_dir}), create, show, replace (may rename), delete.
 */
final class MetadefObjectsResource {
    private static final String ALL = MetadefRendering.NAMESPACES + "/{namespace}/objects";
    private static final String ONE = ALL + "/{object_name}";

    private final ApiContext context;
    private final MetadefRendering render;
    private final MetadefBodies bodies;
    private final MetadefListPaging<MetadefObject> paging =
            new MetadefListPaging<>("object", MetadefObject::name, MetadefObject::createdAt, MetadefObject::updatedAt);

    private MetadefObjectsResource(ApiContext context, MetadefRendering render, MetadefBodies bodies) {
        this.context = context;
        this.render = render;
        this.bodies = bodies;
    }

    static void register(Router router, ApiContext context, MetadefRendering render, MetadefBodies bodies) {
        MetadefObjectsResource r = new MetadefObjectsResource(context, render, bodies);
        router.add("GET", ALL, r::list);
        router.add("POST", ALL, r::create);
        router.add("GET", ONE, r::show);
        router.add("PUT", ONE, r::update);
        router.add("DELETE", ONE, ex -> {
            context.metadefs(ex).deleteObject(ex.param("namespace"), ex.param("object_name"));
            ex.status(204);
        });
    }

    private void list(Exchange ex) throws Exception {
        String namespace = ex.param("namespace");
        ObjectNode body = render.newObject();
        ArrayNode items = body.putArray("objects");
        paging.page(ex, context.metadefs(ex).listObjects(namespace))
                .forEach(o -> items.add(render.object(namespace, o)));
        // Glance writes this one schema link without its leading slash
        body.put("schema", "v2/schemas/metadefs/objects");
        ex.json(200, body);
    }

    private void create(Exchange ex) throws Exception {
        String namespace = ex.param("namespace");
        MetadefObject created = context.metadefs(ex).createObject(namespace, bodies.object(ex.json()));
        ex.json(201, render.object(namespace, created));
    }

    private void show(Exchange ex) throws Exception {
        String namespace = ex.param("namespace");
        ex.json(200, render.object(namespace, context.metadefs(ex).getObject(namespace, ex.param("object_name"))));
    }

    private void update(Exchange ex) throws Exception {
        String namespace = ex.param("namespace");
        MetadefObject replacement = bodies.object(ex.json());
        MetadefObject updated = context.metadefs(ex).updateObject(namespace, ex.param("object_name"), replacement);
        ex.json(200, render.object(namespace, updated));
    }
}
