package dev.imagecatalog.server.api;

import dev.imagecatalog.server.http.Exchange;
import dev.imagecatalog.server.http.Router;
import java.io.IOException;

/**
 * An image's tags one at a time: {@code PUT /v2/images/{image_id}/tags/{tag}} (204, idempotent) and
 * {@code DELETE} (204; a tag the image lacks is 404), as Glance's {@code image_tags.py}. The tag is the decoded path
 * segment; its length, characters and the tag quota are the catalog's rules.
 */
final class TagsResource {
    private final ApiContext context;

    private TagsResource(ApiContext context) {
        this.context = context;
    }

    static void register(Router router, ApiContext context) {
        TagsResource r = new TagsResource(context);
        router.add("PUT", "/v2/images/{image_id}/tags/{tag}", r::add);
        router.add("DELETE", "/v2/images/{image_id}/tags/{tag}", r::remove);
    }

    private void add(Exchange ex) throws IOException {
        context.images(ex).addTag(ex.param("image_id"), ex.param("tag"));
        ex.status(204);
    }

    private void remove(Exchange ex) throws IOException {
        context.images(ex).removeTag(ex.param("image_id"), ex.param("tag"));
        ex.status(204);
    }
}
