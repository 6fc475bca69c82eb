package dev.imagecatalog.format;

/** Reads fixed-width integers out of captured header bytes. Offsets are checked by the caller's region sizes. */
final class Bytes {
    private Bytes() {
    }

    static int u8(byte[] b, int off) {
        return b[off] & 0xff;
    }

    static int le16(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
    }

    static long le32(byte[] b, int off) {
        return (le16(b, off) | (long) le16(b, off + 2) << 16) & 0xffffffffL;
    }

    static long le64(byte[] b, int off) {
        return le32(b, off) | le32(b, off + 4) << 32;
    }

    static int be16(byte[] b, int off) {
        return (b[off] & 0xff) << 8 | (b[off + 1] & 0xff);
    }

    static long be32(byte[] b, int off) {
        return ((long) be16(b, off) << 16 | be16(b, off + 2)) & 0xffffffffL;
    }

    static long be64(byte[] b, int off) {
        return be32(b, off) << 32 | be32(b, off + 4);
    }

    /** Whether {@code b} holds the ASCII text {@code magic} at {@code off} (and is long enough to). */
    static boolean startsWith(byte[] b, int length, int off, String magic) {
        if (off + magic.length() > length) {
            return false;
        }
        for (int i = 0; i < magic.length(); i++) {
            if (b[off + i] != (byte) magic.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A Microsoft GUID (mixed-endian: the first three groups little-endian) at {@code off}, upper case, as VHDX
     * and its specification write it.
     */
    static String guid(byte[] b, int off) {
        return String.format("%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X", le32(b, off), le16(b, off + 4),
                le16(b, off + 6), u8(b, off + 8), u8(b, off + 9), u8(b, off + 10), u8(b, off + 11), u8(b, off + 12),
                u8(b, off + 13), u8(b, off + 14), u8(b, off + 15));
    }
}
