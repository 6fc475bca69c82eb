package dev.imagecatalog.internal;

import dev.imagecatalog.data.UploadOptions;
import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.error.TooLargeException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.internal.cas.CompareAndSet;
import dev.imagecatalog.policy.Policy;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageWriter;
import dev.imagecatalog.spi.MetadataRepository;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One caller's upload of an image's data, top to bottom: the checks, the quota reservation and the write intent,
 * queued -> saving by compare-and-set (exactly one concurrent uploader wins), the bytes through the
 * {@link UploadPipeline} into a store writer, the declared size and checksums compared, the format inspection's
 * verdict ({@link UploadFormatCheck}, before commit), commit, saving -> active
 * with the data's facts, and the events. Any failure aborts the writer (or removes committed bytes) and returns the
 * image to queued ({@link DataRules#restoreQueued}).
 */
final class UploadFlow {
    private static final Logger LOG = LoggerFactory.getLogger(UploadFlow.class);

    private final AccessControl access;
    private final ImageChanges changes;
    private final MetadataRepository repo;
    private final ImageStores stores;
    private final CatalogConfig config;
    private final QuotaLedger quotas;
    private final WriteIntents writeIntents;
    private final UploadPipeline pipeline;
    private final UploadFormatCheck formatCheck;
    private final EventBus events;

    UploadFlow(AccessControl access, ImageChanges changes, MetadataRepository repo, ImageStores stores,
               CatalogConfig config, QuotaLedger quotas, WriteIntents writeIntents, UploadPipeline pipeline,
               UploadFormatCheck formatCheck, EventBus events) {
        this.access = access;
        this.changes = changes;
        this.repo = repo;
        this.stores = stores;
        this.config = config;
        this.quotas = quotas;
        this.writeIntents = writeIntents;
        this.pipeline = pipeline;
        this.formatCheck = formatCheck;
        this.events = events;
    }

    Image upload(String imageId, InputStream data, UploadOptions options) {
        Objects.requireNonNull(data, "data");
        UploadOptions opt = options == null ? UploadOptions.defaults() : options;
        ImageStore store = stores.forUpload(opt.store());
        long cap = config.sizeCap();
        DataRules.checkDeclaredSize(imageId, opt, cap);
        if (config.maxLocations() < 1) {
            throw new TooLargeException("quota exceeded: image " + imageId + " may have no locations (limit "
                    + config.maxLocations() + ")");
        }
        Image image = access.toChange(imageId, Policy.UPLOAD_IMAGE, "upload data to").image();
        QuotaLedger.Reservation quota = quotas.reserveUpload(image.owner(), opt.declaredSize());
        // the intent is recorded before the image goes to saving and removed after it left saving
        try (WriteIntents.Intent intent = writeIntents.begin(imageId, store.id())) {
            Image saving = startSaving(imageId);
            events.publish(ImageEvents.PREPARE, imageId, ImageEvents.withBackend(saving, store.id()));
            Image active;
            try {
                active = receive(saving, store, data, opt, cap, quota, intent);
            } catch (RuntimeException e) {
                // Glance's notifier.error('image.upload', msg); the image is back in queued
                events.publishError(ImageEvents.UPLOAD, imageId, e.getMessage() == null ? e.toString() : e.getMessage());
                throw e;
            }
            quota.committed(active.size() == null ? 0 : active.size());
            events.publish(ImageEvents.UPLOAD, imageId, ImageEvents.withBackend(active, store.id()));
            events.publish(ImageEvents.ACTIVATE, imageId, ImageEvents.payload(active, false));
            return access.redact(active);
        } finally {
            quota.release();
        }
    }

    /** queued -> saving by compare-and-set: of several concurrent uploads exactly one gets here. */
    private Image startSaving(String imageId) {
        return changes.apply(imageId, Policy.UPLOAD_IMAGE, "upload data to", current -> {
            switch (current.status()) {
                case QUEUED:
                    break;
                case ACTIVE:
                case DEACTIVATED:
                    throw new ConflictException("image " + imageId + " already has data: data cannot be replaced");
                case SAVING:
                    throw new ConflictException("image " + imageId + " is already receiving data from another upload");
                default:
                    throw new ConflictException("image " + imageId + " is " + current.status()
                            + "; only a queued image accepts data");
            }
            if (current.diskFormat() == null || current.containerFormat() == null) {
                throw new InvalidInputException("image " + imageId
                        + " needs disk_format and container_format before data can be uploaded");
            }
            return current.toBuilder().status(ImageStatus.SAVING).updatedAt(ImageRules.now()).build();
        });
    }

    /** The bytes into the store, checked against what was declared, committed and activated. */
    private Image receive(Image saving, ImageStore store, InputStream data, UploadOptions opt, long cap,
                          UploadPipeline.Allowance allowance, WriteIntents.Intent intent) {
        String imageId = saving.id();
        ImageWriter writer = null;
        StoreLocation committed = null;
        boolean activationOwnsData = false;
        try {
            try {
                writer = store.openWriter(imageId, opt.declaredSize());
            } catch (IOException e) {
                throw new BackendUnavailableException("store '" + store.id() + "' cannot accept image " + imageId
                        + ": " + e.getMessage(), e);
            }
            UploadPipeline.Result r = pipeline.run(imageId, data, writer, cap, opt.declaredSize(),
                    opt.progressListener(), allowance, formatCheck.sessionFor(saving));
            DataRules.checkDeclared(imageId, opt, r, config.hashAlgo());
            Long virtualSize = formatCheck.decide(saving, r.format());
            try {
                committed = writer.commit();
            } catch (IOException e) {
                throw new BackendUnavailableException("store '" + store.id() + "' failed to commit image " + imageId
                        + ": " + e.getMessage(), e);
            }
            intent.ensureAlive();
            activationOwnsData = true; // from here on activate() owns the committed data on its own failure paths
            return activate(imageId, r, virtualSize, committed);
        } catch (RuntimeException | Error e) {
            if (committed == null && writer != null) {
                try {
                    writer.abort();
                } catch (RuntimeException abortFailure) {
                    LOG.warn("aborting the write of image {} failed", imageId, abortFailure);
                    e.addSuppressed(abortFailure);
                }
            } else if (committed != null && !activationOwnsData) {
                stores.deleteQuietly(committed);
            }
            DataRules.restoreQueued(repo, imageId, ImageStatus.SAVING);
            throw e;
        }
    }

    /** saving -> active with the data's facts; if the image was deleted or left saving meanwhile, its data is removed. */
    private Image activate(String imageId, UploadPipeline.Result r, Long virtualSize, StoreLocation location) {
        try {
            return CompareAndSet.retry(() -> {
                Image current = repo.find(imageId).orElse(null);
                if (current == null || current.status() == ImageStatus.DELETED
                        || current.status() == ImageStatus.PENDING_DELETE) {
                    throw new NotFoundException("image " + imageId + " was deleted during the upload; its data was removed");
                }
                if (current.status() != ImageStatus.SAVING) {
                    throw new ConflictException("image " + imageId + " left status saving during the upload (it is "
                            + current.status() + "); its data was removed");
                }
                return repo.update(current.toBuilder().status(ImageStatus.ACTIVE).size(r.size())
                        .virtualSize(virtualSize).checksum(r.md5()).osHashAlgo(config.hashAlgo()).osHashValue(r.hash())
                        .activeLocation(location).updatedAt(ImageRules.now()).build());
            }, () -> new ConflictException("image " + imageId + " keeps changing concurrently; upload abandoned"));
        } catch (RuntimeException e) {
            stores.deleteQuietly(location);
            throw e;
        }
    }
}
