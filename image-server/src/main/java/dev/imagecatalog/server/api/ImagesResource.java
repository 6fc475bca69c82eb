package dev.imagecatalog.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageQuery;
import dev.imagecatalog.image.Page;
import dev.imagecatalog.server.http.Exchange;
import dev.imagecatalog.server.http.Router;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The image records: {@code POST /v2/images} (201, {@code Location}), {@code GET /v2/images} (one page, with
 * Glance's {@code first}/{@code next} links), {@code GET}, {@code PATCH} and {@code DELETE /v2/images/{image_id}}.
 * Filters, sorting and paging are {@link ImageQuery#fromParameters}'; patches are {@link ImagePatchReader}'s;
 * every rule on what a caller may do is the catalog's.
 */
final class ImagesResource {
    private static final String LIST = "/v2/images";

    private final ApiContext context;

    private ImagesResource(ApiContext context) {
        this.context = context;
    }

    static void register(Router router, ApiContext context) {
        ImagesResource r = new ImagesResource(context);
        router.add("POST", LIST, r::create);
        router.add("GET", LIST, r::list);
        router.add("GET", "/v2/images/{image_id}", r::show);
        router.add("PATCH", "/v2/images/{image_id}", r::update);
        router.add("DELETE", "/v2/images/{image_id}", r::delete);
    }

    private void create(Exchange ex) throws IOException {
        JsonNode body = ex.json(Exchange.JSON);
        Image image = context.images(ex).create(ImageDraftReader.read(body));
        ex.setHeader("Location", ex.hostUrl() + ImageJson.href(image.id()));
        ex.json(201, ImageJson.render(image, ex.context()));
    }

    private void list(Exchange ex) throws IOException {
        Map<String, List<String>> query = ex.query();
        Page<Image> page = context.images(ex).list(ImageQuery.fromParameters(query));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("images", ImageJson.render(page.items(), ex.context()));
        body.put("first", ListLinks.first(LIST, query));
        body.put("schema", ImageJson.LIST_SCHEMA);
        page.nextMarker().ifPresent(marker -> body.put("next", ListLinks.next(LIST, query, marker)));
        ex.json(200, body);
    }

    private void show(Exchange ex) throws IOException {
        ex.json(200, ImageJson.render(context.images(ex).get(ex.param("image_id")), ex.context()));
    }

    private void update(Exchange ex) throws IOException {
        String id = ex.param("image_id");
        Image image = ImagePatchReader.apply(ex, context.images(ex), id);
        ex.json(200, ImageJson.render(image, ex.context()));
    }

    private void delete(Exchange ex) throws IOException {
        context.images(ex).delete(ex.param("image_id"));
        ex.status(204);
    }
}
