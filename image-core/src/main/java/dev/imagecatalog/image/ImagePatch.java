package dev.imagecatalog.image;

import java.util.ArrayList;
import java.util.List;
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
 */
public final class ImagePatch {

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
     * @param op    the operation
     * @param path  the attribute name, decoded (no leading '/', no escapes)
     * @param value the new value; ignored for {@link Op#REMOVE}
     */
    public record Operation(Op op, String path, Object value) {
        /**
         * Checks the components.
         *
         * @param op    the operation, never null
         * @param path  the attribute name, decoded, never null
         * @param value the new value; ignored for {@link Op#REMOVE}
         */
        public Operation {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(path, "path");
        }
    }

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

        private static String attribute(String path) {
            return JsonPatchParser.attributeOf(path);
        }

        /**
         * Sets a base attribute, or creates or overwrites a custom property. {@code path} is the attribute name
         * ({@code name}) or a JSON pointer to it ({@code /name}); see the class description.
         *
         * @param path  the attribute name or a JSON pointer to it
         * @param value the value
         * @return this builder
         * @throws dev.imagecatalog.error.InvalidInputException if the path names no single attribute
         */
        public Builder add(String path, Object value) {
            ops.add(new Operation(Op.ADD, attribute(path), value));
            return this;
        }

        /**
         * Sets a base attribute, or changes an existing custom property (a missing one is a conflict).
         *
         * @param path  the attribute name or a JSON pointer to it
         * @param value the value
         * @return this builder
         * @throws dev.imagecatalog.error.InvalidInputException if the path names no single attribute
         */
        public Builder replace(String path, Object value) {
            ops.add(new Operation(Op.REPLACE, attribute(path), value));
            return this;
        }

        /**
         * Removes a custom property (a missing one is a conflict; base attributes cannot be removed).
         *
         * @param path the attribute name or a JSON pointer to it
         * @return this builder
         * @throws dev.imagecatalog.error.InvalidInputException if the path names no single attribute
         */
        public Builder remove(String path) {
            ops.add(new Operation(Op.REMOVE, attribute(path), null));
            return this;
        }

        /** {@return the patch} */
        public ImagePatch build() {
            return new ImagePatch(ops);
        }
    }
}
