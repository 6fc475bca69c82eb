package dev.imagecatalog.format;

/** VirtualBox's vdi: magic 0xBEDA107F (LE u32) at 0x40 of a 512-byte header; virtual size LE u64 at 0x170. */
final class VdiParser extends FormatParser {
    private static final long MAGIC = 0xBEDA107FL;
    private Region header;

    @Override
    String name() {
        return "vdi";
    }

    @Override
    void start() {
        header = want(0, 512);
    }

    @Override
    void completed(Region region) {
        stop();
    }

    @Override
    Verdict finish(long total, Tail tail) {
        if (header.filled() < 0x44 || Bytes.le32(header.data(), 0x40) != MAGIC) {
            return Verdict.NO_MATCH;
        }
        if (!header.complete()) {
            return truncated("header", total);
        }
        return Verdict.safe(Bytes.le64(header.data(), 0x170));
    }
}
