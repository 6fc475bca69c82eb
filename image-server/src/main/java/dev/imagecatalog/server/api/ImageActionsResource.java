package dev.imagecatalog.server.api;

import dev.imagecatalog.server.http.Exchange;
import dev.imagecatalog.server.http.Router;
import java.io.IOException;

/**
 * {@code POST /v2/images/{image_id}/actions/deactivate} and {@code .../reactivate} (204), as Glance's
 * {@code image_actions.py}: who may (policies {@code deactivate}, {@code reactivate}) and from which status (403
 * otherwise; idempotent on the target status) are the catalog's rules. A request body is ignored, as Glance ignores
 * it.
 */
final class ImageActionsResource {
    private final ApiContext context;

    private ImageActionsResource(ApiContext context) {
        this.context = context;
    }

    static void register(Router router, ApiContext context) {
        ImageActionsResource r = new ImageActionsResource(context);
        router.add("POST", "/v2/images/{image_id}/actions/deactivate", r::deactivate);
        router.add("POST", "/v2/images/{image_id}/actions/reactivate", r::reactivate);
    }

    private void deactivate(Exchange ex) throws IOException {
        context.images(ex).deactivate(ex.param("image_id"));
        ex.status(204);
    }

    private void reactivate(Exchange ex) throws IOException {
        context.images(ex).reactivate(ex.param("image_id"));
        ex.status(204);
    }
}
