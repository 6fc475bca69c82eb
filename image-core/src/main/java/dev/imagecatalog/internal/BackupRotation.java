package dev.imagecatalog.internal;

import dev.imagecatalog.error.ImageCatalogException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.snapshot.SnapshotKind;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes an instance's backups of one type beyond the rotation, oldest first. It counts the active backups the
 * caller sees, newest first ({@code created_at} desc, then id desc), and deletes every one past the first
 * {@code rotation}. Needing no lock, the rule is safe under concurrent backups, in one catalog or several sharing a
 * metadata back-end: a rotation that sees only some of the backups ranks each at most as far back as the full set
 * does, so it never deletes one of the newest {@code rotation}; and the last rotation to list (after every upload
 * ended) sees all that remain and deletes the rest.
 */
final class BackupRotation {
    private static final Logger LOG = LoggerFactory.getLogger(BackupRotation.class);

    /** What one rotation did: the backups it deleted and those it left, both oldest first. */
    record Outcome(List<Image> rotated, List<Image> skipped) {
    }

    private BackupRotation() {
    }

    /**
     * Rotates. A protected backup is skipped without a delete; one whose delete fails (forbidden to the caller, a
     * conflict, a back-end error) is skipped and logged; one already gone (another rotation deleted it) is neither.
     *
     * @param images       the caller's image service
     * @param instanceUuid the instance
     * @param backupType   the backup type
     * @param rotation     how many to keep
     * @return what was deleted and what was skipped
     */
    static Outcome rotate(ImageService images, String instanceUuid, String backupType, int rotation) {
        List<Image> newestFirst = InstanceImages.all(images,
                InstanceImages.query(instanceUuid, SnapshotKind.BACKUP, backupType).statuses(ImageStatus.ACTIVE)
                        .build());
        List<Image> rotated = new ArrayList<>();
        List<Image> skipped = new ArrayList<>();
        for (int i = newestFirst.size() - 1; i >= rotation; i--) {
            Image old = newestFirst.get(i);
            if (old.isProtected()) {
                skipped.add(old);
                continue;
            }
            try {
                images.delete(old.id());
                rotated.add(old);
            } catch (NotFoundException gone) {
                LOG.debug("backup {} of instance {} was already deleted", old.id(), instanceUuid);
            } catch (ImageCatalogException e) {
                LOG.warn("rotation of instance {} ({}) could not delete backup {}: {}", instanceUuid, backupType,
                        old.id(), e.getMessage());
                skipped.add(old);
            }
        }
        return new Outcome(rotated, skipped);
    }
}
