package dev.imagecatalog.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagecatalog.image.ImportMethod;
import dev.imagecatalog.image.ImportRequest;
import dev.imagecatalog.server.http.Exchange;
import dev.imagecatalog.server.http.HttpError;
import dev.imagecatalog.server.http.Router;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /v2/images/{image_id}/import}: Glance's interoperable image import. The body
 * {@code {"method": {"name": ..., "uri": ...}, "stores": [...], "all_stores": bool, "all_stores_must_succeed": bool}}
 * is read as Glance's {@code _validate_import_body} and {@code get_stores_from_request} read it (every refusal 400),
 * then {@link dev.imagecatalog.image.ImageService#importImage} starts the import and the answer is 202 with no body;
 * the import's task is at {@code GET /v2/images/{image_id}/tasks}. What the catalog refuses (image status, formats,
 * the import lock, an unknown store, a URL that does not pass filtering, quotas) keeps the catalog's status.
 */
final class ImportResource {
    private final ApiContext context;

    private ImportResource(ApiContext context) {
        this.context = context;
    }

    static void register(Router router, ApiContext context) {
        ImportResource r = new ImportResource(context);
        router.add("POST", "/v2/images/{image_id}/import", r::importImage);
    }

    private void importImage(Exchange ex) throws IOException {
        ImportRequest request = read(ex.json(), ex.header(ImageDataResource.STORE_HEADER),
                context.catalog().importMethods());
        context.images(ex).importImage(ex.param("image_id"), request);
        ex.status(202);
    }

    /**
     * Reads an import body.
     *
     * @param body        the request's JSON
     * @param storeHeader the {@code X-Image-Meta-Store} header, or null: the store when the body names none
     * @param enabled     the methods the catalog offers
     * @return the request
     * @throws HttpError 400 for a body Glance refuses
     */
    static ImportRequest read(JsonNode body, String storeHeader, List<ImportMethod> enabled) {
        if (!body.isObject()) {
            throw HttpError.badRequest("Import request body must be a JSON object.");
        }
        JsonNode method = body.get("method");
        if (method == null) {
            throw HttpError.badRequest("Import request requires a 'method' field.");
        }
        if (!method.isObject()) {
            throw HttpError.badRequest("Import request's 'method' must be an object.");
        }
        JsonNode name = method.get("name");
        if (name == null) {
            throw HttpError.badRequest("Import request requires a 'name' field.");
        }
        Optional<ImportMethod> known = name.isTextual() ? ImportMethod.of(name.asText()) : Optional.empty();
        if (known.isEmpty() || !enabled.contains(known.get())) {
            throw HttpError.badRequest("Unknown import method name '" + (name.isTextual() ? name.asText() : name)
                    + "'.");
        }
        boolean mustSucceed = flag(body, "all_stores_must_succeed", true);
        boolean allStores = flag(body, "all_stores", false);
        JsonNode uri = method.get("uri");
        if (uri != null && !uri.isNull() && !uri.isTextual()) {
            throw HttpError.badRequest("Import request's 'uri' must be a string.");
        }
        boolean header = storeHeader != null && !storeHeader.isBlank();
        if (allStores && (body.has("stores") || header)) {
            throw HttpError.badRequest(
                    "All_stores parameter can't be used with x-image-meta-store header or stores parameter");
        }
        List<String> stores = new ArrayList<>();
        if (body.has("stores")) {
            if (header) {
                throw HttpError.badRequest("Stores parameter and x-image-meta-store header can't be both specified");
            }
            JsonNode list = body.get("stores");
            if (!list.isArray()) {
                throw HttpError.badRequest("'stores' must be a list of store identifiers.");
            }
            for (JsonNode store : list) {
                if (!store.isTextual()) {
                    throw HttpError.badRequest("'stores' must be a list of store identifiers.");
                }
                stores.add(store.asText());
            }
        } else if (header) {
            stores.add(storeHeader.trim());
        }
        return new ImportRequest(known.get(), uri == null || uri.isNull() ? null : uri.asText(), stores, allStores,
                mustSucceed);
    }

    private static boolean flag(JsonNode body, String name, boolean absent) {
        JsonNode v = body.get(name);
        if (v == null) {
            return absent;
        }
        if (!v.isBoolean()) {
            throw HttpError.badRequest("'" + name + "' must be boolean value only");
        }
        return v.asBoolean();
    }
}
