package dev.imagecatalog.format;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One format's parser, fed every chunk of the stream in order. It asks for the header regions it needs, one after
 * another (a region found in a captured one), and says when it needs no more bytes. Each parser asks for a fixed,
 * small number of regions over the whole stream, so its work per chunk is bounded whatever the bytes say.
 */
abstract class FormatParser {
    /** Most regions one parser may ask for over a whole stream (a guard, far above what any format needs). */
    private static final int MAX_REGIONS = 8;

    private final List<Region> pending = new ArrayList<>(2);
    private int asked;
    /** The end of the last completed region: the stream is past it, so a region asked for before it is missed. */
    private long frontier;
    private boolean done;

    /** The format's name, as Glance's {@code disk_format}. */
    abstract String name();

    /** The first regions, asked for before any byte. */
    abstract void start();

    /** {@code region} is complete: parse it; ask for more with {@link #want}, or call {@link #stop()}. */
    abstract void completed(Region region);

    /** The verdict at the end of a stream of {@code total} bytes whose last bytes {@code tail} holds. */
    abstract Verdict finish(long total, Tail tail);

    /** Asks for the region at {@code offset} of {@code length} bytes. */
    final Region want(long offset, int length) {
        if (++asked > MAX_REGIONS) {
            throw new IllegalStateException(name() + " asked for more than " + MAX_REGIONS + " regions");
        }
        Region r = new Region(offset, length);
        if (offset < frontier) {
            r.miss();
            return r;
        }
        pending.add(r);
        return r;
    }

    /** Needs no more bytes (it has what it wants, or the stream is not this format). */
    final void stop() {
        done = true;
        pending.clear();
    }

    final boolean wantsBytes() {
        return !done && !pending.isEmpty();
    }

    /** Offers one chunk (at stream position {@code position}) to the pending regions, completing what it can. */
    final void accept(long position, ByteBuffer chunk) {
        for (int round = 0; round <= MAX_REGIONS && !done && !pending.isEmpty(); round++) {
            List<Region> now = List.copyOf(pending);
            boolean progressed = false;
            for (Region r : now) {
                r.offer(position, chunk);
                if (r.complete() || r.missed()) {
                    pending.remove(r);
                    if (r.complete()) {
                        progressed = true;
                        frontier = Math.max(frontier, r.offset() + r.length());
                        completed(r);
                        if (done) {
                            return;
                        }
                    }
                }
            }
            if (!progressed) {
                return;
            }
        }
    }

    /** What one parser concluded. */
    record Verdict(boolean matched, long virtualSize, List<SafetyProblem> problems) {
        static final Verdict NO_MATCH = new Verdict(false, -1, List.of());

        static Verdict safe(long virtualSize) {
            return new Verdict(true, virtualSize, List.of());
        }

        static Verdict refused(long virtualSize, List<SafetyProblem> problems) {
            return new Verdict(true, virtualSize, List.copyOf(problems));
        }
    }

    /** A problem of this format. */
    final SafetyProblem problem(String check, String message) {
        return new SafetyProblem(name(), check, message);
    }

    /** The file starts as this format but ends before {@code what} (Glance: an incomplete file cannot be checked). */
    final Verdict truncated(String what, long total) {
        return Verdict.refused(-1, List.of(problem(SafetyProblem.INCOMPLETE, "the " + name() + " " + what
                + " is cut short: the file ends at byte " + total)));
    }
}
