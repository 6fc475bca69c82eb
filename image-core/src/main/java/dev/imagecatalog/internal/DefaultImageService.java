package dev.imagecatalog.internal;

import dev.imagecatalog.BackendUnavailableException;
import dev.imagecatalog.ConflictException;
import dev.imagecatalog.ForbiddenException;
import dev.imagecatalog.ImageCatalogException;
import dev.imagecatalog.InvalidInputException;
import dev.imagecatalog.NoImageDataException;
import dev.imagecatalog.NotFoundException;
import dev.imagecatalog.RequestContext;
import dev.imagecatalog.TooLargeException;
import dev.imagecatalog.data.ByteRange;
import dev.imagecatalog.data.DownloadOptions;
import dev.imagecatalog.data.ImageData;
import dev.imagecatalog.data.UploadOptions;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImagePatch;
import dev.imagecatalog.image.ImageQuery;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.Page;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageWriter;
import dev.imagecatalog.spi.MetadataRepository;
import dev.imagecatalog.spi.StoreLocation;
import dev.imagecatalog.spi.Viewer;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link ImageService} bound to one caller. */
final class DefaultImageService implements ImageService {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultImageService.class);
    /** How often a compare-and-set is retried after another writer changed the image first. */
    private static final int CAS_ATTEMPTS = 32;

    private final CatalogCore core;
    private final RequestContext ctx;
    private final MetadataRepository repo;

    DefaultImageService(CatalogCore core, RequestContext ctx) {
        this.core = core;
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.repo = core.repository();
    }

    // ------------------------------------------------------------------ metadata

    @Override
    public Image create(ImageDraft draft) {
        Objects.requireNonNull(draft, "draft");
        Image image = core.rules().newImage(ctx, draft, UUID.randomUUID().toString());
        repo.create(image);
        return image;
    }

    @Override
    public Image get(String imageId) {
        return visible(imageId);
    }

    private Image visible(String imageId) {
        if (imageId == null) {
            throw new InvalidInputException("image id is required");
        }
        return repo.find(imageId).filter(i -> ImageRules.canSee(ctx, i))
                .orElseThrow(() -> new NotFoundException("no image with id " + imageId));
    }

    @Override
    public Page<Image> list(ImageQuery query) {
        ImageQuery q = query == null ? ImageQuery.all() : query;
        int limit;
        if (q.limit() == null) {
            limit = core.config().listLimitDefault();
        } else if (q.limit() < 0) {
            throw new InvalidInputException("invalid limit " + q.limit() + ": must not be negative");
        } else {
            limit = Math.min(q.limit(), core.config().listLimitMax());
        }
        return repo.list(q.toBuilder().limit(limit).build(), new Viewer(ctx.projectId(), ctx.isAdmin()));
    }

    /**
     * Reads the image, checks the caller may change it, computes the change and saves it by compare-and-set;
     * when another writer got there first, starts again from the fresh image (so the change is re-validated).
     * A change that returns the same image saves nothing.
     */
    private Image change(String imageId, String action, UnaryOperator<Image> change) {
        for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
            Image current = visible(imageId);
            ImageRules.checkWrite(ctx, current, action);
            Image next = change.apply(current);
            if (next == current) {
                return current;
            }
            try {
                return repo.update(next);
            } catch (ConflictException e) {
                LOG.debug("image {} changed concurrently, retrying {}", imageId, action);
            }
        }
        throw new ConflictException("image " + imageId + " keeps changing concurrently; gave up to " + action + " it");
    }

    @Override
    public Image update(String imageId, ImagePatch patch) {
        Objects.requireNonNull(patch, "patch");
        return change(imageId, "modify", current -> patch.operations().isEmpty() ? current
                : core.rules().apply(ctx, current, patch));
    }

    @Override
    public void delete(String imageId) {
        Image deleted = change(imageId, "delete", current -> {
            if (current.isProtected()) {
                throw new ForbiddenException("image " + imageId + " is protected and cannot be deleted");
            }
            if (!current.status().canTransitionTo(ImageStatus.DELETED)) {
                throw new ConflictException("image " + imageId + " cannot be deleted while " + current.status());
            }
            return current.toBuilder().status(ImageStatus.DELETED).updatedAt(ImageRules.now()).build();
        });
        for (StoreLocation loc : deleted.locations()) {
            core.deleteQuietly(loc);
        }
    }

    @Override
    public Image addTag(String imageId, String tag) {
        ImageRules.checkTag(tag);
        return change(imageId, "tag", current -> current.tags().contains(tag) ? current
                : current.toBuilder().addTag(tag).updatedAt(ImageRules.now()).build());
    }

    @Override
    public Image removeTag(String imageId, String tag) {
        return change(imageId, "untag", current -> {
            if (!current.tags().contains(tag)) {
                throw new NotFoundException("image " + imageId + " has no tag '" + tag + "'");
            }
            return current.toBuilder().removeTag(tag).updatedAt(ImageRules.now()).build();
        });
    }

    @Override
    public Image deactivate(String imageId) {
        return change(imageId, "deactivate", current -> {
            if (current.status() == ImageStatus.DEACTIVATED) {
                return current;
            }
            if (current.status() != ImageStatus.ACTIVE) {
                throw new ForbiddenException("only an active image can be deactivated; image " + imageId + " is "
                        + current.status());
            }
            return current.toBuilder().status(ImageStatus.DEACTIVATED).updatedAt(ImageRules.now()).build();
        });
    }

    @Override
    public Image reactivate(String imageId) {
        return change(imageId, "reactivate", current -> {
            if (current.status() == ImageStatus.ACTIVE) {
                return current;
            }
            if (current.status() != ImageStatus.DEACTIVATED) {
                throw new ForbiddenException("only a deactivated image can be reactivated; image " + imageId
                        + " is " + current.status());
            }
            return current.toBuilder().status(ImageStatus.ACTIVE).updatedAt(ImageRules.now()).build();
        });
    }

    // ------------------------------------------------------------------ upload

    @Override
    public Image upload(String imageId, InputStream data, UploadOptions options) {
        Objects.requireNonNull(data, "data");
        UploadOptions opt = options == null ? UploadOptions.defaults() : options;
        ImageStore store = core.storeForUpload(opt.store());
        long cap = core.config().sizeCap();
        if (opt.declaredSize() < -1) {
            throw new InvalidInputException("invalid declared size " + opt.declaredSize());
        }
        if (opt.declaredSize() > cap) {
            throw new TooLargeException("the incoming image " + imageId + " is too large: its declared size "
                    + opt.declaredSize() + " exceeds the size cap of " + cap + " bytes");
        }
        return core.withUploadPermit(() -> {
            startSaving(imageId);
            return receive(imageId, store, data, opt, cap);
        });
    }

    /** queued -> saving by compare-and-set: of several concurrent uploads exactly one gets here. */
    private void startSaving(String imageId) {
        change(imageId, "upload data to", current -> {
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

    private Image receive(String imageId, ImageStore store, InputStream data, UploadOptions opt, long cap) {
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
            UploadPipeline.Result r = core.pipeline().run(imageId, data, writer, cap, opt.declaredSize(),
                    opt.progressListener());
            if (opt.declaredSize() >= 0 && r.size() != opt.declaredSize()) {
                throw new InvalidInputException("size mismatch for image " + imageId + ": received " + r.size()
                        + " bytes, declared " + opt.declaredSize());
            }
            if (opt.declaredChecksum() != null && !opt.declaredChecksum().equalsIgnoreCase(r.md5())) {
                throw new InvalidInputException("checksum mismatch for image " + imageId + ": the data's md5 is "
                        + r.md5() + ", declared " + opt.declaredChecksum());
            }
            if (opt.declaredOsHashValue() != null && !opt.declaredOsHashValue().equalsIgnoreCase(r.hash())) {
                throw new InvalidInputException("os_hash_value mismatch for image " + imageId + ": the data's "
                        + core.config().hashAlgo() + " is " + r.hash() + ", declared " + opt.declaredOsHashValue());
            }
            try {
                committed = writer.commit();
            } catch (IOException e) {
                throw new BackendUnavailableException("store '" + store.id() + "' failed to commit image " + imageId
                        + ": " + e.getMessage(), e);
            }
            activationOwnsData = true; // from here on activate() owns the committed data on its own failure paths
            return activate(imageId, r, committed);
        } catch (RuntimeException | Error e) {
            if (committed == null && writer != null) {
                try {
                    writer.abort();
                } catch (RuntimeException abortFailure) {
                    LOG.warn("aborting the write of image {} failed", imageId, abortFailure);
                    e.addSuppressed(abortFailure);
                }
            } else if (committed != null && !activationOwnsData) {
                core.deleteQuietly(committed);
            }
            restoreQueued(imageId);
            throw e;
        }
    }

    /** saving -> active with the data's facts; if the image was deleted meanwhile, its data is removed. */
    private Image activate(String imageId, UploadPipeline.Result r, StoreLocation location) {
        try {
            for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
                Image current = repo.find(imageId).orElse(null);
                if (current == null || current.status() == ImageStatus.DELETED
                        || current.status() == ImageStatus.PENDING_DELETE) {
                    core.deleteQuietly(location);
                    throw new NotFoundException("image " + imageId + " was deleted during the upload; its data was removed");
                }
                if (current.status() != ImageStatus.SAVING) {
                    core.deleteQuietly(location);
                    throw new ConflictException("image " + imageId + " left status saving during the upload (it is "
                            + current.status() + "); its data was removed");
                }
                Image active = current.toBuilder().status(ImageStatus.ACTIVE).size(r.size()).checksum(r.md5())
                        .osHashAlgo(core.config().hashAlgo()).osHashValue(r.hash()).locations(List.of(location))
                        .updatedAt(ImageRules.now()).build();
                try {
                    return repo.update(active);
                } catch (ConflictException e) {
                    LOG.debug("image {} changed during upload, retrying activation", imageId);
                }
            }
            core.deleteQuietly(location);
            throw new ConflictException("image " + imageId + " keeps changing concurrently; upload abandoned");
        } catch (RuntimeException e) {
            core.deleteQuietly(location); // idempotent: harmless where already removed above
            throw e;
        }
    }

    /** Any upload failure: saving -> queued with the data fields cleared (Glance's {@code _restore}). */
    private void restoreQueued(String imageId) {
        try {
            for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
                Image current = repo.find(imageId).orElse(null);
                if (current == null || current.status() != ImageStatus.SAVING) {
                    return;
                }
                try {
                    repo.update(current.toBuilder().status(ImageStatus.QUEUED).clearData()
                            .updatedAt(ImageRules.now()).build());
                    return;
                } catch (ConflictException e) {
                    LOG.debug("image {} changed while restoring it to queued, retrying", imageId);
                }
            }
            LOG.error("could not return image {} to queued; start-up recovery will", imageId);
        } catch (RuntimeException e) {
            LOG.error("could not return image {} to queued; start-up recovery will", imageId, e);
        }
    }

    // ------------------------------------------------------------------ download

    @Override
    public ImageData download(String imageId, DownloadOptions options) {
        DownloadOptions opt = options == null ? DownloadOptions.whole() : options;
        Image image = visible(imageId);
        if (image.status() == ImageStatus.DEACTIVATED && !ctx.isAdmin()) {
            throw new ForbiddenException("image " + imageId + " is deactivated; only an administrator may download it");
        }
        if (image.locations().isEmpty() || image.size() == null
                || (image.status() != ImageStatus.ACTIVE && image.status() != ImageStatus.DEACTIVATED)) {
            throw new NoImageDataException("image " + imageId + " has no data (status " + image.status() + ")");
        }
        if (opt.verify() && opt.range() != null) {
            throw new InvalidInputException("verify applies to whole-image downloads only, not to range "
                    + opt.range());
        }
        long size = image.size();
        ByteRange.Resolved range = opt.range() == null ? new ByteRange.Resolved(0, size, size)
                : opt.range().resolve(size);
        RuntimeException last = null;
        for (StoreLocation loc : image.locations()) {
            ImageStore store = core.stores().get(loc.storeId());
            if (store == null) {
                last = new BackendUnavailableException("image " + imageId + " is in store '" + loc.storeId()
                        + "', which this catalog does not configure");
                continue;
            }
            InputStream in;
            try {
                in = store.openStream(loc, range.offset(), range.length());
            } catch (NotFoundException e) {
                last = new BackendUnavailableException("the data of image " + imageId + " is missing from store '"
                        + loc.storeId() + "'", e);
                continue;
            } catch (IOException e) {
                last = new BackendUnavailableException("store '" + loc.storeId() + "' failed to open image " + imageId
                        + ": " + e.getMessage(), e);
                continue;
            } catch (ImageCatalogException e) {
                last = e;
                continue;
            }
            if (opt.verify()) {
                in = new VerifyingInputStream(imageId, in, digest("MD5"),
                        image.osHashAlgo() == null ? null : digest(CatalogConfig.jcaName(image.osHashAlgo())),
                        size, image.checksum(), image.osHashValue());
            }
            return new ImageData(imageId, in, range, image.checksum(), image.osHashAlgo(), image.osHashValue());
        }
        throw last;
    }

    private static MessageDigest digest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new BackendUnavailableException("this JVM lacks the digest " + name + " needed to verify the image", e);
        }
    }
}
