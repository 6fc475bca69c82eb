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
     * Creates an image from an instance's disk and uploads {@code data} into it: Nova's snapshot properties
     * ({@code image_type=snapshot}, {@code instance_uuid}, {@code base_image_ref}, {@code user_id},
     * {@code owner_user_name}/{@code owner_project_name} when known), the base image's properties but the
     * non-inheritable ones ({@link SnapshotProperties}), and its min_disk, min_ram, disk and container formats unless
     * {@code options} override them. Private unless {@code options} say otherwise. {@code data} may be of unknown
     * length; it is streamed, never held in memory.
     *
     * @param instance the instance the disk belongs to
     * @param name     the new image's name
     * @param data     the disk's bytes; read to its end, not closed
     * @param options  formats, sizes, visibility, extra properties, progress
     * @return the new image, active
     * @throws dev.imagecatalog.error.ForbiddenException if the caller may not create images in the instance's
     *                                                   project
     * @throws dev.imagecatalog.error.ImageCatalogException as an upload throws it; the new image is then deleted
     */
    Image snapshot(Instance instance, String name, InputStream data, SnapshotOptions options);

    /**
     * As {@link #snapshot}, with {@code image_type=backup} and {@code backup_type}; once the new backup is active,
     * the instance's active backups of that type beyond {@code rotation} are deleted, oldest first (by
     * {@code created_at}, then id). A protected image, or one the caller may not delete, is skipped and reported.
     * Concurrent backups of one instance leave exactly the {@code rotation} newest, whichever catalog sharing the
     * metadata back-end makes them. A failed upload deletes nothing.
     *
     * @param instance   the instance
     * @param name       the new image's name
     * @param backupType the backup type, such as {@code daily}
     * @param rotation   how many backups of this type to keep, at least 1
     * @param data       the disk's bytes; read to its end, not closed
     * @param options    formats, sizes, visibility, extra properties, progress
     * @return the new backup, what the rotation deleted and what it skipped
     * @throws dev.imagecatalog.error.InvalidInputException if {@code backupType} is blank or {@code rotation} &lt; 1
     */
    BackupResult backup(Instance instance, String name, String backupType, int rotation, InputStream data,
                        SnapshotOptions options);

    /**
     * The instance's snapshots and backups the caller can see, newest first ({@code created_at}, then id).
     *
     * @param instanceUuid the instance
     * @param query        which kind and backup type
     * @return every matching image
     */
    List<Image> list(String instanceUuid, SnapshotQuery query);
}
