package dev.imagecatalog.format;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One inspection fed incrementally: give it every chunk of the image in order with {@link #accept(ByteBuffer)},
 * then call {@link #finish()} once for the report. Every format's parser sees every chunk in the same single pass;
 * each keeps only the header regions it asks for, and the session keeps the last 1536 bytes for footers, so memory
 * stays bounded (below 300 KiB) whatever the image size. Once every parser has what it needs, a chunk costs a
 * copy of at most 1536 bytes.
 *
 * <p>Not thread-safe: one thread feeds a session (chunks from several threads must be handed over in order).
 * Obtain one from {@link FormatInspector#newSession()}.
 */
public final class InspectionSession {
    private static final Logger LOG = LoggerFactory.getLogger(InspectionSession.class);

    private final FormatParser[] parsers;
    private final List<SafetyProblem> failures = new ArrayList<>();
    private final boolean[] failed;
    private final Tail tail = new Tail();
    private long position;
    private FormatReport report;

    InspectionSession(FormatParser[] parsers) {
        this.parsers = parsers;
        this.failed = new boolean[parsers.length];
        for (int i = 0; i < parsers.length; i++) {
            try {
                parsers[i].start();
            } catch (RuntimeException e) {
                fail(i, e);
            }
        }
    }

    /**
     * Inspects the next chunk of the image: the bytes between the buffer's position and its limit. The buffer
     * is only read, with absolute gets (its position, limit and content are left as they are), and not kept, so
     * a caller may pass a read-only view of a buffer it reuses after this returns.
     *
     * @param chunk the next bytes of the image
     * @throws IllegalStateException after {@link #finish()}
     */
    public void accept(ByteBuffer chunk) {
        Objects.requireNonNull(chunk, "chunk");
        if (report != null) {
            throw new IllegalStateException("the inspection is finished");
        }
        if (!chunk.hasRemaining()) {
            return;
        }
        for (int i = 0; i < parsers.length; i++) {
            if (!failed[i] && parsers[i].wantsBytes()) {
                try {
                    parsers[i].accept(position, chunk);
                } catch (RuntimeException e) {
                    fail(i, e);
                }
            }
        }
        tail.offer(chunk);
        position += chunk.remaining();
    }

    /** {@return the number of bytes accepted so far} */
    public long bytesSeen() {
        return position;
    }

    /**
     * Ends the image and returns the report; later calls return the same report.
     *
     * @return what the image is and the problems found
     */
    public FormatReport finish() {
        if (report == null) {
            report = decide();
        }
        return report;
    }

    private void fail(int i, RuntimeException e) {
        failed[i] = true;
        LOG.warn("the {} parser failed at byte {}; the image is refused", parsers[i].name(), position, e);
        failures.add(new SafetyProblem(parsers[i].name(), SafetyProblem.INSPECTION_FAILED,
                "the " + parsers[i].name() + " inspection failed: " + e));
    }

    private FormatReport decide() {
        List<String> matched = new ArrayList<>();
        List<FormatParser.Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < parsers.length; i++) {
            if (failed[i]) {
                continue;
            }
            FormatParser.Verdict v;
            try {
                v = parsers[i].finish(position, tail);
            } catch (RuntimeException e) {
                fail(i, e);
                continue;
            }
            if (v.matched()) {
                matched.add(parsers[i].name());
                verdicts.add(v);
            }
        }
        List<SafetyProblem> problems = new ArrayList<>(failures);
        if (matched.isEmpty()) {
            return new FormatReport("raw", position, position, List.of("raw"), problems);
        }
        int chosen = 0;
        if (matched.size() == 2 && matched.contains("iso") && matched.contains("gpt")) {
            chosen = matched.indexOf("iso"); // a bootable iso may carry a gpt in front
        } else if (matched.size() > 1) {
            problems.add(new SafetyProblem(String.join("+", matched), SafetyProblem.MULTIPLE_FORMATS,
                    "the data matches several formats: " + String.join(", ", matched)));
            for (FormatParser.Verdict v : verdicts) {
                problems.addAll(v.problems());
            }
            return new FormatReport(String.join("+", matched), -1, position, matched, problems);
        }
        FormatParser.Verdict v = verdicts.get(chosen);
        problems.addAll(v.problems());
        return new FormatReport(matched.get(chosen), v.virtualSize(), position, matched, problems);
    }
}
