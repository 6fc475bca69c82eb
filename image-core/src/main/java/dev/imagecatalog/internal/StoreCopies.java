package dev.imagecatalog.internal;

import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.error.ImageCatalogException;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.error.TooLargeException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageLocation;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.LocationStatus;
import dev.imagecatalog.image.StoreCopyResult;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.policy.Policy;
import dev.imagecatalog.spi.ImageStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One caller's copies of an image's data between stores and removals of it from one store: {@code copy_image}, then
 * pending locations recorded under write intents, one read of the best readable location fanned out to a writer per
 * target through the upload path's bounded buffers, each copy verified (size, MD5, multihash) before its location
 * becomes active; and, through {@link StoreRemoval}, taking the data out of one store. Whatever a crash interrupts,
 * the recovery sweep finishes through the write intent ({@link StoreSweep}).
 */
final class StoreCopies {
    private static final Logger LOG = LoggerFactory.getLogger(StoreCopies.class);
    private static final String COPY = "copy data of";

    private final AccessControl access;
    private final ImageChanges changes;
    private final ImageStores stores;
    private final WriteIntents writeIntents;
    private final UploadPipeline pipeline;
    private final EventBus events;
    private final int maxLocations;
    private final StoreRemoval removal;

    /** {@code maxLocations}: {@code limit.image-locations}, which counts a copy's pending location too. */
    StoreCopies(AccessControl access, ImageChanges changes, ImageStores stores, WriteIntents writeIntents,
                UploadPipeline pipeline, EventBus events, int maxLocations) {
        this.access = access;
        this.changes = changes;
        this.stores = stores;
        this.writeIntents = writeIntents;
        this.pipeline = pipeline;
        this.events = events;
        this.maxLocations = maxLocations;
        this.removal = new StoreRemoval(access, changes, stores, writeIntents, events);
    }

    StoreCopyResult copy(String imageId, List<String> storeIds, boolean allMustSucceed) {
        if (storeIds == null || storeIds.isEmpty()) {
            throw new InvalidInputException("no store to copy image " + imageId + " to");
        }
        AccessControl.Seen seen = access.visible(imageId);
        access.authorize(Policy.COPY_IMAGE, seen, "copy");
        access.checkMutable(seen.image(), "copy");
        Image image = seen.image();
        requireActive(image, "copied");
        List<String> skipped = new ArrayList<>();
        List<StoreTarget> targets = new ArrayList<>();
        for (String id : new LinkedHashSet<>(storeIds)) {
            ImageStore store = stores.forWrite(id);
            if (image.stores().contains(id)) {
                skipped.add(id);
            } else {
                targets.add(new StoreTarget(store, StoreTarget.Work.COPY));
            }
        }
        if (targets.isEmpty()) {
            return new StoreCopyResult(access.redact(image), List.of(), skipped, Map.of());
        }
        try {
            Image copied = run(image, targets, allMustSucceed);
            List<String> done = new ArrayList<>();
            Map<String, String> failed = new LinkedHashMap<>();
            for (StoreTarget t : targets) {
                if (t.skipped) {
                    skipped.add(t.id());
                } else if (t.failure != null) {
                    failed.put(t.id(), StoreTarget.reason(t.failure));
                } else {
                    done.add(t.id());
                }
            }
            if (!done.isEmpty()) {
                events.publish(ImageEvents.UPDATE, imageId, ImageEvents.payload(copied, false));
            }
            return new StoreCopyResult(access.redact(copied), done, skipped, failed);
        } finally {
            StoreTarget.closeIntents(targets);
        }
    }

