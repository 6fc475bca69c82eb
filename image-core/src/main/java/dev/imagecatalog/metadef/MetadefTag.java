package dev.imagecatalog.metadef;

import java.time.Instant;
import java.util.Objects;

/**
 * A tag of a namespace: a bare name (unique within its namespace) that tools offer as a label.
 *
 * @param name      the tag, at most 80 characters
 * @param createdAt when it was created, null in a draft
 * @param updatedAt when it last changed, null in a draft
 */
public record MetadefTag(String name, Instant createdAt, Instant updatedAt) {
    /**
     * A tag; {@code name} is required.
     *
     * @param name      the tag, at most 80 characters
     * @param createdAt when it was created, null in a draft
     * @param updatedAt when it last changed, null in a draft
     */
    public MetadefTag {
        Objects.requireNonNull(name, "name");
    }

    /**
     * A draft tag (no timestamps).
     *
     * @param name the tag
     * @return the draft
     */
    public static MetadefTag of(String name) {
        return new MetadefTag(name, null, null);
    }

    /**
     * This tag with other timestamps.
     *
     * @param created the creation time, may be null
     * @param updated the last update time, may be null
     * @return a copy with these timestamps
     */
    public MetadefTag withTimestamps(Instant created, Instant updated) {
        return new MetadefTag(name, created, updated);
    }
}
