package dev.imagecatalog.internal;

import dev.imagecatalog.data.UploadOptions;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.snapshot.BackupResult;
import dev.imagecatalog.snapshot.Instance;
import dev.imagecatalog.snapshot.SnapshotKind;
import dev.imagecatalog.snapshot.SnapshotOptions;
import dev.imagecatalog.snapshot.SnapshotQuery;
import dev.imagecatalog.snapshot.SnapshotService;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Snapshots and backups for one caller, made and rotated through that caller's {@link ImageService}. */
final class DefaultSnapshotService implements SnapshotService {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultSnapshotService.class);

    private final ImageService images;
    private final RequestContext caller;

    DefaultSnapshotService(ImageService images, RequestContext caller) {
        this.images = images;
        this.caller = caller;
    }

    @Override
    public Image snapshot(Instance instance, String name, InputStream data, SnapshotOptions options) {
        return make(instance, name, SnapshotKind.SNAPSHOT, null, data, options);
    }

    @Override
    public BackupResult backup(Instance instance, String name, String backupType, int rotation, InputStream data,
                               SnapshotOptions options) {
        if (backupType == null || backupType.isBlank()) {
            throw new InvalidInputException("a backup needs a backup type, such as 'daily'");
        }
        if (rotation < 1) {
            throw new InvalidInputException("rotation must be at least 1, not " + rotation);
        }
        Image backup = make(instance, name, SnapshotKind.BACKUP, backupType, data, options);
        BackupRotation.Outcome outcome = BackupRotation.rotate(images, instance.uuid(), backupType, rotation);
        return new BackupResult(backup, outcome.rotated(), outcome.skipped());
    }

    @Override
    public List<Image> list(String instanceUuid, SnapshotQuery query) {
        Objects.requireNonNull(instanceUuid, "instanceUuid");
        Objects.requireNonNull(query, "query");
        return InstanceImages.all(images, InstanceImages.query(instanceUuid, query.kind(), query.backupType()).build());
    }

    /** Creates the image, uploads into it, and deletes it again if the upload fails. */
    private Image make(Instance instance, String name, SnapshotKind kind, String backupType, InputStream data,
                       SnapshotOptions options) {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(options, "options");
        Image created = images.create(SnapshotDrafts.draft(caller, instance, name, kind, backupType,
                base(instance.baseImageRef()), options));
        UploadOptions.Builder upload = UploadOptions.builder();
        if (options.progress() != null) {
            upload.progressListener(options.progress());
        }
        try {
            return images.upload(created.id(), data, upload.build());
        } catch (RuntimeException | Error e) {
            discard(created.id(), e);
            throw e;
        }
    }

    /** The base image as the caller sees it; none when there is no base, it is gone or the caller cannot see it. */
    private Optional<Image> base(String baseImageRef) {
        if (baseImageRef == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(images.get(baseImageRef));
        } catch (NotFoundException e) {
            LOG.debug("base image {} not visible to {}: nothing inherited", baseImageRef, caller.projectId());
            return Optional.empty();
        }
    }

    private void discard(String imageId, Throwable cause) {
        try {
            images.delete(imageId);
        } catch (RuntimeException e) {
            LOG.warn("could not delete image {} after its upload failed", imageId, e);
            cause.addSuppressed(e);
        }
    }
}
