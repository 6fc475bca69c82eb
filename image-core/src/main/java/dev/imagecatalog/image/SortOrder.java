package dev.imagecatalog.image;

import java.util.Objects;

/**
 * One sort key of an {@link ImageQuery} with its direction.
 *
 * @param key       what to sort by
 * @param direction the direction
 */
public record SortOrder(SortKey key, Direction direction) {

    /** Sort direction. */
    public enum Direction {
        /** Ascending: smallest first. */ ASC,
        /** Descending: largest first. */ DESC
    }

    /**
     * Checks that neither component is null.
     *
     * @param key       what to sort by
     * @param direction the direction
     * @throws NullPointerException if either is null
     */
    public SortOrder {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(direction, "direction");
    }
}
