package dev.imagecatalog.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.imagecatalog.image.StoreLocation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The locations this catalog recently failed to read, so that the next reads try the other copies first: a location
 * whose store failed (at open or mid-stream, or its stream ended early) is suspect for {@link #FAILED_FOR}, one
 * that delivered bytes not matching the image's checksums, or more bytes than asked, for {@link #CORRUPT_FOR}. Held
 * in memory by one catalog (not shared between processes), bounded to {@link #MAX_ENTRIES}; a suspect location is
 * still read when every other copy fails.
 */
final class ReadSuspects {
    /** How long a location whose store failed is read last. */
    static final Duration FAILED_FOR = Duration.ofSeconds(30);
    /** How long a location that delivered wrong bytes is read last. */
    static final Duration CORRUPT_FOR = Duration.ofMinutes(15);
    static final int MAX_ENTRIES = 10_000;

    private final Clock clock;
    /** Location URL to the instant it stops being suspect. */
    private final Cache<String, Instant> until = Caffeine.newBuilder().maximumSize(MAX_ENTRIES)
            .expireAfterWrite(CORRUPT_FOR).build();

    ReadSuspects(Clock clock) {
        this.clock = clock;
    }

    /** The store failed to give the location's bytes. */
    void failed(StoreLocation location) {
        mark(location, FAILED_FOR);
    }

    /** The location's bytes (or their length) did not match the image. */
    void corrupt(StoreLocation location) {
        mark(location, CORRUPT_FOR);
    }

    private void mark(StoreLocation location, Duration period) {
        Instant end = clock.instant().plus(period);
        until.asMap().merge(location.url(), end, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** Whether the location failed recently. */
    boolean isSuspect(StoreLocation location) {
        Instant end = until.getIfPresent(location.url());
        return end != null && clock.instant().isBefore(end);
    }
}
