package dev.imagecatalog.image;

import java.util.Locale;

/**
 * The state of one of an image's locations. Only {@link #ACTIVE} locations are read; the others exist so that a copy
 * being written or bytes being removed are never lost track of, even across a crash.
 */
public enum LocationStatus {
    /** The bytes are complete and verified; downloads may read them. */
    ACTIVE,
    /** A copy to this store is being written; it becomes active once verified, or is removed. */
    PENDING,
    /** The bytes at this location are being removed. */
    DELETING;

    /**
     * The name Glance uses.
     *
     * @return {@code active}, {@code pending} or {@code deleting}
     */
    public String glanceName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@link #glanceName()}.
     *
     * @param name a status name, any case
     * @return the status
     * @throws IllegalArgumentException if {@code name} names no status
     */
    public static LocationStatus fromGlanceName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
