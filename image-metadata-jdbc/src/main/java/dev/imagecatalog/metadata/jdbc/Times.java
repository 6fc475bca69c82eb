package dev.imagecatalog.metadata.jdbc;

import dev.imagecatalog.error.InvalidInputException;
import java.time.Instant;

/** Instants are stored as epoch nanoseconds (BIGINT): exact, portable, and fast to compare and index. */
final class Times {
    static final Instant MIN = Instant.ofEpochSecond(0, Long.MIN_VALUE);
    static final Instant MAX = Instant.ofEpochSecond(0, Long.MAX_VALUE);

    private Times() {
    }

    /** For stored values: outside 1677..2262 is invalid input naming the field. */
    static long toNanos(Instant t, String field) {
        try {
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
        } catch (ArithmeticException e) {
            throw new InvalidInputException("invalid " + field + " '" + t + "': must lie between " + MIN + " and " + MAX);
        }
    }

    /** For query bounds: clamped to the storable range. */
    static long toNanosClamped(Instant t) {
        if (t.isBefore(MIN)) {
            return Long.MIN_VALUE;
        }
        if (t.isAfter(MAX)) {
            return Long.MAX_VALUE;
        }
        return toNanos(t, "time");
    }

    static Instant fromNanos(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
