package dev.imagecatalog.format;

import java.util.ArrayList;
import java.util.List;

/**
 * LUKS version 1: magic {@code LUKS\xba\xbe}; the virtual size is the bytes after the payload offset (BE u32 at
 * 104, in 512-byte sectors). Refused: any version but 1. No passphrase is taken, so the encrypted payload is not
 * inspected.
 */
final class LuksParser extends FormatParser {
    private static final int HEADER = 592;
    private Region header;

    @Override
    String name() {
        return "luks";
    }

    @Override
    void start() {
        header = want(0, HEADER);
    }

    @Override
    void completed(Region region) {
        stop();
    }

    @Override
    Verdict finish(long total, Tail tail) {
        byte[] h = header.data();
        if (!Bytes.startsWith(h, header.filled(), 0, "LUKS\u00ba\u00be")) {
            return Verdict.NO_MATCH;
        }
        if (!header.complete()) {
            return truncated("header", total);
        }
        List<SafetyProblem> problems = new ArrayList<>();
        int version = Bytes.be16(h, 6);
        if (version != 1) {
            problems.add(problem("version", "LUKS version " + version + " is not supported"));
        }
        long payload = Bytes.be32(h, 104) * 512;
        if (payload > total) {
            problems.add(problem(SafetyProblem.INCOMPLETE, "the payload offset " + payload
                    + " lies past the end of the file (" + total + " bytes)"));
            return Verdict.refused(-1, problems);
        }
        return Verdict.refused(total - payload, problems);
    }
}