    /** The copy's steps; any exception leaves nothing of any target behind. */
    private Image run(Image image, List<StoreTarget> targets, boolean allMustSucceed) {
        String imageId = image.id();
        try {
            for (StoreTarget t : targets) {
                t.begin(writeIntents, imageId, image.size() == null ? -1 : image.size());
            }
            Image current = changes.apply(imageId, Policy.COPY_IMAGE, COPY, img -> recordPending(img, targets));
            for (StoreTarget t : targets) {
                if (t.open()) {
                    t.pending = t.location; // recorded by the attempt that was stored
                } else {
                    t.abort();
                }
            }
            StoreTarget.checkAll(targets, allMustSucceed);
            if (targets.stream().anyMatch(StoreTarget::open)) {
                write(current, targets);
                StoreTarget.checkAll(targets, allMustSucceed);
                requireActive(access.visible(imageId).image(), "copied");
                targets.forEach(StoreTarget::commit);
                StoreTarget.checkAll(targets, allMustSucceed);
                current = activate(imageId, targets, allMustSucceed);
            }
            cleanUp(imageId, targets.stream().filter(t -> t.failure != null).toList());
            return current;
        } catch (RuntimeException | Error e) {
            for (StoreTarget t : targets) {
                if (t.failure == null && !t.skipped) {
                    t.failure = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                }
            }
            cleanUp(imageId, targets.stream().filter(t -> !t.skipped).toList());
            throw e;
        }
    }

    /** A pending location could not be recorded for a target: another copy or removal holds that store. */
    private static final class PendingRefused extends ConflictException {
        private static final long serialVersionUID = 1L;

        PendingRefused(String message) {
            super(message);
        }
    }

    /** A pending location would take the image past {@code limit.image-locations}. */
    private static final class OverLocationLimit extends TooLargeException {
        private static final long serialVersionUID = 1L;

        OverLocationLimit(String message) {
            super(message);
        }
    }

    /** The change recording every open target's pending location (recomputed on each compare-and-set attempt). */
    private Image recordPending(Image current, List<StoreTarget> targets) {
        requireActive(current, "copied");
        List<ImageLocation> locations = new ArrayList<>(current.locations());
        int before = locations.size();
        for (StoreTarget t : targets) {
            if (t.writer == null || (t.failure != null && !(t.failure instanceof PendingRefused)
                    && !(t.failure instanceof OverLocationLimit))) {
                continue;
            }
            t.failure = null;
            t.skipped = false;
            if (current.stores().contains(t.id())) {
                t.skipped = true; // another copy made it meanwhile
            } else if (current.locations().stream().anyMatch(l -> l.storeId().equals(t.id()))) {
                t.failure = new PendingRefused("another copy to or removal from store '" + t.id() + "' of image "
                        + current.id() + " is in progress");
            } else if (locations.size() + 1 > maxLocations) {
                t.failure = new OverLocationLimit("quota exceeded: image " + current.id() + " would have "
                        + (locations.size() + 1) + " locations with a copy to store '" + t.id() + "'; the limit is "
                        + maxLocations + " (limit.image-locations)");
            } else {
                locations.add(new ImageLocation(t.location, LocationStatus.PENDING));
            }
        }
        return locations.size() == before ? current : current.toBuilder().locations(locations).updatedAt(ImageRules.now()).build();
    }

    /** The one read of the best readable location into every open target, checked against the image. */
    private void write(Image image, List<StoreTarget> targets) {
        String imageId = image.id();
        List<StoreTarget> open = targets.stream().filter(StoreTarget::open).toList();
        String algo = image.osHashAlgo();
        try (InputStream in = openSource(image)) {
            UploadPipeline.FanOut out = pipeline.fanOut(imageId, in, open.stream().map(t -> t.writer).toList(),
                    image.size() == null ? -1 : image.size(), CatalogConfig.jcaName(algo == null ? "sha512" : algo));
            out.failedWriters().forEach((i, e) -> open.get(i).failure = e);
            UploadPipeline.Result r = out.read();
            if (r == null) {
                return;
            }
            String mismatch = null;
            if (image.size() != null && r.size() != image.size()) {
                mismatch = "read " + r.size() + " bytes, the image has " + image.size();
            } else if (image.checksum() != null && !image.checksum().equalsIgnoreCase(r.md5())) {
                mismatch = "its md5 is " + r.md5() + ", the image's " + image.checksum();
            } else if (algo != null && image.osHashValue() != null && !image.osHashValue().equalsIgnoreCase(r.hash())) {
                mismatch = "its " + algo + " is " + r.hash() + ", the image's " + image.osHashValue();
            }
            if (mismatch != null) {
                throw new BackendUnavailableException("the data read to copy image " + imageId
                        + " does not match the image: " + mismatch);
            }
        } catch (UploadPipeline.SourceException e) {
            throw new BackendUnavailableException("reading image " + imageId + " to copy it failed: "
                    + e.getCause().getMessage(), e);
        } catch (IOException e) {
            LOG.debug("closing the source of a copy of image {} failed", imageId, e);
        }
    }

