package dev.imagecatalog.metadef;

import java.time.Instant;
import java.util.Objects;

/**
 * Ties a namespace to a resource type: the namespace's properties apply to that kind of resource, with their names
 * prefixed by {@link #prefix()} (for example {@code hw_} for images, {@code hw:} for flavors).
 *
 * @param name             the resource type's name, such as {@code OS::Glance::Image}
 * @param prefix           prepended to property names for this resource type, null for none
 * @param propertiesTarget which part of the resource the properties go to (such as {@code image},
 *                         {@code metadata}, {@code scheduler_hints}), null when the resource has one place
 * @param createdAt        when it was created, null in a draft
 * @param updatedAt        when it last changed, null in a draft
 */
public record ResourceTypeAssociation(String name, String prefix, String propertiesTarget, Instant createdAt,
                                      Instant updatedAt) {
    /**
     * An association; {@code name} (the resource type) is required.
     *
     * @param name             the resource type's name, such as {@code OS::Glance::Image}
     * @param prefix           prepended to property names for this resource type, null for none
     * @param propertiesTarget which part of the resource the properties go to (such as {@code image}, {@code metadata}, {@code scheduler_hints}), null when the resource has one place
     * @param createdAt        when it was created, null in a draft
     * @param updatedAt        when it last changed, null in a draft
     */
    public ResourceTypeAssociation {
        Objects.requireNonNull(name, "name");
    }

    /**
     * A draft association (no timestamps).
     *
     * @param name             the resource type's name
     * @param prefix           prepended to property names for this resource type, null for none
     * @param propertiesTarget which part of the resource the properties go to, null for none
     * @return the draft
     */
    public static ResourceTypeAssociation of(String name, String prefix, String propertiesTarget) {
        return new ResourceTypeAssociation(name, prefix, propertiesTarget, null, null);
    }

    /**
     * The prefix, or the empty string when there is none.
     *
     * @return the prefix, never null
     */
    public String prefixOrEmpty() {
        return prefix == null ? "" : prefix;
    }

    /**
     * This association with other timestamps.
     *
     * @param created the creation time, may be null
     * @param updated the last update time, may be null
     * @return a copy with these timestamps
     */
    public ResourceTypeAssociation withTimestamps(Instant created, Instant updated) {
        return new ResourceTypeAssociation(name, prefix, propertiesTarget, created, updated);
    }
}
