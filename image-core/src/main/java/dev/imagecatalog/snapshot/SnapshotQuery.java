package dev.imagecatalog.snapshot;

/**
 * Which of an instance's images {@link SnapshotService#list} returns.
 *
 * @param kind       snapshots or backups, or null for both
 * @param backupType only backups of this {@code backup_type}, or null for any (needs {@code kind} null or
 *                   {@link SnapshotKind#BACKUP})
 */
public record SnapshotQuery(SnapshotKind kind, String backupType) {
    /**
     * Checks that a backup type goes with backups.
     *
     * @param kind snapshots or backups, or null for both
     * @param backupType only backups of this {@code backup_type}, or null for any (needs {@code kind} null or {@link SnapshotKind#BACKUP})
     */
    public SnapshotQuery {
        if (backupType != null && kind == SnapshotKind.SNAPSHOT) {
            throw new IllegalArgumentException("a backup type selects backups, not snapshots");
        }
    }

    /** {@return snapshots and backups} */
    public static SnapshotQuery all() {
        return new SnapshotQuery(null, null);
    }

    /** {@return snapshots only} */
    public static SnapshotQuery snapshots() {
        return new SnapshotQuery(SnapshotKind.SNAPSHOT, null);
    }

    /**
     * Backups of one type, or of any.
     *
     * @param backupType the type, or null for any
     * @return the query
     */
    public static SnapshotQuery backups(String backupType) {
        return new SnapshotQuery(SnapshotKind.BACKUP, backupType);
    }
}