    /**
     * The image's bytes from its active locations in read order: behind a {@link FailoverStream} (a store failing
     * at open or mid-stream is replaced by the next location at the same byte) when the image's size is known, else
     * the first location that opens.
     */
    private InputStream openSource(Image image) {
        if (image.size() != null) {
            return FailoverStream.open(image.id(), stores, stores.readOrder(image.activeLocations()), 0,
                    image.size());
        }
        ImageCatalogException last = new BackendUnavailableException("image " + image.id() + " has no readable data");
        for (StoreLocation loc : stores.readOrder(image.activeLocations())) {
            ImageStore store = stores.get(loc.storeId());
            if (store == null) {
                continue;
            }
            try {
                return store.openStream(loc, 0, -1);
            } catch (IOException | ImageCatalogException e) {
                last = new BackendUnavailableException("store '" + loc.storeId() + "' cannot give image "
                        + image.id() + " to copy: " + e.getMessage(), e);
            }
        }
        throw last;
    }

    /** Every committed target's location pending -> active in one compare-and-set. */
    private Image activate(String imageId, List<StoreTarget> targets, boolean allMustSucceed) {
        StoreTarget.checkIntents(targets);
        StoreTarget.checkAll(targets, allMustSucceed);
        Set<String> lost = new LinkedHashSet<>();
        Image done = changes.apply(imageId, Policy.COPY_IMAGE, COPY, current -> {
            requireActive(current, "copied");
            lost.clear();
            List<ImageLocation> locations = new ArrayList<>();
            Set<StoreLocation> flip = new LinkedHashSet<>();
            for (StoreTarget t : targets) {
                if (t.open()) {
                    flip.add(t.pending);
                    if (!current.locations().contains(new ImageLocation(t.pending, LocationStatus.PENDING))) {
                        lost.add(t.id());
                    }
                }
            }
            if (allMustSucceed && !lost.isEmpty()) {
                throw new ConflictException("the pending copies of image " + imageId + " to stores " + lost
                        + " were removed meanwhile (by a recovery sweep)");
            }
            for (ImageLocation l : current.locations()) {
                locations.add(flip.contains(l.location()) && l.status() == LocationStatus.PENDING
                        ? l.withStatus(LocationStatus.ACTIVE) : l);
            }
            return current.toBuilder().locations(locations).updatedAt(ImageRules.now()).build();
        });
        for (StoreTarget t : targets) {
            if (lost.contains(t.id())) {
                t.failure = new ConflictException("the pending copy of image " + imageId + " to store '" + t.id()
                        + "' was removed meanwhile (by a recovery sweep)");
                t.pending = null;
            }
        }
        return done;
    }

    /** {@link StoreTarget#cleanUp} of {@code failed} targets, their pending locations removed under copy_image. */
    private void cleanUp(String imageId, List<StoreTarget> failed) {
        StoreTarget.cleanUp(imageId, failed, stores,
                change -> changes.apply(imageId, Policy.COPY_IMAGE, COPY, change));
    }

    /** The change removing the locations at {@code urls} that have {@code status}. */
    static UnaryOperator<Image> without(Set<StoreLocation> urls, LocationStatus status) {
        return current -> {
            List<ImageLocation> kept = current.locations().stream()
                    .filter(l -> !(urls.contains(l.location()) && l.status() == status)).toList();
            return kept.size() == current.locations().size() ? current
                    : current.toBuilder().locations(kept).updatedAt(ImageRules.now()).build();
        };
    }

    static void requireActive(Image image, String what) {
        if (image.status() != ImageStatus.ACTIVE) {
            throw new ConflictException("image " + image.id() + " is " + image.status().wireName()
                    + "; only an active image's data can be " + what);
        }
    }

    Image deleteFromStore(String imageId, String storeId) {
        return removal.delete(imageId, storeId);
    }
}
