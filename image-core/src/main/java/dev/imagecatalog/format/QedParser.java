package dev.imagecatalog.format;

import java.util.List;

/** QEMU's qed: magic {@code QED\0}; always refused (as Glance: recognised, never allowed). Size: LE u64 at 48. */
final class QedParser extends FixedHeaderParser {
    QedParser() {
        super("qed", 56);
    }

    @Override
    boolean matches(byte[] h, int filled) {
        return Bytes.startsWith(h, filled, 0, "QED\0");
    }

    @Override
    Verdict read(byte[] h, long total) {
        return banned(Bytes.le64(h, 48));
    }

    /** Refused as banned whether or not its header is complete (the size then unknown). */
    @Override
    Verdict incomplete(byte[] h, long total) {
        return banned(-1);
    }

    private Verdict banned(long size) {
        return Verdict.refused(size, List.of(problem("banned", "the qed format is not allowed")));
    }
}
