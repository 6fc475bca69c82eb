package dev.imagecatalog.metadef;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An object definition: a named group of property definitions (for example a database product and its version
 * and listen port), some of which are required.
 *
 * @param name        unique within its namespace, at most 80 characters
 * @param description a human description, may be null
 * @param required    names of the properties that must be set together with the object, never null
 * @param properties  the property definitions, in their document order, never null
 * @param createdAt   when it was created, null in a draft
 * @param updatedAt   when it last changed, null in a draft
 */
public record MetadefObject(String name, String description, List<String> required, List<MetadefProperty> properties,
                            Instant createdAt, Instant updatedAt) {
    /**
     * An object; {@code name} is required, null lists are empty, lists are copied (unmodifiable).
     *
     * @param name        unique within its namespace, at most 80 characters
     * @param description a human description, may be null
     * @param required    names of the properties that must be set together with the object, never null
     * @param properties  the property definitions, in their document order, never null
     * @param createdAt   when it was created, null in a draft
     * @param updatedAt   when it last changed, null in a draft
     */
    public MetadefObject {
        Objects.requireNonNull(name, "name");
        required = required == null ? List.of() : List.copyOf(required);
        properties = properties == null ? List.of() : List.copyOf(properties);
    }

    /**
     * A builder for an object called {@code name}.
     *
     * @param name the object's name
     * @return a builder with that name and nothing else
     */
    public static Builder builder(String name) {
        return new Builder().name(name);
    }

    /**
     * A builder initialised with this object.
     *
     * @return a builder holding every component of this object
     */
    public Builder toBuilder() {
        return new Builder().name(name).description(description).required(required).properties(properties)
                .createdAt(createdAt).updatedAt(updatedAt);
    }

    /**
     * The property definition called {@code propertyName}.
     *
     * @param propertyName the property's name
     * @return the property, or empty
     */
    public Optional<MetadefProperty> property(String propertyName) {
        return properties.stream().filter(p -> p.name().equals(propertyName)).findFirst();
    }

    /** Builds a {@link MetadefObject}. */
    public static final class Builder {
        private String name;
        private String description;
        private List<String> required = new ArrayList<>();
        private List<MetadefProperty> properties = new ArrayList<>();
        private Instant createdAt;
        private Instant updatedAt;

        private Builder() {
        }

        /**
         * Sets the name.
         *
         * @param v the name
         * @return this builder
         */
        public Builder name(String v) { this.name = v; return this; }
        /**
         * Sets the description.
         *
         * @param v the description
         * @return this builder
         */
        public Builder description(String v) { this.description = v; return this; }
        /**
         * Sets the names of the required properties.
         *
         * @param v the names of the required properties
         * @return this builder
         */
        public Builder required(List<String> v) { this.required = new ArrayList<>(v); return this; }
        /**
         * Sets the properties (replacing any).
         *
         * @param v the properties (replacing any)
         * @return this builder
         */
        public Builder properties(List<MetadefProperty> v) { this.properties = new ArrayList<>(v); return this; }
        /**
         * Adds one more property.
         *
         * @param v the property to add
         * @return this builder
         */
        public Builder addProperty(MetadefProperty v) { this.properties.add(v); return this; }
        /**
         * Sets the creation time.
         *
         * @param v the creation time
         * @return this builder
         */
        public Builder createdAt(Instant v) { this.createdAt = v; return this; }
        /**
         * Sets the last update time.
         *
         * @param v the last update time
         * @return this builder
         */
        public Builder updatedAt(Instant v) { this.updatedAt = v; return this; }

        /**
         * The built value.
         *
         * @return the object
         * @throws NullPointerException if no name was set
         */
        public MetadefObject build() {
            return new MetadefObject(name, description, required, properties, createdAt, updatedAt);
        }
    }
}
