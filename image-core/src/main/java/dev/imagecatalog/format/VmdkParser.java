package dev.imagecatalog.format;

import java.util.ArrayList;
import java.util.List;

/**
 * VMware's vmdk. A hosted sparse extent starts with {@code KDMV} (versions 1 to 3), its descriptor at sector 1
 * (at most 1 MiB - 1), and its capacity in sectors (LE u64 at 12). When the grain directory offset (LE u64 at 56)
 * is the end-of-stream marker, the file ends with a footer marker, a copy of the header and an end-of-stream
 * marker, which must agree with the header. A file whose first bytes are text naming a {@code createType} is a
 * descriptor-only vmdk: its extents are other files, so it is always refused.
 */
final class VmdkParser extends FormatParser {
    static final int DESCRIPTOR_AT = 0x200;
    static final int DESCRIPTOR_MAX = (1 << 20) - 1;
    private static final long GD_AT_END = -1L;
    private static final int SECTOR = 512;
    private static final int MARKER_EOS = 0;
    private static final int MARKER_FOOTER = 3;
    /** A text-only descriptor is looked for in its first bytes only. */
    private static final int TEXT_PROBE = 64 * 1024;
    private static final int MIN_TEXT = 64;
    private static final byte[] CREATE_TYPE = "createtype=\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private Region header;
    private Region descriptor;
    private Region textScan;
    private String headerFailure;

    @Override
    String name() {
        return "vmdk";
    }

    @Override
    void start() {
        header = want(0, SECTOR);
    }

    @Override
    void completed(Region region) {
        if (region == header) {
            byte[] h = header.data();
            if (Bytes.startsWith(h, SECTOR, 0, "KDMV")) {
                startSparse(h);
            } else if (isText(h, SECTOR)) {
                textScan = want(SECTOR, TEXT_PROBE - SECTOR);
            } else {
                stop();
            }
        } else {
            stop();
        }
    }

    private void startSparse(byte[] h) {
        long version = Bytes.le32(h, 4);
        long descSector = Bytes.le64(h, 28);
        long descSectors = Bytes.le64(h, 36);
        if (version < 1 || version > 3) {
            headerFailure = "unsupported vmdk version " + version;
        } else if (descSector != 1) {
            headerFailure = "the descriptor is not at sector 1 (it is at sector " + Long.toUnsignedString(descSector) + ")";
        } else if (descSectors == 0) {
            headerFailure = "no descriptor found";
        }
        if (headerFailure != null) {
            stop();
            return;
        }
        long size = Long.compareUnsigned(descSectors, DESCRIPTOR_MAX / SECTOR + 1) > 0 ? DESCRIPTOR_MAX
                : Math.min(descSectors * SECTOR, DESCRIPTOR_MAX);
        descriptor = want(DESCRIPTOR_AT, (int) size);
    }

    private static boolean isText(byte[] b, int n) {
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xff;
            if (c >= 0x7f || (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != 0x0b && c != 0x0c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean containsCreateType(byte[] b, int n) {
        outer:
        for (int i = 0; i + CREATE_TYPE.length <= n; i++) {
            for (int j = 0; j < CREATE_TYPE.length; j++) {
                if (Character.toLowerCase((char) (b[i + j] & 0xff)) != CREATE_TYPE[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    Verdict finish(long total, Tail tail) {
        byte[] h = header.data();
        int n = header.filled();
        if (!Bytes.startsWith(h, n, 0, "KDMV")) {
            return finishText(h, n);
        }
        if (!header.complete()) {
            return truncated("header", total);
        }
        long capacity = Bytes.le64(h, 12) * SECTOR;
        List<SafetyProblem> problems = new ArrayList<>();
        if (headerFailure != null) {
            problems.add(problem("descriptor", headerFailure));
            return Verdict.refused(-1, problems);
        }
        if (!descriptor.complete()) {
            return truncated("descriptor", total);
        }
        String failure = VmdkDescriptor.check(descriptor.data(), descriptor.length());
        if (failure != null) {
            problems.add(problem("descriptor", failure));
        }
        if (Bytes.le64(h, 56) == GD_AT_END) {
            String footer = checkFooter(h, tail.last(3 * SECTOR));
            if (footer != null) {
                problems.add(problem("footer", footer));
            }
        }
        return Verdict.refused(capacity, problems);
    }

    private Verdict finishText(byte[] h, int n) {
        byte[] probe = h;
        int length = n;
        if (textScan != null) {
            probe = new byte[SECTOR + textScan.filled()];
            System.arraycopy(h, 0, probe, 0, SECTOR);
            System.arraycopy(textScan.data(), 0, probe, SECTOR, textScan.filled());
            length = probe.length;
        }
        if (textScan != null || (n >= MIN_TEXT && isText(h, n))) {
            if (containsCreateType(probe, length)) {
                return Verdict.refused(-1, List.of(problem("descriptor", "a vmdk descriptor without a sparse header:"
                        + " its extents are other files")));
            }
        }
        return Verdict.NO_MATCH;
    }

    private static String checkFooter(byte[] h, byte[] tail) {
        if (tail == null) {
            return "the file is too short for a footer";
        }
        int f = SECTOR;
        if (!Bytes.startsWith(tail, tail.length, f, "KDMV")) {
            return "the footer's signature does not match the header's";
        }
        if (Bytes.le32(tail, f + 4) != Bytes.le32(h, 4)) {
            return "the footer's version does not match the header's";
        }
        if (Bytes.le64(tail, f + 28) != Bytes.le64(h, 28) || Bytes.le64(tail, f + 36) != Bytes.le64(h, 36)) {
            return "the footer names a different descriptor than the header";
        }
        if (Bytes.le64(tail, f + 56) == GD_AT_END) {
            return "the footer points at another footer";
        }
        if (!marker(tail, 0, MARKER_FOOTER, false)) {
            return "the footer marker is invalid";
        }
        if (!marker(tail, 2 * SECTOR, MARKER_EOS, true)) {
            return "the end-of-stream marker is invalid";
        }
        return null;
    }

    /** A stream-optimized marker: value (zero for end-of-stream), size 0, type, 496 zero bytes. */
    private static boolean marker(byte[] b, int at, int type, boolean zeroValue) {
        if ((zeroValue && Bytes.le64(b, at) != 0) || Bytes.le32(b, at + 8) != 0 || Bytes.le32(b, at + 12) != type) {
            return false;
        }
        for (int i = at + 16; i < at + SECTOR; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
