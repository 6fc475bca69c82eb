package dev.imagecatalog.format;

import java.util.List;

/**
 * Microsoft's vhd (QEMU's vpc). Its 512-byte footer (cookie {@code conectix}) sits at the start of a dynamic
 * disk (a copy) and at the end of every disk, so a fixed disk is found by its last 512 bytes. Virtual size: the
 * footer's original size, BE u64 at 40. Refused: a differencing disk (type 4), which names a parent disk.
 */
final class VhdParser extends FormatParser {
    private static final int FOOTER = 512;
    private static final int DIFFERENCING = 4;
    private Region head;

    @Override
    String name() {
        return "vhd";
    }

    @Override
    void start() {
        head = want(0, FOOTER);
    }

    @Override
    void completed(Region region) {
        stop();
    }

    @Override
    Verdict finish(long total, Tail tail) {
        byte[] footer;
        if (Bytes.startsWith(head.data(), head.filled(), 0, "conectix")) {
            if (!head.complete()) {
                return truncated("footer", total);
            }
            footer = head.data();
        } else {
            footer = tail.last(FOOTER);
            if (footer == null || !Bytes.startsWith(footer, FOOTER, 0, "conectix")) {
                return Verdict.NO_MATCH;
            }
        }
        long size = Bytes.be64(footer, 40);
        if (Bytes.be32(footer, 60) == DIFFERENCING) {
            return Verdict.refused(size, List.of(problem("parent", "a differencing vhd names a parent disk")));
        }
        return Verdict.safe(size);
    }
}
