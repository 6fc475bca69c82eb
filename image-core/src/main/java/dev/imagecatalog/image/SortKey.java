package dev.imagecatalog.image;

import java.util.Locale;

/** The attributes a list may be sorted by (Glance's allowed {@code sort_key} values). */
public enum SortKey {
    /** {@code name}. */
    NAME,
    /** {@code status}. */
    STATUS,
    /** {@code container_format}. */
    CONTAINER_FORMAT,
    /** {@code disk_format}. */
    DISK_FORMAT,
    /** {@code size}. */
    SIZE,
    /** {@code id}. */
    ID,
    /** {@code created_at}. */
    CREATED_AT,
    /** {@code updated_at}. */
    UPDATED_AT;

    /** {@return Glance's wire name, e.g. {@code created_at}} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The key for a wire name.
     *
     * @param s the wire name, e.g. {@code created_at}
     * @return the key, or null if unknown
     */
    public static SortKey fromWireName(String s) {
        for (SortKey k : values()) {
            if (k.wireName().equals(s)) {
                return k;
            }
        }
        return null;
    }
}
