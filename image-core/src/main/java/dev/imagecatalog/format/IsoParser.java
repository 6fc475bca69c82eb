package dev.imagecatalog.format;

/**
 * ISO 9660 and UDF: {@code CD001}, {@code NSR02} or {@code NSR03} at byte 1 of the volume descriptor at 32 KiB.
 * Virtual size of a primary volume descriptor (type 1): the volume space size (LE u32 at 80) times the logical
 * block size (LE u16 at 128); unknown otherwise.
 */
final class IsoParser extends FormatParser {
    private static final int DESCRIPTOR_AT = 32 * 1024;
    private static final int DESCRIPTOR = 2048;
    private Region descriptor;

    @Override
    String name() {
        return "iso";
    }

    @Override
    void start() {
        descriptor = want(DESCRIPTOR_AT, DESCRIPTOR);
    }

    @Override
    void completed(Region region) {
        stop();
    }

    @Override
    Verdict finish(long total, Tail tail) {
        byte[] d = descriptor.data();
        int n = descriptor.filled();
        if (!Bytes.startsWith(d, n, 1, "CD001") && !Bytes.startsWith(d, n, 1, "NSR02")
                && !Bytes.startsWith(d, n, 1, "NSR03")) {
            return Verdict.NO_MATCH;
        }
        if (!descriptor.complete()) {
            return truncated("volume descriptor", total);
        }
        if (Bytes.u8(d, 0) != 1) {
            return Verdict.safe(-1);
        }
        return Verdict.safe(Bytes.le32(d, 80) * Bytes.le16(d, 128));
    }
}
