package dev.imagecatalog.image;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.imagecatalog.error.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses Glance's v2.1 JSON-patch documents ({@code application/openstack-images-v2.1-json-patch}) into
 * {@link ImagePatch} ({@code glance/api/v2/images.py RequestDeserializer.update}): a JSON array of
 * {@code {"op", "path", "value"}} objects; only {@code add}, {@code replace} and {@code remove}; {@code value}
 * required for add and replace; Glance's JSON-pointer rules; exactly one path segment.
 *
 * <p>Values become {@link String}, {@link Boolean}, {@link Long} (integral numbers), {@code List<String>} (arrays
 * of strings) or null; anything else is invalid input. A location path ({@code add /locations/N},
 * {@code remove /locations/N}, {@code replace /locations}) takes its value converted generically (objects to maps,
 * arrays to lists): the service reads and checks the locations.
 */
final class JsonPatchParser {
    /** Immutable once built: a reader is thread-safe and holds no per-call state. */
    private static final ObjectReader READER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .reader();
    private static final Pattern ADJACENT_SLASHES = Pattern.compile("/\\s*/");

    private JsonPatchParser() {
    }

    static ImagePatch parse(String json) {
        if (json == null || json.isBlank()) {
            throw new InvalidInputException("invalid patch: the body is empty; expected a JSON array of operations");
        }
        JsonNode root;
        try {
            root = READER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("invalid patch: not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new InvalidInputException("invalid patch: expected a JSON array of operations");
        }
        ImagePatch.Builder patch = ImagePatch.builder();
        int index = 0;
        for (JsonNode change : root) {
            addOperation(patch, change, index++);
        }
        return patch.build();
    }

    private static void addOperation(ImagePatch.Builder patch, JsonNode change, int index) {
        String where = "invalid patch operation " + index + ": ";
        if (!change.isObject()) {
            throw new InvalidInputException(where + "expected an object with 'op', 'path' and 'value'");
        }
        JsonNode opNode = change.get("op");
        if (opNode == null || !opNode.isTextual()) {
            throw new InvalidInputException(where + "'op' is required and must be a string");
        }
        String op = opNode.textValue();
        if (!op.equals("add") && !op.equals("replace") && !op.equals("remove")) {
            throw new InvalidInputException(where + "unsupported 'op' '" + op
                    + "' (expected add, replace or remove)");
        }
        JsonNode pathNode = change.get("path");
        if (pathNode == null || !pathNode.isTextual()) {
            throw new InvalidInputException(where + "'path' is required and must be a string");
        }
        String pointer = pathNode.textValue();
        ImagePatch.Op kind = ImagePatch.Op.valueOf(op.toUpperCase(java.util.Locale.ROOT));
        String attribute = target(where, kind, pointer).attribute();
        if (op.equals("remove")) {
            patch.remove(pointer);
            return;
        }
        if (!change.has("value")) {
            throw new InvalidInputException(where + "'value' is required for '" + op + "'");
        }
        Object value = attribute.equals("locations")
                ? generic(change.get("value"))
                : value(where, attribute, change.get("value"));
        if (op.equals("add")) {
            patch.add(pointer, value);
        } else {
            patch.replace(pointer, value);
        }
    }

    /** What a patch path names: an attribute and, for a location path of two segments, the list position. */
    record Target(String attribute, Integer position) {
    }

    /**
     * What a patch path names: the one rule behind both {@link ImagePatch#builder()} and
     * {@link ImagePatch#fromJson(String)}. A JSON pointer ({@code /name}, {@code /a~1b}) is validated and decoded
     * as Glance does ({@code ~1} is '/', {@code ~0} is '~'; exactly one segment, so {@code /properties/x} is
     * refused, except Glance's location paths: {@code add} and {@code remove} take {@code /locations/N} or
     * {@code /locations/-}, {@code replace} takes {@code /locations}); a bare name ({@code name}) is the attribute
     * itself and may not hold '/' (write {@code /a~1b} for the key {@code a/b}).
     */
    static Target targetOf(ImagePatch.Op op, String path) {
        String where = "invalid patch path: ";
        if (path == null || path.isEmpty()) {
            throw new InvalidInputException(where + "a path naming one attribute is required");
        }
        if (path.startsWith("/")) {
            return target(where, op, path);
        }
        if (path.indexOf('/') >= 0) {
            throw new InvalidInputException(where + "'" + path + "' is neither an attribute name nor a JSON pointer"
                    + " (an attribute holding '/' is written as a pointer: /a~1b for a/b)");
        }
        return checkDepth(where, op, path, List.of(path));
    }

    /** Validates a JSON pointer as Glance does and returns what it names. */
    static Target target(String where, ImagePatch.Op op, String pointer) {
        if (!pointer.startsWith("/")) {
            throw new InvalidInputException(where + "'path' '" + pointer + "' does not start with '/'");
        }
        if (ADJACENT_SLASHES.matcher(pointer).find()) {
            throw new InvalidInputException(where + "'path' '" + pointer + "' contains adjacent '/'");
        }
        if (pointer.length() > 1 && pointer.endsWith("/")) {
            throw new InvalidInputException(where + "'path' '" + pointer + "' ends with '/'");
        }
        List<String> segments = new ArrayList<>();
        StringBuilder segment = new StringBuilder();
        for (int i = 1; i < pointer.length(); i++) {
            char c = pointer.charAt(i);
            if (c == '/') {
                segments.add(segment.toString());
                segment.setLength(0);
            } else if (c == '~') {
                char next = i + 1 < pointer.length() ? pointer.charAt(i + 1) : 0;
                if (next == '0') {
                    segment.append('~');
                } else if (next == '1') {
                    segment.append('/');
                } else {
                    throw new InvalidInputException(where + "'path' '" + pointer
                            + "' contains '~' not part of an escape (~0 or ~1)");
                }
                i++;
            } else {
                segment.append(c);
            }
        }
        segments.add(segment.toString());
        if (segments.get(0).isBlank()) {
            throw new InvalidInputException(where + "'path' '" + pointer + "' names no attribute");
        }
        if (segments.get(0).startsWith("/")) {
            // as a bare name it would read as a pointer: such a key could be written one way but not the other
            throw new InvalidInputException(where + "'path' '" + pointer + "' names an attribute starting with '/'");
        }
        return checkDepth(where, op, pointer, segments);
    }

    /** Glance's path depths: one segment, but two for add and remove of {@code locations}. */
    private static Target checkDepth(String where, ImagePatch.Op op, String path, List<String> segments) {
        String attribute = segments.get(0);
        boolean location = attribute.equals(ImagePatch.LOCATIONS);
        int depth = location && op != ImagePatch.Op.REPLACE ? 2 : 1;
        if (segments.size() != depth) {
            String expected = !location ? "it must name exactly one attribute"
                    : op == ImagePatch.Op.REPLACE ? "replace takes the whole list, /locations"
                    : op.name().toLowerCase(java.util.Locale.ROOT)
                            + " takes one position, /locations/N or /locations/-";
            throw new InvalidInputException(where + "'path' '" + path + "' is not valid for an image: " + expected);
        }
        if (depth == 1) {
            return new Target(attribute, null);
        }
        String position = segments.get(1);
        if (position.equals("-")) {
            return new Target(attribute, ImagePatch.END);
        }
        if (!position.isEmpty() && position.length() <= 9 && position.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return new Target(attribute, Integer.parseInt(position));
        }
        throw new InvalidInputException(where + "'path' '" + path + "' has an invalid location position '" + position
                + "' (a list index or '-')");
    }

    private static Object value(String where, String attribute, JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber()) {
            if (!v.canConvertToLong()) {
                throw new InvalidInputException(where + "the value of '" + attribute + "' is out of range");
            }
            return v.longValue();
        }
        if (v.isArray()) {
            List<String> items = new ArrayList<>(v.size());
            for (JsonNode item : v) {
                if (!item.isTextual()) {
                    throw new InvalidInputException(where + "the value of '" + attribute
                            + "' must be an array of strings");
                }
                items.add(item.textValue());
            }
            return List.copyOf(items);
        }
        throw new InvalidInputException(where + "the value of '" + attribute
                + "' must be a string, boolean, integer, array of strings or null");
    }

    /** Any JSON value as plain Java (the locations' maps and lists, read by the service). */
    private static Object generic(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                m.put(e.getKey(), generic(e.getValue()));
            }
            return m;
        }
        if (v.isArray()) {
            List<Object> l = new ArrayList<>();
            v.forEach(item -> l.add(generic(item)));
            return l;
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        if (v.isNumber()) {
            return v.decimalValue();
        }
        return v.toString();
    }
}
