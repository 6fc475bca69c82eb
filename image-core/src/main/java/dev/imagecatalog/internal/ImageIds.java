package dev.imagecatalog.internal;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one rule for image ids: an image id is a UUID in its canonical form, lower-case with hyphens
 * ({@code 8-4-4-4-12}). Every id a caller passes goes through {@link #canonical(String)} before it reaches a
 * repository or a store, so {@code 3F2504E0-...} and {@code 3f2504e0-...} name the same image on every back-end
 * and no store ever sees upper case.
 */
final class ImageIds {
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private ImageIds() {
    }

    /** The canonical (lower-case) form of {@code id}, or null when it is not a UUID (so no image can have it). */
    static String canonical(String id) {
        if (id == null || id.length() != 36 || !UUID.matcher(id).matches()) {
            return null;
        }
        return id.toLowerCase(Locale.ROOT);
    }
}
