package dev.imagecatalog.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.LocationValidation;
import dev.imagecatalog.image.StoreInfo;
import dev.imagecatalog.server.http.Exchange;
import dev.imagecatalog.server.http.HttpError;
import dev.imagecatalog.server.http.Router;
import java.io.IOException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

/**
 * Where an image's data is: {@code GET /v2/images/{image_id}/locations} (200, a JSON array of
 * {@link LocationJson}'s locations), {@code POST /v2/images/{image_id}/locations} (202, no body: Glance's
 * location API, giving a {@code queued} image a location that already holds its bytes; another status is 409, as in
 * Glance, where the {@code add /locations} patch also reaches active images) and
 * {@code DELETE /v2/stores/{store_id}/{image_id}} (204: the image's data leaves one store, the image stays; a store
 * the catalog does not configure is 409, as in Glance). The
 * catalog decides who may, in which status, and checks the bytes ({@link ImageService#fetchLocations},
 * {@link ImageService#addLocation}, {@link ImageService#deleteFromStore}); this class reads the body as Glance's
 * location schema does.
 */
final class LocationsResource {
    /** Glance's {@code validation_data} of the location API: a multihash, both parts or neither. */
    private static final Set<String> HASH_ALGORITHMS = Set.of("sha1", "sha256", "sha512", "md5");
    private static final int MAX_ALGO = 64;
    private static final int MAX_HASH = 128;

    private final ApiContext context;
    private final Set<String> storeIds = new HashSet<>();

    private LocationsResource(ApiContext context) {
        this.context = context;
        for (StoreInfo store : context.catalog().stores()) {
            storeIds.add(store.id());
        }
    }

    static void register(Router router, ApiContext context) {
        LocationsResource r = new LocationsResource(context);
        router.add("GET", "/v2/images/{image_id}/locations", r::list);
        router.add("POST", "/v2/images/{image_id}/locations", r::add);
        router.add("DELETE", "/v2/stores/{store_id}/{image_id}", r::deleteFromStore);
    }

    private void list(Exchange ex) throws IOException {
        ImageService images = context.images(ex);
        ex.json(200, LocationJson.render(LocationJson.active(images.fetchLocations(ex.param("image_id")))));
    }

    private void add(Exchange ex) throws IOException {
        JsonNode body = ex.json(Exchange.JSON);
        if (!body.isObject()) {
            throw HttpError.badRequest("The request body must be a JSON object with a 'url'.");
        }
        JsonNode url = body.get("url");
        if (url == null || !url.isTextual()) {
            throw HttpError.badRequest("'url' is a required string property.");
        }
        LocationValidation validation = validation(body.get("validation_data"));
        ImageService images = context.images(ex);
        String id = ex.param("image_id");
        ImageStatus status = images.get(id).status();
        if (status != ImageStatus.QUEUED) {
            throw new HttpError(409, "It's not allowed to add locations if image status is " + status.wireName()
                    + ".");
        }
        images.addLocation(id, url.asText(), validation);
        ex.status(202);
    }

    /** Glance's schema of {@code validation_data}: an object of {@code os_hash_algo} and {@code os_hash_value}. */
    private static LocationValidation validation(JsonNode data) {
        if (data == null) {
            return LocationValidation.NONE;
        }
        if (!data.isObject()) {
            throw HttpError.badRequest("'validation_data' must be an object.");
        }
        for (Iterator<String> names = data.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("os_hash_algo") && !name.equals("os_hash_value")) {
                throw HttpError.badRequest("'validation_data' has an unknown property '" + name
                        + "': only 'os_hash_algo' and 'os_hash_value' are allowed.");
            }
        }
        String algo = text(data, "os_hash_algo", MAX_ALGO);
        String value = text(data, "os_hash_value", MAX_HASH);
        if ((algo == null) != (value == null)) {
            throw HttpError.badRequest("'os_hash_algo' and 'os_hash_value' go together in 'validation_data'.");
        }
        if (algo != null && !HASH_ALGORITHMS.contains(algo)) {
            throw HttpError.badRequest("'os_hash_algo' must be one of " + HASH_ALGORITHMS.stream().sorted().toList()
                    + ".");
        }
        return algo == null ? LocationValidation.NONE : new LocationValidation(null, algo, value);
    }

    private static String text(JsonNode data, String name, int maxLength) {
        JsonNode v = data.get(name);
        if (v == null) {
            return null;
        }
        if (!v.isTextual() || v.asText().length() > maxLength) {
            throw HttpError.badRequest("'" + name + "' must be a string of at most " + maxLength + " characters.");
        }
        return v.asText();
    }

    /** Glance refuses a store this node does not configure (409) before it looks the image up. */
    private void deleteFromStore(Exchange ex) throws IOException {
        String store = ex.param("store_id");
        if (!storeIds.contains(store)) {
            throw new HttpError(409, "The selected store " + store + " is not available on this node.");
        }
        context.images(ex).deleteFromStore(ex.param("image_id"), store);
        ex.status(204);
    }
}
