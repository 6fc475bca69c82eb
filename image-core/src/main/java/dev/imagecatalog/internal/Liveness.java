package dev.imagecatalog.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * The one rule that says whether a recorded worker (a write intent's writer, a task's runner) is still alive, as one
 * sweep judges it at {@code now}: alive if this catalog is doing the work itself, or if the record was touched within
 * {@code recovery.orphan-grace}; except that at start-up (the sweep's first real run) a record this catalog is not
 * working under is dead when it names this {@code catalog.instance} (the process that recorded it under the same
 * name is gone) or the metadata back-end is exclusive to this process.
 *
 * @param instance  this catalog's {@code catalog.instance}
 * @param grace     {@code recovery.orphan-grace}
 * @param now       when the sweep judges
 * @param startUp   whether this is the sweep's first real run
 * @param exclusive whether the metadata back-end is {@link dev.imagecatalog.spi.MetadataRepository#exclusiveToThisProcess()}
 */
record Liveness(String instance, Duration grace, Instant now, boolean startUp, boolean exclusive) {

    /**
     * @param here      whether this catalog is doing the work now
     * @param recorder  the {@code catalog.instance} the record names, or null if none
     * @param touchedAt when the worker last said it was alive
     * @return whether the worker is alive
     */
    boolean live(boolean here, String recorder, Instant touchedAt) {
        if (here) {
            return true;
        }
        if (startUp && (exclusive || instance.equals(recorder))) {
            return false;
        }
        return touchedAt.plus(grace).isAfter(now);
    }
}
