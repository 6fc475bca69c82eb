package dev.imagecatalog.internal.cas;

import dev.imagecatalog.error.VersionConflictException;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one retry loop for optimistic compare-and-set writes (image records, their status changes, metadef
 * namespaces): each attempt reads the current record, computes the change and stores it only if the record still
 * has the version it read; when another writer got there first, the back-end throws
 * {@link VersionConflictException} and the loop reads again.
 * Not API.
 *
 * <p>At most {@link #ATTEMPTS} attempts, with a {@link Thread#yield()} between two. A retry happens only after
 * another writer succeeded, so the bound is reached only under sustained contention on one record; 64 lets that
 * many concurrent writers of one record each get through before anyone gives up.
 */
public final class CompareAndSet {
    private static final Logger LOG = LoggerFactory.getLogger(CompareAndSet.class);
    /** How many times one change is attempted before it gives up. */
    public static final int ATTEMPTS = 64;

    private CompareAndSet() {
    }

    /**
     * One read-change-write attempt.
     *
     * @param <T> what a successful attempt returns
     */
    @FunctionalInterface
    public interface Attempt<T> {
        /**
         * Reads, changes and writes once.
         *
         * @return the outcome
         * @throws VersionConflictException if another writer changed the record first (the loop reads again)
         */
        T tryOnce();
    }

    /**
     * Runs {@code attempt} until it succeeds, at most {@link #ATTEMPTS} times. A {@link VersionConflictException}
     * from an attempt starts the next one; any other exception ends the loop at once.
     *
     * @param attempt one read-change-write
     * @param <T>     the outcome's type
     * @return the outcome of the first successful attempt, or empty if every attempt lost its race
     */
    public static <T> Optional<T> retry(Attempt<T> attempt) {
        for (int i = 0; i < ATTEMPTS; i++) {
            try {
                return Optional.of(attempt.tryOnce());
            } catch (VersionConflictException lost) {
                LOG.debug("lost a compare-and-set ({}); reading again", lost.getMessage());
            }
            Thread.yield();
        }
        return Optional.empty();
    }

    /**
     * As {@link #retry(Attempt)}, throwing what {@code exhausted} gives when every attempt lost its race.
     *
     * @param attempt   one read-change-write
     * @param exhausted the exception to throw after the last lost attempt (typically a conflict)
     * @param <T>       the outcome's type
     * @return the outcome of the first successful attempt
     */
    public static <T> T retry(Attempt<T> attempt, Supplier<? extends RuntimeException> exhausted) {
        return retry(attempt).orElseThrow(exhausted);
    }
}
