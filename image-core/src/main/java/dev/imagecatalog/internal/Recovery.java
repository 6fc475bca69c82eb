package dev.imagecatalog.internal;

import dev.imagecatalog.recovery.RecoveryReport;
import dev.imagecatalog.recovery.Scrubber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the catalog cleans up after itself: the recovery sweep ({@link StoreSweep}: saving images without a live
 * writer back to queued, leftovers of incomplete writes and unreferenced objects removed, the pending locations of
 * dead copies and the deleting locations of cut-off removals finished, dead write intents removed), after the task
 * sweep ({@link TaskSweep}: tasks whose runner died failed as interrupted and their images released, dead stages
 * undone, unused staging files removed), at start-up when {@code recovery.on-start} is true and on demand; the task
 * sweep also every {@code recovery.intent-heartbeat} on a thread of its own (cheap: it reads the unfinished tasks and
 * the write intents), so a live instance ends a dead one's tasks soon after {@code recovery.orphan-grace}; and the
 * {@link Scrubber} (delayed deletes, then the sweep) every {@code scrubber.interval} on the catalog's threads when
 * that is positive.
 */
final class Recovery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private final StoreSweep sweep;
    private final TaskSweep tasks;
    private final Duration taskInterval;
    private final ScheduledThreadPoolExecutor taskTimer;
    private final DefaultScrubber scrubber;
    private final ExecutorService executor;
    private final boolean onStart;
    private final Duration scrubberInterval;
    private volatile boolean stopped;
    private volatile Future<?> periodic;

    Recovery(StoreSweep sweep, TaskSweep tasks, DefaultScrubber scrubber, ExecutorService executor, boolean onStart,
             Duration scrubberInterval, Duration taskInterval, String threadName) {
        this.sweep = sweep;
        this.tasks = tasks;
        this.taskInterval = taskInterval;
        this.taskTimer = WorkerThreads.timer(threadName);
        this.scrubber = scrubber;
        this.executor = executor;
        this.onStart = onStart;
        this.scrubberInterval = scrubberInterval;
    }

    /**
     * At build time: the start-up sweeps (if {@code recovery.on-start}), then the periodic task sweep and scrubber
     * (if any).
     */
    void start() {
        if (onStart) {
            recover(false);
        }
        long period = taskInterval.toMillis();
        taskTimer.scheduleWithFixedDelay(this::sweepTasks, period, period, TimeUnit.MILLISECONDS);
        startPeriodicScrubber();
    }

    /**
     * The task sweep, then the recovery sweep, now; with {@code dryRun} they only report what they would do. Runs
     * beside uploads and imports.
     */
    RecoveryReport recover(boolean dryRun) {
        TaskSweep.Outcome t = tasks.run(dryRun);
        RecoveryReport r = sweep.run(dryRun);
        List<String> reset = new ArrayList<>(t.resetImages());
        reset.addAll(r.resetImageIds());
        return new RecoveryReport(reset.size(), r.incompleteWritesSwept(), r.orphansDeleted(), reset,
                r.removedObjects(), r.removedIntents(), r.removedLocations(), t.interruptedTasks(),
                t.stagingRemoved(), dryRun);
    }

    private void sweepTasks() {
        try {
            tasks.run(false);
        } catch (RuntimeException e) {
            LOG.warn("task sweep failed; retrying in {}", taskInterval, e);
        }
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

    /** Stops the periodic task sweep and scrubber. Idempotent. */
    @Override
    public void close() {
        stopped = true;
        taskTimer.shutdownNow();
        Future<?> f = periodic;
        if (f != null) {
            f.cancel(true);
        }
    }
}
