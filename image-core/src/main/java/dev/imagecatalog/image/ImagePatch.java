package dev.imagecatalog.image;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An ordered list of changes to an image, as Glance's JSON-patch {@code PATCH /v2/images/{id}} takes them:
 * {@code add}, {@code replace} and {@code remove} of one attribute each. The changes apply in order to a copy and
 * are saved once; if any change is refused, none is saved.
 *
 * <p>Paths name one attribute: a base attribute ({@code name}, {@code visibility}, {@code protected},
 * {@code os_hidden}, {@code min_disk}, {@code min_ram}, {@code disk_format}, {@code container_format},
 * {@code owner}, {@code tags}) or a custom property key. The builder and {@link #fromJson(String)} take the same
 * paths the same way: a JSON pointer as Glance's PATCH has it ({@code /name}, {@code /os_distro}; {@code ~1}
 * decodes to '/' and {@code ~0} to '~'; exactly one segment, so {@code /properties/x} is invalid input, as in
 * Glance), and the builder also takes the bare attribute name ({@code name}, which may not hold '/'). Values:
 * strings for names, formats and custom properties; {@link Boolean} for {@code protected}/{@code os_hidden}; a
 * {@link Number} for {@code min_disk}/{@code min_ram}; a collection of strings for {@code tags}; null to clear
 * {@code name}. A path that is neither is {@link dev.imagecatalog.error.InvalidInputException}, from the builder as from
 * {@code fromJson}.
 *
 * <p>{@code locations} takes Glance's location paths (applied only where the catalog shows multiple locations,
 * {@code image.show-multiple-locations}; refused otherwise): {@code add /locations/N} or {@code /locations/-} with
 * one location, {@code remove /locations/N} (or {@code -}, the last), and {@code replace /locations} with the whole
 * list. A location is a map {@code {"url": "...", "metadata": {...}, "validation_data": {"checksum": ...,
 * "os_hash_algo": ..., "os_hash_value": ...}}} ({@code metadata} and {@code validation_data} optional), and
 * {@link #location} builds one. Any other depth ({@code add /locations}, {@code replace /locations/0}) is invalid
 * input, as in Glance.
 */
public final class ImagePatch {

    /** The position {@code -} of a location path: the end of the list. */
    public static final int END = -1;

    /** The three JSON-patch operations Glance accepts. */
    public enum Op {
        /** Sets a base attribute, or creates or overwrites a custom property. */
        ADD,
        /** Sets a base attribute, or changes an existing custom property. */
        REPLACE,
        /** Removes a custom property. */
        REMOVE
    }

    /**
     * One change.
     *
     * @param op       the operation
     * @param path     the attribute name, decoded (no leading '/', no escapes)
     * @param value    the new value; ignored for {@link Op#REMOVE}
     * @param position for {@code add} and {@code remove} of {@code /locations/N}: {@code N}, or {@link #END} for
     *                 {@code -}; null for every other path
     */
    public record Operation(Op op, String path, Object value, Integer position) {
        /**
         * Checks the components.
         *
         * @param op       the operation, never null
         * @param path     the attribute name, decoded, never null
         * @param value    the new value; ignored for {@link Op#REMOVE}
         * @param position the list position of a location path, else null
         */
        public Operation {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(path, "path");
        }

        /**
         * A change of one attribute (no position).
         *
         * @param op    the operation, never null
         * @param path  the attribute name, decoded, never null
         * @param value the new value; ignored for {@link Op#REMOVE}
         */
        public Operation(Op op, String path, Object value) {
            this(op, path, value, null);
        }

        /**
         * Whether this change is to the image's locations (a {@code /locations} path).
         *
         * @return true for {@code add /locations/N}, {@code remove /locations/N} and {@code replace /locations}
         */
        public boolean isLocationChange() {
            return path.equals(LOCATIONS);
        }
    }

    /** The attribute of the location paths. */
    static final String LOCATIONS = "locations";

    private final List<Operation> operations;

    private ImagePatch(List<Operation> operations) {
        this.operations = List.copyOf(operations);
    }

    /** {@return a builder of an empty patch} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Parses a Glance v2.1 JSON patch document ({@code application/openstack-images-v2.1-json-patch}), e.g.
     * {@code [{"op":"replace","path":"/name","value":"x"}]}. A malformed document, an unsupported op
     * ({@code test}, {@code move}, {@code copy}) or a bad path is invalid input.
     *
     * @param json the document
     * @return the patch
     * @throws dev.imagecatalog.error.InvalidInputException naming what is wrong and where
     */
    public static ImagePatch fromJson(String json) {
        return JsonPatchParser.parse(json);
    }

    /**
     * One location as the {@code /locations} paths take it.
     *
     * @param url        the location's URL ({@link StoreLocation#url()}, or an {@code http} store's external URL)
     * @param validation what the bytes are claimed to be, or null (or {@link LocationValidation#NONE}) for nothing
     * @return {@code {"url": url, "metadata": {}}} with {@code "validation_data"} when {@code validation} claims
     *         something
     */
    public static Map<String, Object> location(String url, LocationValidation validation) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", url);
        m.put("metadata", Map.of());
        if (validation != null && !validation.isEmpty()) {
            Map<String, Object> v = new LinkedHashMap<>();
            if (validation.checksum() != null) {
                v.put("checksum", validation.checksum());
            }
            if (validation.osHashAlgo() != null) {
                v.put("os_hash_algo", validation.osHashAlgo());
            }
            if (validation.osHashValue() != null) {
                v.put("os_hash_value", validation.osHashValue());
            }
            m.put("validation_data", Collections.unmodifiableMap(v));
        }
        return Collections.unmodifiableMap(m);
    }

    /** {@return the changes, in order} */
    public List<Operation> operations() {
        return operations;
    }

    @Override
    public String toString() {
        return "ImagePatch" + operations;
    }

    /** Builder for {@link ImagePatch}. */
    public static final class Builder {
        private final List<Operation> ops = new ArrayList<>();

        private Builder() {
        }

        private Builder with(Op op, String path, Object value) {
            JsonPatchParser.Target t = JsonPatchParser.targetOf(op, path);
            ops.add(new Operation(op, t.attribute(), op == Op.REMOVE ? null : value, t.position()));
            return this;
        }

        /**
         * Sets a base attribute, creates or overwrites a custom property, or inserts a location
         * ({@code /locations/N}, {@code /locations/-}). {@code path} is the attribute name ({@code name}) or a JSON
         * pointer to it ({@code /name}); see the class description.
         *
         * @param path  the attribute name or a JSON pointer to it
         * @param value the value
         * @return this builder
         * @throws dev.imagecatalog.error.InvalidInputException if the path names no single attribute or location
         */
        public Builder add(String path, Object value) {
            return with(Op.ADD, path, value);
        }

        /**
         * Sets a base attribute, changes an existing custom property (a missing one is a conflict), or sets the
         * whole location list ({@code /locations}).
         *
         * @param path  the attribute name or a JSON pointer to it
         * @param value the value
         * @return this builder
         * @throws dev.imagecatalog.error.InvalidInputException if the path names no single attribute or location
         */
        public Builder replace(String path, Object value) {
            return with(Op.REPLACE, path, value);
        }

        /**
         * Removes a custom property (a missing one is a conflict; base attributes cannot be removed) or a location
         * ({@code /locations/N}, {@code /locations/-}).
         *
         * @param path the attribute name or a JSON pointer to it
         * @return this builder
         * @throws dev.imagecatalog.error.InvalidInputException if the path names no single attribute or location
         */
        public Builder remove(String path) {
            return with(Op.REMOVE, path, null);
        }

        /** {@return the patch} */
        public ImagePatch build() {
            return new ImagePatch(ops);
        }
    }
}
