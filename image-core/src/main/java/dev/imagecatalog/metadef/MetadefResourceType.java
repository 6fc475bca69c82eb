package dev.imagecatalog.metadef;

import java.time.Instant;
import java.util.Objects;

/**
 * A kind of resource that definitions can apply to, such as {@code OS::Glance::Image} or {@code OS::Nova::Flavor}.
 * Created explicitly or implicitly by the first association that names it.
 *
 * @param name        unique, at most 80 characters
 * @param isProtected true if it may not be deleted
 * @param createdAt   when it was created, null in a draft
 * @param updatedAt   when it last changed, null in a draft
 */
public record MetadefResourceType(String name, boolean isProtected, Instant createdAt, Instant updatedAt) {
    /** Glance's resource type for images: the one whose associations drive image property validation. */
    public static final String GLANCE_IMAGE = "OS::Glance::Image";

    /**
     * A resource type; {@code name} is required.
     *
     * @param name        unique, at most 80 characters
     * @param isProtected true if it may not be deleted
     * @param createdAt   when it was created, null in a draft
     * @param updatedAt   when it last changed, null in a draft
     */
    public MetadefResourceType {
        Objects.requireNonNull(name, "name");
    }

    /**
     * A draft resource type (unprotected, no timestamps).
     *
     * @param name the resource type's name, such as {@code OS::Nova::Server}
     * @return the draft
     */
    public static MetadefResourceType of(String name) {
        return new MetadefResourceType(name, false, null, null);
    }
}
