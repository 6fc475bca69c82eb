package dev.imagecatalog.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.Visibility;
import dev.imagecatalog.server.http.HttpError;
import java.util.Map;
import java.util.Set;

/**
 * Reads the body of {@code POST /v2/images} into an {@link ImageDraft} the way Glance's create deserializer and
 * image schema do ({@code images.py RequestDeserializer.create}, {@code get_base_properties}), in Glance's order:
 * <ol>
 *   <li>the body must be a JSON object (400);</li>
 *   <li>{@code direct_url}, {@code self}, {@code file}, {@code schema}, {@code stores} anywhere in it: 403
 *       "read-only", whatever their value;</li>
 *   <li>every value has its schema type (400 otherwise): strings (or null where Glance's schema allows null) for
 *       {@code id}, {@code name}, the formats, {@code owner} and the read-only strings; booleans for
 *       {@code protected} and {@code os_hidden}; integers for {@code min_disk}, {@code min_ram}, {@code size},
 *       {@code virtual_size}; an array of strings for {@code tags}; an array for {@code locations}; one of
 *       Glance's names for {@code status} and {@code visibility}; and a string for every other key, which is a
 *       custom property;</li>
 *   <li>a well-typed read-only attribute ({@code status}, {@code size}, {@code checksum}, {@code created_at},
 *       ...) or {@code locations}: 403, as Glance's image factory answers.</li>
 * </ol>
 * Everything else (formats, lengths, the owner another project, {@code min_*} below zero, reserved keys such as
 * {@code deleted} and the {@code os_glance} namespace, the property quota) is the catalog's to decide: those keys
 * go to it as custom properties and it answers as Glance does.
 */
final class ImageDraftReader {
    /** Glance's create deserializer refuses these before anything else ({@code _disallowed_properties}). */
    private static final Set<String> DISALLOWED = Set.of("direct_url", "self", "file", "schema", "stores");
    /** Read-only string attributes and their schema's maxLength. */
    private static final Map<String, Integer> READ_ONLY_STRINGS = Map.of("checksum", 32, "os_hash_algo", 64,
            "os_hash_value", 128, "created_at", Integer.MAX_VALUE, "updated_at", Integer.MAX_VALUE,
            "status", Integer.MAX_VALUE);
    /** Read-only integer attributes. */
    private static final Set<String> READ_ONLY_INTEGERS = Set.of("size", "virtual_size");
    /** Of the read-only strings, those the schema lets be null. */
    private static final Set<String> NULLABLE = Set.of("checksum", "os_hash_algo", "os_hash_value");

    private ImageDraftReader() {
    }

    /**
     * Reads a create body.
     *
     * @param body the parsed JSON body
     * @return the draft, for {@link dev.imagecatalog.image.ImageService#create(ImageDraft)}
     * @throws HttpError 400 for a body that is not an object or a value of the wrong type, 403 for a read-only
     *                   attribute
     */
    static ImageDraft read(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw HttpError.badRequest("The request body must be a JSON object describing the image.");
        }
        for (String key : DISALLOWED) {
            if (body.has(key)) {
                throw readOnly(key);
            }
        }
        ImageDraft.Builder draft = ImageDraft.builder();
        String readOnly = null;
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            String key = field.getKey();
            JsonNode v = field.getValue();
            switch (key) {
                case "id" -> draft.id(string(key, v, false));
                case "name" -> draft.name(string(key, v, true));
                case "visibility" -> draft.visibility(visibility(v));
                case "protected" -> draft.isProtected(bool(key, v));
                case "os_hidden" -> draft.osHidden(bool(key, v));
                case "disk_format" -> draft.diskFormat(string(key, v, true));
                case "container_format" -> draft.containerFormat(string(key, v, true));
                case "owner" -> draft.owner(string(key, v, true));
                case "min_disk" -> draft.minDisk(intValue(key, v));
                case "min_ram" -> draft.minRam(intValue(key, v));
                case "tags" -> tags(draft, v);
                case "locations" -> {
                    if (!v.isArray()) {
                        throw invalid(key, "an array of locations");
                    }
                    readOnly = readOnly == null ? key : readOnly;
                }
                default -> {
                    if (READ_ONLY_STRINGS.containsKey(key)) {
                        readOnlyString(key, v);
                        readOnly = readOnly == null ? key : readOnly;
                    } else if (READ_ONLY_INTEGERS.contains(key)) {
                        if (!v.isNull() && !v.isIntegralNumber()) {
                            throw invalid(key, "an integer or null");
                        }
                        readOnly = readOnly == null ? key : readOnly;
                    } else if (v.isTextual()) {
                        draft.property(key, v.textValue());
                    } else {
                        throw invalid(key, "a string (custom property values are strings)");
                    }
                }
            }
        }
        if (readOnly != null) {
            if (readOnly.equals("locations")) {
                throw new HttpError(403, "Attribute 'locations' is reserved.");
            }
            throw readOnly(readOnly);
        }
        return draft.build();
    }

    private static HttpError readOnly(String key) {
        return new HttpError(403, "Attribute '" + key + "' is read-only.");
    }

    private static HttpError invalid(String key, String expected) {
        return HttpError.badRequest("Invalid value for '" + key + "': expected " + expected + ".");
    }

    private static String string(String key, JsonNode v, boolean nullable) {
        if (v.isTextual()) {
            return v.textValue();
        }
        if (nullable && v.isNull()) {
            return null;
        }
        throw invalid(key, nullable ? "a string or null" : "a string");
    }

    private static boolean bool(String key, JsonNode v) {
        if (!v.isBoolean()) {
            throw invalid(key, "a boolean");
        }
        return v.booleanValue();
    }

    private static int intValue(String key, JsonNode v) {
        if (!v.isIntegralNumber()) {
            throw invalid(key, "an integer");
        }
        if (!v.canConvertToInt()) {
            throw HttpError.badRequest("Invalid value for '" + key + "': " + v.asText() + " is not between 0 and "
                    + Integer.MAX_VALUE + ".");
        }
        return v.intValue();
    }

    private static Visibility visibility(JsonNode v) {
        if (!v.isTextual()) {
            throw invalid("visibility", "one of public, private, shared, community");
        }
        return Visibility.fromWireName(v.textValue());
    }

    private static void tags(ImageDraft.Builder draft, JsonNode v) {
        if (!v.isArray()) {
            throw invalid("tags", "an array of strings");
        }
        for (JsonNode t : v) {
            if (!t.isTextual()) {
                throw invalid("tags", "an array of strings");
            }
            draft.tag(t.textValue());
        }
    }

    private static void readOnlyString(String key, JsonNode v) {
        if (v.isNull() && NULLABLE.contains(key)) {
            return;
        }
        if (!v.isTextual()) {
            throw invalid(key, NULLABLE.contains(key) ? "a string or null" : "a string");
        }
        if (v.textValue().length() > READ_ONLY_STRINGS.get(key)) {
            throw HttpError.badRequest("Invalid value for '" + key + "': longer than " + READ_ONLY_STRINGS.get(key)
                    + " characters.");
        }
        if (key.equals("status") && ImageStatus.fromWireName(v.textValue()) == null) {
            throw invalid(key, "one of Glance's image statuses");
        }
    }
}
