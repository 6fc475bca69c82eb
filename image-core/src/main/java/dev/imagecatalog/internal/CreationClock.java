package dev.imagecatalog.internal;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The creation times of one catalog's images: microseconds, strictly increasing. Every back-end lists by
 * {@code created_at} with the id as tie-breaker, so without distinct stamps images created within one tick would
 * list in id order, not in the order they were made; with them, a catalog's images list newest first however fast
 * they are created, the same on every back-end. A stamp runs ahead of the clock only by one microsecond per
 * create within one microsecond.
 */
final class CreationClock {
    private final AtomicLong lastMicros = new AtomicLong(Long.MIN_VALUE);

    /** A time after every earlier one this clock gave, and not before now. */
    Instant next() {
        Instant now = ImageRules.now();
        long micros = Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L), now.getNano() / 1_000);
        long stamp = lastMicros.accumulateAndGet(micros, (last, n) -> Math.max(last + 1, n));
        return Instant.ofEpochSecond(Math.floorDiv(stamp, 1_000_000L), Math.floorMod(stamp, 1_000_000L) * 1_000L);
    }
}
