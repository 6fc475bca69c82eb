package dev.imagecatalog.metadef;

import dev.imagecatalog.error.InvalidInputException;
import java.util.Locale;

/** Who may see a metadata definitions namespace: everybody ({@code public}) or its owner and admins ({@code private}). */
public enum MetadefVisibility {
    /** Visible to every caller. */
    PUBLIC,
    /** Visible to the owning project and admins. */
    PRIVATE;

    /**
     * The Glance spelling, {@code public} or {@code private}.
     *
     * @return the lower-case name
     */
    public String jsonValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses Glance's spelling; anything else is an {@link InvalidInputException} naming {@code visibility}.
     *
     * @param value {@code public} or {@code private}
     * @return the visibility
     * @throws InvalidInputException naming {@code visibility} for anything else
     */
    public static MetadefVisibility parse(String value) {
        if ("public".equals(value)) {
            return PUBLIC;
        }
        if ("private".equals(value)) {
            return PRIVATE;
        }
        throw new InvalidInputException("visibility: '" + value + "' is not one of public, private");
    }
}
