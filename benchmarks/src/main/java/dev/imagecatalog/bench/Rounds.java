package dev.imagecatalog.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one way every benchmark times what it reports: each measurement is a function run once per round, the rounds
 * interleave the measurements (round 1 runs each of them, then round 2 ...), and each figure is the <b>median</b> of
 * its rounds. A figure and the limit it is compared with are two measurements of one {@code Rounds}, so both have the
 * same number of rounds, the same amount of work per round and the same statistic.
 *
 * <p>Why the median: on a machine shared with other work, a burst of load slows whichever round it hits; the median
 * of an odd number of rounds is a round that really ran, ignores one slow (or one lucky) round in three, and is not
 * biased the way the best of N is (the best round of the figure and the best of its limit need not have seen the
 * same conditions, so a ratio of bests can exceed what either achieves typically).
 */
final class Rounds {
    /** A timed body; whatever it does between its start and its end is measured. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    private record Measurement(String figure, long work, Body before, Body timed, Body after, long[] nanos) {
    }

    private final int count;
    private final Map<String, Measurement> measurements = new LinkedHashMap<>();

    /** {@code count} rounds (at least 1). */
    Rounds(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("bench.rounds must be at least 1, not " + count);
        }
        this.count = count;
    }

    /** The rounds of {@code -Dbench.rounds} (default 3: the smallest count whose median ignores one outlier). */
    static Rounds fromProperty() {
        return new Rounds(Integer.getInteger("bench.rounds", 3));
    }

    int count() {
        return count;
    }

    /** Adds a measurement: {@code timed} does {@code work} units (bytes, operations) once per round. */
    Rounds add(String figure, long work, Body timed) {
        return add(figure, work, () -> { }, timed);
    }

    /** Adds a measurement whose {@code before} runs untimed right before each timed run. */
    Rounds add(String figure, long work, Body before, Body timed) {
        return add(figure, work, before, timed, () -> { });
    }

    /** Adds a measurement whose {@code before} and {@code after} run untimed around each timed run. */
    Rounds add(String figure, long work, Body before, Body timed, Body after) {
        if (measurements.putIfAbsent(figure, new Measurement(figure, work, before, timed, after, new long[count]))
                != null) {
            throw new IllegalArgumentException("figure " + figure + " added twice");
        }
        return this;
    }

    /**
     * Runs every round; each round runs every measurement once, in the order they were added in the odd rounds
     * (1, 3, ...) and in the reverse order in the even ones, so no measurement always runs right after the same
     * other one (a measurement run after a write-heavy or a read-heavy one can be slower for it, whichever it is).
     */
    void run() throws Exception {
        List<Measurement> forward = List.copyOf(measurements.values());
        List<Measurement> reverse = new ArrayList<>(forward);
        java.util.Collections.reverse(reverse);
        for (int round = 0; round < count; round++) {
            List<String> line = new ArrayList<>();
            for (Measurement m : round % 2 == 0 ? forward : reverse) {
                m.before().run();
                long t = System.nanoTime();
                m.timed().run();
                m.nanos()[round] = System.nanoTime() - t;
                m.after().run();
                line.add(String.format(java.util.Locale.ROOT, "%s %.3f s", m.figure(), m.nanos()[round] / 1e9));
            }
            Figures.note("round %d of %d: %s; load average %.1f", round + 1, count, String.join(", ", line),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** The median duration of a figure's rounds (the mean of the middle two for an even count), in nanoseconds. */
    double medianNanos(String figure) {
        return Figures.median(Arrays.stream(measurement(figure).nanos()).asDoubleStream().toArray());
    }

    /** The figure's work over its median round, in 10^6 units (bytes: MB) per second. */
    double medianMbPerSecond(String figure) {
        return measurement(figure).work() / 1e6 / (medianNanos(figure) / 1e9);
    }

    /** The figure's work over its median round, in units (operations) per second. */
    double medianPerSecond(String figure) {
        return measurement(figure).work() / (medianNanos(figure) / 1e9);
    }

    /** Prints the figure as its median rate in MB/s. */
    void printMbPerSecond(String figure) {
        Figures.print(figure, medianMbPerSecond(figure), "MB/s");
    }

    /** Prints {@code name}: the median MB/s of {@code figure} over that of {@code limit}, measured in these rounds. */
    void printRatio(String name, String figure, String limit) {
        Figures.print(name, medianMbPerSecond(figure) / medianMbPerSecond(limit), "ratio");
    }

    /** Prints the figure as its median rate in {@code unit} (operations per second). */
    void printPerSecond(String figure, String unit) {
        Figures.print(figure, medianPerSecond(figure), unit);
    }

    private Measurement measurement(String figure) {
        Measurement m = measurements.get(figure);
        if (m == null) {
            throw new IllegalArgumentException("no figure " + figure);
        }
        return m;
    }
}
