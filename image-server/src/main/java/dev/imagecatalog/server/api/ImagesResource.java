package dev.imagecatalog.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageQuery;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.Page;
import dev.imagecatalog.image.StoreInfo;
import dev.imagecatalog.server.http.Exchange;
import dev.imagecatalog.server.http.Router;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The image records: {@code POST /v2/images} (201, {@code Location}), {@code GET /v2/images} (one page, with
 * Glance's {@code first}/{@code next} links), {@code GET}, {@code PATCH} and {@code DELETE /v2/images/{image_id}}.
 * Filters, sorting and paging are {@link ImageQuery#fromParameters}'; patches are {@link ImagePatchReader}'s;
 * every rule on what a caller may do is the catalog's. A created image's answer names, as Glance's does, the import
 * methods the catalog offers in {@code OpenStack-image-import-methods} (absent when it offers none) and the
 * catalog's stores in {@code OpenStack-image-store-ids}.
 */
final class ImagesResource {
    private static final String LIST = "/v2/images";

    /** Glance's header on a created image naming the stores an upload may choose ({@code X-Image-Meta-Store}). */
    static final String STORE_IDS_HEADER = "OpenStack-image-store-ids";
    /** Glance's header on a created image naming the import methods ({@code POST /v2/images/{id}/import}). */
    static final String IMPORT_METHODS_HEADER = "OpenStack-image-import-methods";

    private final ApiContext context;
    private final String storeIds;
    private final String importMethods;

    private ImagesResource(ApiContext context) {
        this.context = context;
        List<String> ids = new ArrayList<>();
        for (StoreInfo store : context.catalog().stores()) {
            ids.add(store.id());
        }
        this.storeIds = String.join(",", ids);
        this.importMethods = String.join(",", InfoResource.importMethodNames(context));
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
        ImageService images = context.images(ex);
        Image image = images.create(ImageDraftReader.read(body));
        ex.setHeader("Location", ex.hostUrl() + ImageJson.href(image.id()));
        if (!importMethods.isEmpty()) {
            ex.setHeader(IMPORT_METHODS_HEADER, importMethods);
        }
        ex.setHeader(STORE_IDS_HEADER, storeIds);
        ex.json(201, context.render(ex, images, image));
    }

    private void list(Exchange ex) throws IOException {
        Map<String, List<String>> query = ex.query();
        ImageService images = context.images(ex);
        Page<Image> page = images.list(ImageQuery.fromParameters(query));
        List<Map<String, Object>> rendered = new ArrayList<>(page.items().size());
        for (Image image : page.items()) {
            rendered.add(context.render(ex, images, image));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("images", rendered);
        body.put("first", ListLinks.first(LIST, query));
        body.put("schema", ImageJson.LIST_SCHEMA);
        page.nextMarker().ifPresent(marker -> body.put("next", ListLinks.next(LIST, query, marker)));
        ex.json(200, body);
    }

    private void show(Exchange ex) throws IOException {
        ImageService images = context.images(ex);
        ex.json(200, context.render(ex, images, images.get(ex.param("image_id"))));
    }

    private void update(Exchange ex) throws IOException {
        ImageService images = context.images(ex);
        Image image = ImagePatchReader.apply(ex, images, ex.param("image_id"));
        ex.json(200, context.render(ex, images, image));
    }

    private void delete(Exchange ex) throws IOException {
        context.images(ex).delete(ex.param("image_id"));
        ex.status(204);
    }
}
