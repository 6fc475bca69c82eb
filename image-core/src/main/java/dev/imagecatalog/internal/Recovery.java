package dev.imagecatalog.internal;

import dev.imagecatalog.recovery.RecoveryReport;
import dev.imagecatalog.recovery.Scrubber;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the catalog cleans up after itself: the recovery sweep ({@link StoreSweep}: saving images without a live
 * writer back to queued, leftovers of incomplete writes and unreferenced objects removed, the pending locations of
 * dead copies and the deleting locations of cut-off removals finished, dead write intents removed) at start-up when {@code recovery.on-start} is true and on demand, and the {@link Scrubber} (delayed
 * deletes, then the sweep) every {@code scrubber.interval} on the catalog's threads when that is positive.
 */
final class Recovery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private final StoreSweep sweep;
    private final DefaultScrubber scrubber;
    private final ExecutorService executor;
    private final boolean onStart;
    private final Duration scrubberInterval;
    private volatile boolean stopped;
    private volatile Future<?> periodic;

    Recovery(StoreSweep sweep, DefaultScrubber scrubber, ExecutorService executor, boolean onStart,
             Duration scrubberInterval) {
        this.sweep = sweep;
        this.scrubber = scrubber;
        this.executor = executor;
        this.onStart = onStart;
        this.scrubberInterval = scrubberInterval;
    }

    /** At build time: the start-up sweep (if {@code recovery.on-start}), then the periodic scrubber (if any). */
    void start() {
        if (onStart) {
            recover(false);
        }
        startPeriodicScrubber();
    }

    /** The recovery sweep now; with {@code dryRun} it only reports what it would do. Runs beside uploads. */
    RecoveryReport recover(boolean dryRun) {
        return sweep.run(dryRun);
    }

    /** The scrubber of delayed deletes. */
    Scrubber scrubber() {
        return scrubber;
    }

    private void startPeriodicScrubber() {
        Duration interval = scrubberInterval;
        if (interval.isZero()) {
            return;
        }
        try {
            periodic = executor.submit(() -> {
                while (!stopped) {
                    try {
                        Thread.sleep(interval.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (stopped) {
                        return;
                    }
                    try {
                        scrubber.runOnce();
                    } catch (RuntimeException e) {
                        LOG.warn("scrubber run failed; retrying in {}", interval, e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("cannot start the periodic scrubber", e);
        }
    }

    /** Stops the periodic scrubber. Idempotent. */
    @Override
    public void close() {
        stopped = true;
        Future<?> f = periodic;
        if (f != null) {
            f.cancel(true);
        }
    }
}
