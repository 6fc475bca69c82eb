package dev.imagecatalog.metadef;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A metadata definitions namespace: the unit Glance's catalog stores, lists and ships in its JSON files. It holds
 * property definitions, object definitions, tags and the resource types it applies to.
 *
 * <p>Immutable; build one with {@link #builder(String)} or change a copy with {@link #toBuilder()}. Lists keep
 * their document order. {@link #version()} is the optimistic-concurrency revision a
 * {@link dev.imagecatalog.metadef.MetadefRepository} compares before it writes (0 in a draft).
 *
 * @param namespace                the unique name, at most 80 characters, such as {@code OS::Compute::CPUPinning}
 * @param displayName              a human name, may be null
 * @param description              a human description, may be null
 * @param visibility               public, or private (visible to the owner and admins only); default private
 * @param isProtected              true if the namespace and its contents may not be deleted
 * @param owner                    the owning project; null means visible to everybody (as in Glance)
 * @param createdAt                when it was created, null in a draft
 * @param updatedAt                when it last changed, null in a draft
 * @param resourceTypeAssociations the resource types it applies to
 * @param properties               its property definitions
 * @param objects                  its object definitions
 * @param tags                     its tags
 * @param version                  the optimistic-concurrency revision
 */
public record MetadefNamespace(String namespace, String displayName, String description, MetadefVisibility visibility,
                               boolean isProtected, String owner, Instant createdAt, Instant updatedAt,
                               List<ResourceTypeAssociation> resourceTypeAssociations,
                               List<MetadefProperty> properties, List<MetadefObject> objects, List<MetadefTag> tags,
                               long version) {
    /**
     * A namespace; {@code namespace} is required, a null visibility is private, null lists are empty.
     *
     * @param namespace                the unique name, at most 80 characters, such as {@code OS::Compute::CPUPinning}
     * @param displayName              a human name, may be null
     * @param description              a human description, may be null
     * @param visibility               public, or private (visible to the owner and admins only); default private
     * @param isProtected              true if the namespace and its contents may not be deleted
     * @param owner                    the owning project; null means visible to everybody (as in Glance)
     * @param createdAt                when it was created, null in a draft
     * @param updatedAt                when it last changed, null in a draft
     * @param resourceTypeAssociations the resource types it applies to
     * @param properties               its property definitions
     * @param objects                  its object definitions
     * @param tags                     its tags
     * @param version                  the optimistic-concurrency revision
     */
    public MetadefNamespace {
        Objects.requireNonNull(namespace, "namespace");
        visibility = visibility == null ? MetadefVisibility.PRIVATE : visibility;
        resourceTypeAssociations = resourceTypeAssociations == null ? List.of() : List.copyOf(resourceTypeAssociations);
        properties = properties == null ? List.of() : List.copyOf(properties);
        objects = objects == null ? List.of() : List.copyOf(objects);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /**
     * A builder for a namespace called {@code namespace}.
     *
     * @param namespace the namespace's name
     * @return a builder with that name, private, empty
     */
    public static Builder builder(String namespace) {
        return new Builder().namespace(namespace);
    }

    /**
     * A builder initialised with this namespace.
     *
     * @return a builder holding every component of this namespace
     */
    public Builder toBuilder() {
        return new Builder().namespace(namespace).displayName(displayName).description(description)
                .visibility(visibility).isProtected(isProtected).owner(owner).createdAt(createdAt)
                .updatedAt(updatedAt).resourceTypeAssociations(resourceTypeAssociations).properties(properties)
                .objects(objects).tags(tags).version(version);
    }

    /**
     * True if the namespace is public.
     *
     * @return true for {@link MetadefVisibility#PUBLIC}
     */
    public boolean isPublic() {
        return visibility == MetadefVisibility.PUBLIC;
    }

    /**
     * The property definition called {@code name}.
     *
     * @param name the property's name
     * @return the property, or empty
     */
    public Optional<MetadefProperty> property(String name) {
        return properties.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /**
     * The object definition called {@code name}.
     *
     * @param name the object's name
     * @return the object, or empty
     */
    public Optional<MetadefObject> object(String name) {
        return objects.stream().filter(o -> o.name().equals(name)).findFirst();
    }

    /**
     * The tag called {@code name}.
     *
     * @param name the tag
     * @return the tag, or empty
     */
    public Optional<MetadefTag> tag(String name) {
        return tags.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /**
     * The association with resource type {@code resourceType}.
     *
     * @param resourceType the resource type's name
     * @return the association, or empty
     */
    public Optional<ResourceTypeAssociation> association(String resourceType) {
        return resourceTypeAssociations.stream().filter(a -> a.name().equals(resourceType)).findFirst();
    }

    /**
     * This namespace with every timestamp cleared and version 0: what two catalogs loaded from the same files
     * at different times have in common.
     *
     * @return a copy without timestamps, its contents without timestamps too
     */
    public MetadefNamespace withoutTimestamps() {
        return new MetadefNamespace(namespace, displayName, description, visibility, isProtected, owner, null, null,
                resourceTypeAssociations.stream().map(a -> a.withTimestamps(null, null)).toList(), properties,
                objects.stream().map(o -> o.toBuilder().createdAt(null).updatedAt(null).build()).toList(),
                tags.stream().map(t -> t.withTimestamps(null, null)).toList(), 0);
    }

    /** Builds a {@link MetadefNamespace}. */
    public static final class Builder {
        private String namespace;
        private String displayName;
        private String description;
        private MetadefVisibility visibility = MetadefVisibility.PRIVATE;
        private boolean isProtected;
        private String owner;
        private Instant createdAt;
        private Instant updatedAt;
        private List<ResourceTypeAssociation> resourceTypeAssociations = new ArrayList<>();
        private List<MetadefProperty> properties = new ArrayList<>();
        private List<MetadefObject> objects = new ArrayList<>();
        private List<MetadefTag> tags = new ArrayList<>();
        private long version;

        private Builder() {
        }

        /**
         * Sets the namespace name.
         *
         * @param v the namespace name
         * @return this builder
         */
        public Builder namespace(String v) { this.namespace = v; return this; }
        /**
         * Sets the display name.
         *
         * @param v the display name
         * @return this builder
         */
        public Builder displayName(String v) { this.displayName = v; return this; }
        /**
         * Sets the description.
         *
         * @param v the description
         * @return this builder
         */
        public Builder description(String v) { this.description = v; return this; }
        /**
         * Sets the visibility.
         *
         * @param v the visibility
         * @return this builder
         */
        public Builder visibility(MetadefVisibility v) { this.visibility = v; return this; }
        /**
         * Sets the protected flag.
         *
         * @param v the protected flag
         * @return this builder
         */
        public Builder isProtected(boolean v) { this.isProtected = v; return this; }
        /**
         * Sets the owning project.
         *
         * @param v the owning project
         * @return this builder
         */
        public Builder owner(String v) { this.owner = v; return this; }
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
         * Sets the resource type associations (replacing any).
         *
         * @param v the resource type associations (replacing any)
         * @return this builder
         */
        public Builder resourceTypeAssociations(List<ResourceTypeAssociation> v) { this.resourceTypeAssociations = new ArrayList<>(v); return this; }
        /**
         * Adds one more resource type association.
         *
         * @param v the resource type association to add
         * @return this builder
         */
        public Builder addResourceTypeAssociation(ResourceTypeAssociation v) { this.resourceTypeAssociations.add(v); return this; }
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
         * Sets the objects (replacing any).
         *
         * @param v the objects (replacing any)
         * @return this builder
         */
        public Builder objects(List<MetadefObject> v) { this.objects = new ArrayList<>(v); return this; }
        /**
         * Adds one more object.
         *
         * @param v the object to add
         * @return this builder
         */
        public Builder addObject(MetadefObject v) { this.objects.add(v); return this; }
        /**
         * Sets the tags (replacing any).
         *
         * @param v the tags (replacing any)
         * @return this builder
         */
        public Builder tags(List<MetadefTag> v) { this.tags = new ArrayList<>(v); return this; }
        /**
         * Adds one more tag.
         *
         * @param v the tag to add
         * @return this builder
         */
        public Builder addTag(MetadefTag v) { this.tags.add(v); return this; }
        /**
         * Sets the version (a repository sets it).
         *
         * @param v the version (a repository sets it)
         * @return this builder
         */
        public Builder version(long v) { this.version = v; return this; }

        String draftName() {
            return namespace;
        }

        /**
         * The built value.
         *
         * @return the namespace
         * @throws NullPointerException if no name was set
         */
        public MetadefNamespace build() {
            return new MetadefNamespace(namespace, displayName, description, visibility, isProtected, owner, createdAt,
                    updatedAt, resourceTypeAssociations, properties, objects, tags, version);
        }
    }
}
