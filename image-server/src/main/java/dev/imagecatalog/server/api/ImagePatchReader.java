package dev.imagecatalog.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImagePatch;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.server.http.Exchange;
import dev.imagecatalog.server.http.HttpError;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code PATCH /v2/images/{image_id}}: the two JSON-patch media types Glance accepts (another is 415 with
 * {@code Accept-Patch} naming both, sorted as Glance sorts them), the body read through the server's JSON limit,
 * then {@link ImagePatch#fromJson(String)} and {@link ImageService#update}.
 *
 * <p>The deprecated v2.0 type writes each change as {@code {"add": "/x", "value": ...}}: it is rewritten to the
 * v2.1 shape (an object with more or fewer than one of {@code add}, {@code remove}, {@code replace} is 400), and
 * its {@code add} keeps Glance's draft-4 meaning: adding a base attribute, or a custom property the image already
 * has (or gains earlier in the same patch), is 409 "already present".
 */
final class ImagePatchReader {
    /** Glance's current JSON-patch media type (RFC 6902 style). */
    static final String V2_1 = "application/openstack-images-v2.1-json-patch";
    /** Glance's deprecated JSON-patch media type (draft-4 style). */
    static final String V2_0 = "application/openstack-images-v2.0-json-patch";

    /** The base attributes a v2.0 {@code add} may not target (Glance: the image already has them). */
    private static final Set<String> BASE = Set.of("name", "visibility", "protected", "os_hidden", "disk_format",
            "container_format", "min_disk", "min_ram", "owner", "tags");
    private static final String[] OPS = {"add", "remove", "replace"};

    private ImagePatchReader() {
    }

    /**
     * Reads the exchange's patch and applies it.
     *
     * @param ex      the exchange
     * @param images  the caller's image service
     * @param imageId the image's id, as in the path
     * @return the changed image
     */
    static Image apply(Exchange ex, ImageService images, String imageId) {
        JsonNode body = ex.json(V2_0, V2_1);
        boolean draft4 = V2_0.equals(ex.mediaType());
        if (draft4) {
            body = fromDraft4(ex, body);
        }
        ImagePatch patch;
        try {
            patch = ImagePatch.fromJson(ex.mapper().writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw HttpError.badRequest("Malformed JSON in request body.");
        }
        if (draft4) {
            checkDraft4Adds(images, imageId, patch);
        }
        return images.update(imageId, patch);
    }

    private static JsonNode fromDraft4(Exchange ex, JsonNode body) {
        if (!body.isArray()) {
            throw HttpError.badRequest("Request body must be a JSON array of operation objects.");
        }
        ArrayNode out = ex.mapper().createArrayNode();
        for (JsonNode change : body) {
            if (!change.isObject()) {
                throw HttpError.badRequest("Operations must be JSON objects.");
            }
            String op = null;
            for (String candidate : OPS) {
                if (change.has(candidate)) {
                    if (op != null) {
                        throw HttpError.badRequest("Operation objects must contain only one member named \"add\", "
                                + "\"remove\", or \"replace\".");
                    }
                    op = candidate;
                }
            }
            if (op == null) {
                throw HttpError.badRequest("Operation objects must contain exactly one member named \"add\", "
                        + "\"remove\", or \"replace\".");
            }
            ObjectNode converted = out.addObject();
            converted.put("op", op);
            converted.set("path", change.get(op));
            if (change.has("value")) {
                converted.set("value", change.get("value"));
            }
        }
        return out;
    }

    private static void checkDraft4Adds(ImageService images, String imageId, ImagePatch patch) {
        boolean addsProperty = false;
        for (ImagePatch.Operation op : patch.operations()) {
            addsProperty |= op.op() == ImagePatch.Op.ADD && !BASE.contains(op.path());
        }
        Set<String> present = addsProperty ? new HashSet<>(images.get(imageId).properties().keySet()) : new HashSet<>();
        for (ImagePatch.Operation op : patch.operations()) {
            String path = op.path();
            if (op.op() == ImagePatch.Op.ADD) {
                if (BASE.contains(path) || !present.add(path)) {
                    throw new HttpError(409, "Property " + path + " already present.");
                }
            } else if (op.op() == ImagePatch.Op.REMOVE) {
                present.remove(path);
            }
        }
    }
}
