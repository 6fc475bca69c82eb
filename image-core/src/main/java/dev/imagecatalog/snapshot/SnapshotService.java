package dev.imagecatalog.snapshot;

import dev.imagecatalog.image.Image;
import java.io.InputStream;
import java.util.List;

/**
 * Snapshots and backups of instances, bound to one caller ({@code ImageCatalog.snapshots(ctx)}). Every image it
 * makes or deletes goes through the caller's image service, so the same policy rules, quotas, property protections,
 * format inspection and events apply as to {@code create}, {@code upload} and {@code delete}.
 *
 * <pre>{@code
 * SnapshotService snapshots = catalog.snapshots(RequestContext.member("project-a", "alice"));
 * Instance vm = Instance.builder("5f1e...").baseImageRef(base.id()).build();
 * Image snap = snapshots.snapshot(vm, "before-upgrade", disk, SnapshotOptions.defaults());
 * BackupResult nightly = snapshots.backup(vm, "nightly-1", "daily", 3, disk2, SnapshotOptions.defaults());
 * }</pre>
 */
public interface SnapshotService {
    /**
     * Creates an image from an instance's disk and uploads {@code data} into it. The image gets Nova's snapshot
     * properties ({@code image_type=snapshot}, {@code instance_uuid}, {@code user_id} (the instance's user, else the
     * caller's), {@code owner_user_name}/{@code owner_project_name} when the instance knows them,
     * {@code base_image_ref}), the base image's properties but the non-inheritable ones
     * ({@link SnapshotProperties#inheritable}), and the base's disk and container formats, min_disk and min_ram
     * unless {@code options} set them (without a base: {@code raw}, {@code bare}, 0, 0). The base is read with the
     * caller's {@code get}: a base the caller cannot see, or that is gone, gives nothing to inherit, and
     * {@code base_image_ref} still names it. {@code base_image_ref} is the base's own {@code base_image_ref} when it
     * has one (as Nova records it, a snapshot of an instance booted from a snapshot names the original image), else
     * {@link Instance#baseImageRef()}; absent when both are null. The options' properties are applied last and win.
     * The image is owned by the instance's project (the caller's when the instance names none) and is private unless
     * {@code options} say otherwise. {@code data} may be of unknown length; it is streamed, never held in memory, and
     * the options' progress listener is told of the bytes uploaded.
     *
     * @param instance the instance the disk belongs to
     * @param name     the new image's name
     * @param data     the disk's bytes; read to its end, not closed
     * @param options  formats, sizes, visibility, extra properties, progress
     * @return the new image, active
     * @throws dev.imagecatalog.error.ForbiddenException if the caller may not create images in the instance's
     *                                                   project (nothing is created)
     * @throws dev.imagecatalog.error.ImageCatalogException as {@code create} or {@code upload} throw it (a failing
     *                                                      read of {@code data} is an
     *                                                      {@link dev.imagecatalog.error.InvalidInputException});
     *                                                      after a failed upload the new image is deleted
     */
    Image snapshot(Instance instance, String name, InputStream data, SnapshotOptions options);

    /**
     * As {@link #snapshot}, with {@code image_type=backup} and {@code backup_type}; then rotates: the instance's
     * active backups of that type that the caller can see are ordered newest first ({@code created_at}, then id) and
     * every one after the first {@code rotation} is deleted, oldest first. A protected backup is not deleted but
     * still counts towards the rotation; it and any whose delete is refused or fails are reported as skipped. A
     * backup another rotation deleted first is neither rotated nor skipped. The rule takes no lock: concurrent backups
     * of one instance and type, through this catalog or another one sharing the metadata back-end, leave exactly
     * the {@code rotation} newest once they have all returned (protected and undeletable ones aside), and none of
     * them deletes one of those. A failed upload deletes the new image and rotates nothing.
     *
     * @param instance   the instance
     * @param name       the new image's name
     * @param backupType the backup type, such as {@code daily}
     * @param rotation   how many backups of this type to keep, at least 1
     * @param data       the disk's bytes; read to its end, not closed
     * @param options    formats, sizes, visibility, extra properties, progress
     * @return the new backup, what the rotation deleted and what it skipped
     * @throws dev.imagecatalog.error.InvalidInputException if {@code backupType} is null or blank or
     *                                                      {@code rotation} &lt; 1 (nothing is created)
     * @throws dev.imagecatalog.error.ImageCatalogException as {@link #snapshot} throws it
     */
    BackupResult backup(Instance instance, String name, String backupType, int rotation, InputStream data,
                        SnapshotOptions options);

    /**
     * The instance's snapshots and backups the caller can see, in any status, newest first ({@code created_at},
     * then id): the images whose {@code instance_uuid} is {@code instanceUuid} and whose {@code image_type} is
     * {@code snapshot} or {@code backup}, read page by page through the caller's {@code list}.
     *
     * @param instanceUuid the instance
     * @param query        which kind and backup type
     * @return every matching image
     */
    List<Image> list(String instanceUuid, SnapshotQuery query);
}
