package dev.imagecatalog.server.api;

import dev.imagecatalog.server.http.Router;

/** The Glance v2 API: every resource's routes, registered on one router. */
public final class Api {
    private Api() {
    }

    /** {@return a router with every route of the API, serving through {@code context}} */
    public static Router routes(ApiContext context) {
        Router router = new Router();
        VersionsResource.register(router, context);
        ImageDataResource.register(router, context);
        ImagesResource.register(router, context);
        TagsResource.register(router, context);
        ImageActionsResource.register(router, context);
        MetadefRoutes.register(router, context);
        MembersResource.register(router, context);
        LocationsResource.register(router, context);
        ImportResource.register(router, context);
        TasksResource.register(router, context);
        InfoResource.register(router, context);
        SchemasResource.register(router, context);
        CacheResource.register(router, context);
        return router;
    }
}
