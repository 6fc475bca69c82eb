package dev.imagecatalog.image;

import java.time.Instant;
import java.util.Objects;

/**
 * A time condition of an {@link ImageQuery}, such as {@code created_at gte 2026-01-01T00:00:00Z}.
 *
 * @param op      the comparison
 * @param instant the instant compared with
 */
public record TimeCondition(TimeOp op, Instant instant) {
    /**
     * Checks that neither component is null.
     *
     * @param op      the comparison
     * @param instant the instant compared with
     * @throws NullPointerException if either is null
     */
    public TimeCondition {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(instant, "instant");
    }
}
