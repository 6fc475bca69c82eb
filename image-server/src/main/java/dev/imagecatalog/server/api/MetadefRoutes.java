package dev.imagecatalog.server.api;

import dev.imagecatalog.server.http.Router;

/**
 * Every {@code /v2/metadefs/...} route and the metadef schemas ({@code /v2/schemas/metadefs/...}), over the
 * caller's {@link dev.imagecatalog.metadef.MetadefService}. Core decides access (404 for a namespace the caller
 * does not see, 403 for a refused rule or a protected namespace); the routes translate HTTP to that API.
 */
final class MetadefRoutes {
    private MetadefRoutes() {
    }

    static void register(Router router, ApiContext context) {
        MetadefRendering render = new MetadefRendering(context.mapper());
        MetadefBodies bodies = new MetadefBodies(context.mapper());
        MetadefNamespacesResource.register(router, context, render, bodies);
        MetadefObjectsResource.register(router, context, render, bodies);
        MetadefPropertiesResource.register(router, context, render, bodies);
        MetadefTagsResource.register(router, context, render, bodies);
        MetadefResourceTypesResource.register(router, context, render, bodies);
        MetadefSchemasResource.register(router, context.mapper());
    }
}
