package dev.imagecatalog.snapshot;

import dev.imagecatalog.image.Image;
import java.util.List;
import java.util.Objects;

/**
 * What {@link SnapshotService#backup} did.
 *
 * @param backup  the new backup, active (it may be among {@code rotated} when older backups were still uploading
 *                and it is not among the newest)
 * @param rotated the backups this call's rotation deleted, oldest first
 * @param skipped the backups beyond the rotation it left, oldest first: protected, or whose delete was refused
 *                (the caller may not delete them) or failed
 */
public record BackupResult(Image backup, List<Image> rotated, List<Image> skipped) {
    /**
     * Copies the lists.
     *
     * @param backup the new backup, active (it may be among {@code rotated} when older backups were still uploading and it is not among the newest)
     * @param rotated the backups this call's rotation deleted, oldest first
     * @param skipped the backups beyond the rotation it left, oldest first: protected, or whose delete was refused
 *                (the caller may not delete them) or failed
     */
    public BackupResult {
        Objects.requireNonNull(backup, "backup");
        rotated = List.copyOf(rotated);
        skipped = List.copyOf(skipped);
    }
}
