package dev.imagecatalog.internal;

import dev.imagecatalog.data.UploadOptions;
import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.ImportMethod;
import dev.imagecatalog.internal.cas.CompareAndSet;
import dev.imagecatalog.policy.Policy;
import dev.imagecatalog.spi.ImageWriter;
import dev.imagecatalog.spi.MetadataRepository;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * One caller's stage (Glance's {@code PUT /v2/images/{id}/stage}): {@code modify_image}, the quota reservation
 * ({@code image_count_uploading}, {@code image_stage_total}, {@code image_size_total}), queued -> uploading by
 * compare-and-set (one stager wins), the bytes through the {@link UploadPipeline} (size cap, digests; no format
 * inspection) into the {@link StagingArea}, the declared size and checksums compared, then the staged size
 * recorded. Any failure leaves no staging file and returns the image to queued.
 */
final class ImportStage {
    private static final String ACTION = "stage data for";

    private final AccessControl access;
    private final ImageChanges changes;
    private final MetadataRepository repo;
    private final CatalogConfig config;
    private final QuotaLedger quotas;
    private final UploadPipeline pipeline;
    private final ImportParts parts;

    ImportStage(AccessControl access, ImageChanges changes, MetadataRepository repo, CatalogConfig config,
                QuotaLedger quotas, UploadPipeline pipeline, ImportParts parts) {
        this.access = access;
        this.changes = changes;
        this.repo = repo;
        this.config = config;
        this.quotas = quotas;
        this.pipeline = pipeline;
        this.parts = parts;
    }

    Image stage(String imageId, InputStream data, UploadOptions options) {
        if (!parts.config().enabled(ImportMethod.GLANCE_DIRECT)) {
            throw new NotFoundException("staging is not available: the glance-direct import method is not enabled");
        }
        Objects.requireNonNull(data, "data");
        UploadOptions opt = options == null ? UploadOptions.defaults() : options;
        if (opt.store() != null) {
            throw new InvalidInputException("staged data goes to the staging area, not to a store ('" + opt.store()
                    + "'); name the stores when importing");
        }
        long cap = config.sizeCap();
        DataRules.checkDeclaredSize(imageId, opt, cap);
        Image image = access.toChange(imageId, Policy.MODIFY_IMAGE, ACTION).image();
        QuotaLedger.Reservation quota = quotas.reserveUpload(image.owner(), opt.declaredSize());
        try {
            startUploading(imageId);
            return access.redact(receive(imageId, data, opt, cap, quota));
        } finally {
            quota.release();
        }
    }

    /** queued -> uploading by compare-and-set: of several concurrent stages exactly one gets here. */
    private void startUploading(String imageId) {
        changes.apply(imageId, Policy.MODIFY_IMAGE, ACTION, current -> {
            if (current.status() == ImageStatus.UPLOADING) {
                throw new ConflictException("image " + imageId + " already has staged data");
            }
            if (current.status() != ImageStatus.QUEUED) {
                throw new ConflictException("image " + imageId + " is " + current.status().wireName()
                        + "; only a queued image accepts staged data");
            }
            return current.toBuilder().status(ImageStatus.UPLOADING).updatedAt(ImageRules.now()).build();
        });
    }

    private Image receive(String imageId, InputStream data, UploadOptions opt, long cap, QuotaLedger.Reservation quota) {
        StagingArea staging = parts.staging();
        ImageWriter writer = null;
        try {
            writer = staging.openWriter(imageId);
            UploadPipeline.Result r = pipeline.run(imageId, data, writer, cap, opt.declaredSize(),
                    opt.progressListener(), quota, null);
            DataRules.checkDeclared(imageId, opt, r, config.hashAlgo());
            try {
                writer.commit();
            } catch (IOException e) {
                throw new BackendUnavailableException("the staging area failed to keep the data of image " + imageId
                        + ": " + e.getMessage(), e);
            }
            return recordSize(imageId, r.size());
        } catch (RuntimeException | Error e) {
            if (writer != null) {
                writer.abort();
            }
            staging.delete(imageId);
            DataRules.restoreQueued(repo, imageId, ImageStatus.UPLOADING);
            throw e;
        }
    }

    /** The staged size on the image, still uploading; an image deleted or moved on meanwhile fails the stage. */
    private Image recordSize(String imageId, long size) {
        return CompareAndSet.retry(() -> {
            Image current = repo.find(imageId).orElse(null);
            if (current == null || current.status() == ImageStatus.DELETED) {
                throw new NotFoundException("image " + imageId + " was deleted while its data was staged");
            }
            if (current.status() != ImageStatus.UPLOADING) {
                throw new ConflictException("image " + imageId + " left status uploading while its data was staged"
                        + " (it is " + current.status().wireName() + ")");
            }
            return repo.update(current.toBuilder().size(size).updatedAt(ImageRules.now()).build());
        }, () -> new ConflictException("image " + imageId + " keeps changing concurrently; stage abandoned"));
    }
}
