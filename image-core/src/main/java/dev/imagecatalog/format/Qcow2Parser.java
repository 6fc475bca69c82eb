package dev.imagecatalog.format;

import java.util.ArrayList;
import java.util.List;

/**
 * QEMU's qcow2 (versions 2 and 3): magic {@code QFI\xfb} at 0; the header's first 512 bytes are kept. Virtual size:
 * big-endian u64 at 24. Refused: a backing file (its name's offset at 8 is not 0), an external data file
 * (incompatible feature bit 2), incompatible feature bits from 4 up, a version other than 2 or 3.
 */
final class Qcow2Parser extends FixedHeaderParser {
    private static final long DATA_FILE_BIT = 1L << 2;
    /** Bits 0-3 are known: dirty, corrupt, external data file, compression type. */
    private static final long KNOWN_INCOMPATIBLE = (1L << 4) - 1;

    Qcow2Parser() {
        super("qcow2", 512);
    }

    @Override
    boolean matches(byte[] h, int filled) {
        return Bytes.startsWith(h, filled, 0, "QFI\u00fb");
    }

    @Override
    Verdict read(byte[] h, long total) {
        long size = Bytes.be64(h, 24);
        List<SafetyProblem> problems = new ArrayList<>();
        if (Bytes.be64(h, 8) != 0) {
            problems.add(problem("backing_file", "the image has a backing file"));
        }
        long version = Bytes.be32(h, 4);
        if (version == 3) {
            long incompatible = Bytes.be64(h, 72);
            if ((incompatible & DATA_FILE_BIT) != 0) {
                problems.add(problem("data_file", "the image has an external data file"));
            }
            if ((incompatible & ~KNOWN_INCOMPATIBLE) != 0) {
                problems.add(problem("unknown_features", "unknown incompatible features 0x"
                        + Long.toHexString(incompatible & ~KNOWN_INCOMPATIBLE)));
            }
        } else if (version != 2) {
            problems.add(problem("unknown_features", "unsupported qcow2 version " + version));
        }
        return Verdict.refused(size, problems);
    }
}
