package dev.imagecatalog.format;

import java.util.List;

/** QEMU's qed: magic {@code QED\0}; always refused (as Glance: recognised, never allowed). Size: LE u64 at 48. */
final class QedParser extends FormatParser {
    private Region header;

    @Override
    String name() {
        return "qed";
    }

    @Override
    void start() {
        header = want(0, 56);
    }

    @Override
    void completed(Region region) {
        stop();
    }

    @Override
    Verdict finish(long total, Tail tail) {
        if (!Bytes.startsWith(header.data(), header.filled(), 0, "QED\0")) {
            return Verdict.NO_MATCH;
        }
        long size = header.complete() ? Bytes.le64(header.data(), 48) : -1;
        return Verdict.refused(size, List.of(problem("banned", "the qed format is not allowed")));
    }
}
