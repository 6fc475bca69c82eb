package dev.imagecatalog.internal;

import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.error.TooLargeException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageLocation;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.LocationStatus;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.internal.cas.CompareAndSet;
import dev.imagecatalog.spi.MetadataRepository;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * An import's staged file into its target stores: a write intent, a writer and a pending location per target; one
 * read of the file fanned out to every writer through the {@link UploadPipeline} (a failing writer dropped) with
 * the format inspection, whose verdict ({@link UploadFormatCheck}) comes before any commit; every target committed;
 * then, in one compare-and-set, the image active with its size, checksums, virtual size and every committed
 * location, the lock released and the failed stores in {@code os_glance_failed_import}. With
 * {@code allMustSucceed} one failed target fails the import; without it the import fails only when every target
 * failed. A failed import leaves nothing in any store and no pending location.
 */
final class ImportStores {
    /** How often, in bytes read, the fan-out asks whether its task still runs. */
    private static final long CHECK_EVERY = 8L << 20;

    private final MetadataRepository repo;
    private final ImageStores stores;
    private final CatalogConfig config;
    private final WriteIntents writeIntents;
    private final UploadPipeline pipeline;
    private final UploadFormatCheck formatCheck;
    private final EventBus events;

    ImportStores(MetadataRepository repo, ImageStores stores, CatalogConfig config, WriteIntents writeIntents,
                 UploadPipeline pipeline, UploadFormatCheck formatCheck, EventBus events) {
        this.repo = repo;
        this.stores = stores;
        this.config = config;
        this.writeIntents = writeIntents;
        this.pipeline = pipeline;
        this.formatCheck = formatCheck;
        this.events = events;
    }

    /**
     * Writes {@code file} into {@code targetIds} and activates {@code image} (as the import sees it: the plug-ins'
     * formats applied), whose lock {@code taskId} holds; {@code changes} are the plug-ins' changes, applied in the
     * activating compare-and-set; {@code running} false stops the read.
     *
     * @return the active image
     */
    Image write(Image image, Path file, List<String> targetIds, boolean allMustSucceed, String taskId,
                UnaryOperator<Image.Builder> changes, BooleanSupplier running) throws IOException {
        String imageId = image.id();
        long size = Files.size(file);
        List<StoreTarget> targets = new ArrayList<>();
        for (String id : targetIds) {
            targets.add(new StoreTarget(stores.forWrite(id), StoreTarget.Work.IMPORT));
        }
        try {
            for (StoreTarget t : targets) {
                t.begin(writeIntents, imageId, size);
            }
            recordPending(imageId, taskId, targets);
            for (StoreTarget t : targets) {
                if (t.open()) {
                    events.publish(ImageEvents.PREPARE, imageId, ImageEvents.withBackend(image, t.id()));
                }
            }
            StoreTarget.checkAll(targets, allMustSucceed);
            UploadPipeline.Result r = read(image, file, size, targets, running);
            Long virtualSize = formatCheck.decide(image, r.format());
            if (!running.getAsBoolean()) {
                throw new ConflictException("the task importing image " + imageId + " has ended; nothing is kept");
            }
            StoreTarget.checkAll(targets, allMustSucceed);
            targets.forEach(StoreTarget::commit);
            StoreTarget.checkIntents(targets);
            StoreTarget.checkAll(targets, allMustSucceed);
            requireOneLeft(imageId, targets);
            Map<String, String> failed = StoreTarget.failures(targets);
            Image active = cas(imageId, taskId, current -> {
                Image.Builder b = ImportLock.release(current.toBuilder()).status(ImageStatus.ACTIVE).size(r.size())
                        .virtualSize(virtualSize).checksum(r.md5()).osHashAlgo(config.hashAlgo())
                        .osHashValue(r.hash()).locations(settle(current, targets)).updatedAt(ImageRules.now());
                if (!failed.isEmpty()) {
                    b.property(ImportLock.FAILED, String.join(",", failed.keySet()));
                }
                return changes.apply(b).build();
            });
            // the activating compare-and-set removed the failed targets' pending locations
            StoreTarget.cleanUp(imageId, targets.stream().filter(t -> t.failure != null).toList(), stores,
                    alreadyRemoved -> { });
            for (StoreTarget t : targets) {
                if (t.failure == null) {
                    events.publish(ImageEvents.UPLOAD, imageId, ImageEvents.withBackend(active, t.id()));
                }
            }
            events.publish(ImageEvents.ACTIVATE, imageId, ImageEvents.payload(active, false));
            return active;
        } catch (RuntimeException | Error e) {
            for (StoreTarget t : targets) {
                if (t.failure == null) {
                    t.failure = e instanceof RuntimeException re ? re : new IllegalStateException(e);
                }
            }
            StoreTarget.cleanUp(imageId, targets, stores, change -> cas(imageId, null, change));
            events.publishError(ImageEvents.UPLOAD, imageId, e.getMessage() == null ? e.toString() : e.getMessage());
            throw e;
        } finally {
            StoreTarget.closeIntents(targets);
        }
    }

