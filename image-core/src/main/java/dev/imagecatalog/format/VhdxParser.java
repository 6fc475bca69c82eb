package dev.imagecatalog.format;

/**
 * Microsoft's vhdx: identifier {@code vhdxfile} at 0; the region table at 192 KiB ({@code regi}, fewer than 2048
 * entries) locates the metadata region, whose table ({@code metadata}, fewer than 2048 entries) locates the
 * Virtual Disk Size item, an LE u64. A region the stream has already passed when it is found, or one past the
 * end, makes the file incomplete (refused).
 */
final class VhdxParser extends FormatParser {
    static final String METADATA_REGION = "8B7CA206-4790-4B9A-B8FE-575F050F886E";
    static final String VIRTUAL_DISK_SIZE = "2FA54224-CD1B-4876-B211-5DBED83BF4B8";
    private static final int REGION_TABLE_AT = 192 * 1024;
    private static final int MAX_ENTRIES = 2048;
    private static final int ENTRY = 32;
    /** A table header and at most 2047 entries: the most of a table kept. */
    private static final int TABLE = ENTRY * MAX_ENTRIES;

    private Region ident;
    private Region regionTable;
    private Region metadataTable;
    private Region size;
    private String failure;
    private long virtualSize = -1;

    @Override
    String name() {
        return "vhdx";
    }

    @Override
    void start() {
        ident = want(0, 8);
    }

    @Override
    void completed(Region region) {
        if (region == ident) {
            if (Bytes.startsWith(ident.data(), 8, 0, "vhdxfile")) {
                regionTable = want(REGION_TABLE_AT, TABLE);
            } else {
                stop();
            }
        } else if (region == regionTable) {
            long metadataAt = findRegion(regionTable.data());
            if (metadataAt >= 0) {
                metadataTable = want(metadataAt, TABLE);
            } else {
                stop();
            }
        } else if (region == metadataTable) {
            long sizeAt = findSizeItem(metadataTable.data(), metadataTable.offset());
            long inTable = sizeAt - metadataTable.offset();
            if (sizeAt >= 0 && inTable + 8 <= TABLE) {
                virtualSize = Bytes.le64(metadataTable.data(), (int) inTable);
                stop();
            } else if (sizeAt >= 0) {
                size = want(sizeAt, 8);
            } else {
                stop();
            }
        } else {
            virtualSize = Bytes.le64(size.data(), 0);
            stop();
        }
    }

    private long findRegion(byte[] t) {
        if (!Bytes.startsWith(t, t.length, 0, "regi")) {
            failure = "no region table signature at " + REGION_TABLE_AT;
            return -1;
        }
        long count = Bytes.le32(t, 8);
        if (count >= MAX_ENTRIES) {
            failure = "the region table has " + count + " entries (at most 2047)";
            return -1;
        }
        for (int i = 0; i < count; i++) {
            int e = 16 + i * ENTRY;
            if (METADATA_REGION.equals(Bytes.guid(t, e))) {
                long at = Bytes.le64(t, e + 16);
                if (at < 0) {
                    failure = "the metadata region's offset is out of range";
                    return -1;
                }
                return at;
            }
        }
        failure = "the region table has no metadata region";
        return -1;
    }

    private long findSizeItem(byte[] t, long regionAt) {
        if (!Bytes.startsWith(t, t.length, 0, "metadata")) {
            failure = "no metadata table signature at " + regionAt;
            return -1;
        }
        int count = Bytes.le16(t, 10);
        if (count >= MAX_ENTRIES) {
            failure = "the metadata table has " + count + " entries (at most 2047)";
            return -1;
        }
        for (int i = 0; i < count; i++) {
            int e = ENTRY + i * ENTRY;
            if (VIRTUAL_DISK_SIZE.equals(Bytes.guid(t, e))) {
                return regionAt + Bytes.le32(t, e + 16);
            }
        }
        failure = "the metadata table has no virtual disk size item";
        return -1;
    }

    @Override
    Verdict finish(long total, Tail tail) {
        if (!Bytes.startsWith(ident.data(), ident.filled(), 0, "vhdxfile")) {
            return Verdict.NO_MATCH;
        }
        if (failure != null) {
            return Verdict.refused(-1, java.util.List.of(problem(SafetyProblem.INCOMPLETE, failure)));
        }
        Region missing = !regionTable.complete() ? regionTable
                : metadataTable != null && !metadataTable.complete() ? metadataTable
                : size != null && !size.complete() ? size : null;
        if (missing != null) {
            String where = missing == regionTable ? "region table" : missing == metadataTable ? "metadata table"
                    : "virtual disk size item";
            String why = missing.missed() ? "lies before the structure that names it (one pass cannot go back)"
                    : "lies past the end of the file (" + total + " bytes)";
            return Verdict.refused(-1, java.util.List.of(problem(SafetyProblem.INCOMPLETE, "the " + where + " at "
                    + missing.offset() + " " + why)));
        }
        return Verdict.safe(virtualSize);
    }
}
