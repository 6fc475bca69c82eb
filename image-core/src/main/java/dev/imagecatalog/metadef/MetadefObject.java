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
    /** An object; {@code name} is required, null lists are empty, lists are copied (unmodifiable). */
    public MetadefObject {
        Objects.requireNonNull(name, "name");
        required = required == null ? List.of() : List.copyOf(required);
        properties = properties == null ? List.of() : List.copyOf(properties);
    }

    /** A builder for an object called {@code name}. */
    public static Builder builder(String name) {
        return new Builder().name(name);
    }

    /** A builder initialised with this object. */
    public Builder toBuilder() {
        return new Builder().name(name).description(description).required(required).properties(properties)
                .createdAt(createdAt).updatedAt(updatedAt);
    }

    /** The property definition called {@code propertyName}. */
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

        /** Sets the name. */
        public Builder name(String v) { this.name = v; return this; }
        /** Sets the description. */
        public Builder description(String v) { this.description = v; return this; }
        /** Sets the names of the required properties. */
        public Builder required(List<String> v) { this.required = new ArrayList<>(v); return this; }
        /** Sets the properties (replacing any). */
        public Builder properties(List<MetadefProperty> v) { this.properties = new ArrayList<>(v); return this; }
        /** Adds one more property. */
        public Builder addProperty(MetadefProperty v) { this.properties.add(v); return this; }
        /** Sets the creation time. */
        public Builder createdAt(Instant v) { this.createdAt = v; return this; }
        /** Sets the last update time. */
        public Builder updatedAt(Instant v) { this.updatedAt = v; return this; }

        /** The built value. */
        public MetadefObject build() {
            return new MetadefObject(name, description, required, properties, createdAt, updatedAt);
        }
    }
}