    /** Fails the import when no target is left. */
    private static void requireOneLeft(String imageId, List<StoreTarget> targets) {
        if (targets.stream().noneMatch(StoreTarget::open)) {
            throw new BackendUnavailableException("every store failed to take image " + imageId + ": "
                    + StoreTarget.failures(targets));
        }
    }

    /** Every open target's pending location, by compare-and-set; over {@code limit.image-locations}: too large. */
    private void recordPending(String imageId, String taskId, List<StoreTarget> targets) {
        cas(imageId, taskId, current -> {
            List<ImageLocation> locations = new ArrayList<>(current.locations());
            for (StoreTarget t : targets) {
                if (t.open()) {
                    locations.add(new ImageLocation(t.location, LocationStatus.PENDING));
                }
            }
            if (locations.size() > config.maxLocations()) {
                throw new TooLargeException("quota exceeded: image " + imageId + " would have " + locations.size()
                        + " locations; the limit is " + config.maxLocations() + " (limit.image-locations)");
            }
            return current.toBuilder().locations(locations).updatedAt(ImageRules.now()).build();
        });
        for (StoreTarget t : targets) {
            t.pending = t.open() ? t.location : null;
            if (!t.open()) {
                t.abort();
            }
        }
    }

    /** The one read of the staged file into every open writer, inspected; a dropped writer is its target's failure. */
    private UploadPipeline.Result read(Image image, Path file, long size, List<StoreTarget> targets,
                                       BooleanSupplier running) throws IOException {
        List<StoreTarget> open = targets.stream().filter(StoreTarget::open).toList();
        UploadPipeline.FanOut out;
        try (InputStream in = new StoppableStream(Files.newInputStream(file), running, CHECK_EVERY,
                "the import's task has ended")) {
            out = pipeline.fanOut(image.id(), in, open.stream().map(t -> t.writer).toList(), size,
                    config.hashJcaName(), formatCheck.sessionFor(image));
        } catch (UploadPipeline.SourceException e) {
            throw new BackendUnavailableException("reading the staged data of image " + image.id() + " failed: "
                    + e.getCause().getMessage(), e);
        }
        out.failedWriters().forEach((i, e) -> open.get(i).failure = e);
        if (out.read() == null) {
            throw new BackendUnavailableException("every store failed to take image " + image.id() + ": "
                    + StoreTarget.failures(targets));
        }
        if (out.read().size() != size) {
            throw new BackendUnavailableException("read " + out.read().size() + " bytes of the staged data of image "
                    + image.id() + ", which has " + size);
        }
        return out.read();
    }

    /** The image's locations once settled: committed targets' pending locations active, failed ones' removed. */
    private static List<ImageLocation> settle(Image current, List<StoreTarget> targets) {
        Set<StoreLocation> done = new LinkedHashSet<>();
        Set<StoreLocation> dropped = new LinkedHashSet<>();
        for (StoreTarget t : targets) {
            if (t.pending != null) {
                (t.failure == null ? done : dropped).add(t.pending);
            }
        }
        List<ImageLocation> out = new ArrayList<>();
        for (ImageLocation l : current.locations()) {
            if (l.status() == LocationStatus.PENDING && done.contains(l.location())) {
                out.add(l.withStatus(LocationStatus.ACTIVE));
            } else if (!(l.status() == LocationStatus.PENDING && dropped.contains(l.location()))) {
                out.add(l);
            }
        }
        return out;
    }

    /**
     * {@code change} on the image by compare-and-set; with {@code taskId}, only while the image is importing under
     * that task's lock (else: not found if deleted, conflict otherwise).
     */
    private Image cas(String imageId, String taskId, UnaryOperator<Image> change) {
        return CompareAndSet.retry(() -> {
            Image current = repo.find(imageId).orElse(null);
            if (current == null || current.status() == ImageStatus.DELETED
                    || current.status() == ImageStatus.PENDING_DELETE) {
                throw new NotFoundException("image " + imageId + " was deleted during its import");
            }
            if (taskId != null && (current.status() != ImageStatus.IMPORTING || !ImportLock.heldBy(current, taskId))) {
                throw new ConflictException("image " + imageId + " is no longer being imported by task " + taskId
                        + " (it is " + current.status().wireName() + ")");
            }
            Image next = change.apply(current);
            return next == current ? current : repo.update(next);
        }, () -> new ConflictException("image " + imageId + " keeps changing concurrently; import abandoned"));
    }
}
