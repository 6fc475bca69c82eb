package dev.imagecatalog.format;

/** VirtualBox's vdi: magic 0xBEDA107F (LE u32) at 0x40 of a 512-byte header; virtual size LE u64 at 0x170. */
final class VdiParser extends FixedHeaderParser {
    private static final long MAGIC = 0xBEDA107FL;

    VdiParser() {
        super("vdi", 512);
    }

    @Override
    boolean matches(byte[] h, int filled) {
        return filled >= 0x44 && Bytes.le32(h, 0x40) == MAGIC;
    }

    @Override
    Verdict read(byte[] h, long total) {
        return Verdict.safe(Bytes.le64(h, 0x170));
    }
}
