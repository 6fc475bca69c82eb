package dev.imagecatalog.contract;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The peak live heap of a phase of a benchmark: every {@code intervalMillis} a background thread runs a full
 * collection ({@link System#gc()}: stop-the-world on the JDK's default G1 unless {@code -XX:+ExplicitGCInvokesConcurrent})
 * and reads the heap in use right after it, which is what the program still holds at that moment. The peak is the
 * largest such reading. Garbage not yet collected is not counted, so the figure does not depend on {@code -Xmx}: run
 * with a large heap and the figure shows what a leak or a buffered image would hold (growing with the bytes
 * streamed), where a figure taken under a small {@code -Xmx} can never exceed that {@code -Xmx}.
 */
public final class LiveHeapSampler implements AutoCloseable {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final long intervalMillis;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long peak;
    private volatile int samples;

    private final long baseline;

    /**
     * Takes the baseline (the heap in use after a full GC, before the phase) and starts sampling every
     * {@code intervalMillis} ms.
     */
    public LiveHeapSampler(long intervalMillis) {
        this.intervalMillis = intervalMillis;
        System.gc();
        baseline = memory.getHeapMemoryUsage().getUsed();
        thread = new Thread(this::loop, "live-heap-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            sample();
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        System.gc();
        long used = memory.getHeapMemoryUsage().getUsed();
        if (used > peak) {
            peak = used;
        }
        samples++;
    }

    /** The largest heap in use after a full collection, in bytes. */
    public long peakBytes() {
        return peak;
    }

    /** The heap in use after a full GC when sampling started: what the program held before the phase. */
    public long baselineBytes() {
        return baseline;
    }

    /** How many full collections were sampled. */
    public int samples() {
        return samples;
    }

    /** The heap limit of this JVM ({@code -Xmx}), in bytes. */
    public long maxBytes() {
        return memory.getHeapMemoryUsage().getMax();
    }

    /** Stops sampling (idempotent). */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
