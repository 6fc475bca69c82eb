package dev.imagecatalog.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagecatalog.metadef.ResourceTypeAssociation;
import dev.imagecatalog.server.http.Exchange;
import dev.imagecatalog.server.http.Router;

/**
 * {@code GET /v2/metadefs/resource_types} (every resource type) and a namespace's associations,
 * {@code /v2/metadefs/namespaces/{namespace}/resource_types[/{resource_type}]}: list, create (an unknown resource
 * type is created), delete.
 */
final class MetadefResourceTypesResource {
    private static final String ASSOCIATIONS = MetadefRendering.NAMESPACES + "/{namespace}/resource_types";

    private final ApiContext context;
    private final MetadefRendering render;
    private final MetadefBodies bodies;

    private MetadefResourceTypesResource(ApiContext context, MetadefRendering render, MetadefBodies bodies) {
        this.context = context;
        this.render = render;
        this.bodies = bodies;
    }

    static void register(Router router, ApiContext context, MetadefRendering render, MetadefBodies bodies) {
        MetadefResourceTypesResource r = new MetadefResourceTypesResource(context, render, bodies);
        router.add("GET", "/v2/metadefs/resource_types", r::listResourceTypes);
        router.add("GET", ASSOCIATIONS, r::listAssociations);
        router.add("POST", ASSOCIATIONS, r::associate);
        router.add("DELETE", ASSOCIATIONS + "/{resource_type}", ex -> {
            context.metadefs(ex).deleteAssociation(ex.param("namespace"), ex.param("resource_type"));
            ex.status(204);
        });
    }

    private void listResourceTypes(Exchange ex) throws Exception {
        ObjectNode body = render.newObject();
        ArrayNode list = body.putArray("resource_types");
        context.metadefs(ex).listResourceTypes().forEach(t -> list.add(render.resourceType(t)));
        ex.json(200, body);
    }

    private void listAssociations(Exchange ex) throws Exception {
        ObjectNode body = render.newObject();
        body.set("resource_type_associations",
                render.associations(context.metadefs(ex).listAssociations(ex.param("namespace"))));
        ex.json(200, body);
    }

    private void associate(Exchange ex) throws Exception {
        ResourceTypeAssociation association = bodies.association(ex.json());
        ex.json(201, render.association(context.metadefs(ex).createAssociation(ex.param("namespace"),
                association)));
    }
}
