package dev.imagecatalog.format;

import java.util.List;

/**
 * A partitioned disk, gpt or plain MBR: signature 0xAA55 (LE u16) at 510, unless the sector is a FAT volume boot
 * record (2 FATs at 0x10 and fixed-disk media 0xF8 at 0x15). Virtual size: the bytes. Check {@code mbr}: every
 * partition entry's boot flag is 0x00 or 0x80; a protective 0xEE entry starts at CHS (0,2,0) and LBA 1 and is the
 * only entry; at least one partition is defined.
 */
final class GptParser extends FormatParser {
    private static final int ENTRIES = 446;
    private static final int PROTECTIVE = 0xEE;
    private Region mbr;

    @Override
    String name() {
        return "gpt";
    }

    @Override
    void start() {
        mbr = want(0, 512);
    }

    @Override
    void completed(Region region) {
        stop();
    }

    @Override
    Verdict finish(long total, Tail tail) {
        if (!mbr.complete()) {
            return Verdict.NO_MATCH;
        }
        byte[] b = mbr.data();
        boolean fat = Bytes.u8(b, 0x10) == 2 && Bytes.u8(b, 0x15) == 0xF8;
        if (Bytes.le16(b, 510) != 0xAA55 || fat) {
            return Verdict.NO_MATCH;
        }
        String failure = checkPartitions(b);
        return failure == null ? Verdict.safe(total) : Verdict.refused(total, List.of(problem("mbr", failure)));
    }

    private static String checkPartitions(byte[] b) {
        int defined = 0;
        boolean protective = false;
        boolean firstOnly = true;
        for (int i = 0; i < 4; i++) {
            int e = ENTRIES + 16 * i;
            int boot = Bytes.u8(b, e);
            if (boot != 0x00 && boot != 0x80) {
                return "MBR partition entry " + i + " has an invalid boot flag";
            }
            int type = Bytes.u8(b, e + 4);
            if (type != 0) {
                defined++;
                firstOnly &= i == 0;
            }
            if (type == PROTECTIVE) {
                protective = true;
                if (Bytes.u8(b, e + 1) != 0 || Bytes.u8(b, e + 2) != 2 || Bytes.u8(b, e + 3) != 0) {
                    return "the protective MBR entry " + i + " has an invalid start CHS";
                }
                if (Bytes.le32(b, e + 8) != 1) {
                    return "the protective MBR entry " + i + " has an invalid start LBA";
                }
            }
        }
        if (protective && (defined != 1 || !firstOnly)) {
            return "the protective MBR defines other partitions";
        }
        if (defined == 0) {
            return "the MBR defines no partitions";
        }
        return null;
    }
}
