package dev.imagecatalog.image;

import java.util.Locale;

/** The attributes a list may be sorted by (Glance's allowed {@code sort_key} values). */
public enum SortKey {
    NAME, STATUS, CONTAINER_FORMAT, DISK_FORMAT, SIZE, ID, CREATED_AT, UPDATED_AT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The key for a wire name; null if unknown. */
    public static SortKey fromWireName(String s) {
        for (SortKey k : values()) {
            if (k.wireName().equals(s)) {
                return k;
            }
        }
        return null;
    }
}
