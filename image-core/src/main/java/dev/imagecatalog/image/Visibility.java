package dev.imagecatalog.image;

import dev.imagecatalog.error.InvalidInputException;
import java.util.Locale;

/** Who may see an image, as in Glance v2 (2.5+). New images are {@link #SHARED}, as in Glance. */
public enum Visibility {
    /** Everyone sees it and lists it. */
    PUBLIC,
    /** Only the owner (and administrators). */
    PRIVATE,
    /** The owner and the image's members. The default for new images. */
    SHARED,
    /** Everyone may use it; only the owner lists it unless a list asks for community images. */
    COMMUNITY;

    /** {@return Glance's wire name, e.g. {@code shared}} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a wire name.
     *
     * @param name the wire name, e.g. {@code shared}
     * @return the visibility
     * @throws InvalidInputException naming the value if it is not one of the four wire names
     */
    public static Visibility fromWireName(String name) {
        if (name != null) {
            for (Visibility v : values()) {
                if (v.wireName().equals(name)) {
                    return v;
                }
            }
        }
        throw new InvalidInputException("invalid visibility '" + name + "': expected one of public, private, shared, community");
    }

    @Override
    public String toString() {
        return wireName();
    }
}
