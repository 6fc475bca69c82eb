package dev.imagecatalog.format;

import java.util.ArrayList;
import java.util.List;

/**
 * LUKS version 1: magic {@code LUKS\xba\xbe}; the virtual size is the bytes after the payload offset (BE u32 at
 * 104, in 512-byte sectors). Refused: any version but 1. No passphrase is taken, so the encrypted payload is not
 * inspected.
 */
final class LuksParser extends FixedHeaderParser {
    LuksParser() {
        super("luks", 592);
    }

    @Override
    boolean matches(byte[] h, int filled) {
        return Bytes.startsWith(h, filled, 0, "LUKS\u00ba\u00be");
    }

    @Override
    Verdict read(byte[] h, long total) {
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
