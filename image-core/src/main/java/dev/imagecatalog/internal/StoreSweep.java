package dev.imagecatalog.internal;

import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.error.VersionConflictException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageLocation;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.internal.cas.CompareAndSet;
import dev.imagecatalog.recovery.RecoveryReport;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.MetadataRepository;
import dev.imagecatalog.spi.StoredObject;
import dev.imagecatalog.spi.WriteIntent;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recovery sweep, run at start-up and by every scrubber run: it removes what this catalog's writers left behind
 * and nothing else. Per store it lists only what carries the catalog id ({@link ImageStore#forEachOwned}) and
 * removes with {@link ImageStore#remove}; it reads write intents and references in the metadata back-end.
 *
 * <p>The rules, in this order (each read comes after the one a writer's step could invalidate):
 * <ol>
 *   <li>List what each store owns. A writer records its intent before its first byte, so whatever is listed and
 *       still being written has an intent by now.</li>
 *   <li>Read the images in {@code saving}, then the intents (a writer records its intent before the image goes to
 *       saving and removes it after it left saving).</li>
 *   <li>An intent is live as {@link Liveness} judges its writer: if this catalog is writing under it, or if it was
 *       touched within {@code recovery.orphan-grace}; at start-up (the catalog's first real sweep) an intent this
 *       catalog is not writing under is dead when it carries this {@code catalog.instance} or the metadata back-end
 *       is exclusive to this process.</li>
 *   <li>A {@code saving} image without a live intent goes back to {@code queued}.</li>
 *   <li>For a dead intent with no live intent for its (image, store), the image's locations in that store that are
 *       not active are unfinished: the {@code pending} location of a copy whose writer died, the {@code deleting}
 *       location of a removal from the store that was cut off (read after the intents, like the references).</li>
 *   <li>A listed object with a live intent for its (image, store) is kept; else a leftover of an incomplete write
 *       is removed, and a committed object is removed unless an image references its location other than as an
 *       unfinished location (a writer sets the reference before it removes its intent, and references are read
 *       after the intents).</li>
 *   <li>Then an unfinished location's bytes are deleted if the listing did not hold them, and the location is
 *       removed from its image by compare-and-set: bytes first, so while a store may still hold them a location
 *       records them, and no other copy to that store starts before they are gone.</li>
 *   <li>Intents that are not live are removed once their store was swept without failure.</li>
 * </ol>
 * A dry run reads the same way and changes nothing. One sweep at a time per catalog.
 */
final class StoreSweep {
    private static final Logger LOG = LoggerFactory.getLogger(StoreSweep.class);

    private final MetadataRepository repository;
    private final Map<String, ImageStore> stores;
    private final WriteIntents intents;
    private final Duration grace;
    private final Object lock = new Object();
    private boolean swept;

    StoreSweep(MetadataRepository repository, Map<String, ImageStore> stores, WriteIntents intents, Duration grace) {
        this.repository = repository;
        this.stores = stores;
        this.intents = intents;
        this.grace = grace;
    }

    /** Runs the sweep; with {@code dryRun} only reports what it would do. */
    RecoveryReport run(boolean dryRun) {
        synchronized (lock) {
            boolean startUp = !swept;
            Map<String, List<StoredObject>> owned = listOwned();
            List<Image> saving = repository.findByStatus(ImageStatus.SAVING, Integer.MAX_VALUE);
            Liveness liveness = new Liveness(intents.instance(), grace, Instant.now(), startUp,
                    repository.exclusiveToThisProcess());
            Set<String> liveImages = new HashSet<>();
            Set<String> liveWrites = new HashSet<>();
            List<WriteIntent> dead = new ArrayList<>();
            for (WriteIntent i : repository.writeIntents()) {
                if (liveness.live(intents.inFlight(i.id()), i.instance(), i.touchedAt())) {
                    liveImages.add(i.imageId());
                    liveWrites.add(i.imageId() + "\n" + i.storeId());
                } else {
                    dead.add(i);
                }
            }

            Map<StoreLocation, String> unfinished = unfinished(dead, liveWrites);

            List<String> reset = new ArrayList<>();
            for (Image img : saving) {
                if (img.status() == ImageStatus.SAVING && !liveImages.contains(img.id()) && reset(img, dryRun)) {
                    reset.add(img.id());
                }
            }

            List<StoredObject> removed = new ArrayList<>();
            int leftovers = 0;
            int orphans = 0;
            Set<String> failedStores = new HashSet<>();
            for (Map.Entry<String, List<StoredObject>> e : owned.entrySet()) {
                ImageStore store = stores.get(e.getKey());
                for (StoredObject o : e.getValue()) {
                    if (liveWrites.contains(o.imageId() + "\n" + store.id()) || (o.committed()
                            && !unfinished.containsKey(o.location()) && repository.isReferenced(o.location()))) {
                        continue;
                    }
                    try {
                        if (dryRun || store.remove(o)) {
                            removed.add(o);
                            if (o.committed()) {
                                orphans++;
                            } else {
                                leftovers++;
                            }
                        }
                    } catch (IOException | RuntimeException ex) {
                        failedStores.add(store.id());
                        LOG.warn("sweep: removing {} of image {} from store '{}' failed; the next sweep retries",
                                o.location(), o.imageId(), store.id(), ex);
                    }
                }
            }

            List<StoreLocation> removedLocations = new ArrayList<>();
            for (Map.Entry<StoreLocation, String> u : unfinished.entrySet()) {
                StoreLocation loc = u.getKey();
                if (!owned.containsKey(loc.storeId()) || failedStores.contains(loc.storeId())) {
                    continue;
                }
                boolean listed = removed.stream().anyMatch(o -> o.committed() && o.location().equals(loc));
                if (dryRun || finish(u.getValue(), loc, listed, failedStores)) {
                    removedLocations.add(loc);
                }
            }

            List<WriteIntent> removedIntents = new ArrayList<>();
            for (WriteIntent i : dead) {
                if (!owned.containsKey(i.storeId()) || failedStores.contains(i.storeId())) {
                    continue; // its data was not handled here: the intent stays for a sweep that can
                }
                if (dryRun || removeIntent(i)) {
                    removedIntents.add(i);
                }
            }
            if (!dryRun) {
                swept = true;
                if (!reset.isEmpty() || !removed.isEmpty() || !removedIntents.isEmpty()
                        || !removedLocations.isEmpty()) {
                    LOG.info("recovery sweep: {} images reset to queued, {} incomplete writes and {} orphaned objects "
                            + "removed, {} unfinished locations and {} dead write intents removed", reset.size(),
                            leftovers, orphans, removedLocations.size(), removedIntents.size());
                }
            }
            return new RecoveryReport(reset.size(), leftovers, orphans, reset, removed, removedIntents,
                    removedLocations, dryRun);
        }
    }

    /**
     * The locations (with their image) that dead intents left unfinished: for each dead intent whose (image, store)
     * no live intent covers, the image's locations in that store that are not active.
     */
    private Map<StoreLocation, String> unfinished(List<WriteIntent> dead, Set<String> liveWrites) {
        Map<StoreLocation, String> out = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (WriteIntent i : dead) {
            String key = i.imageId() + "\n" + i.storeId();
            if (liveWrites.contains(key) || !seen.add(key)) {
                continue;
            }
            repository.find(i.imageId()).ifPresent(img -> img.locations().stream()
                    .filter(l -> !l.isActive() && l.storeId().equals(i.storeId()))
                    .forEach(l -> out.put(l.location(), img.id())));
        }
        return out;
    }

    /**
     * Deletes an unfinished location's bytes (unless the listing's were removed already), then removes the location
     * from its image if it is still not active; false if either failed (the next sweep retries).
     */
    private boolean finish(String imageId, StoreLocation loc, boolean bytesRemoved, Set<String> failedStores) {
        if (!bytesRemoved) {
            try {
                stores.get(loc.storeId()).delete(loc);
            } catch (IOException | RuntimeException e) {
                failedStores.add(loc.storeId());
                LOG.warn("sweep: deleting {} of image {} failed; the next sweep retries", loc, imageId, e);
                return false;
            }
        }
        try {
            Optional<Boolean> removed = CompareAndSet.retry(() -> {
                Image img = repository.find(imageId).orElse(null);
                if (img == null) {
                    return false;
                }
                List<ImageLocation> kept = img.locations().stream()
                        .filter(l -> l.isActive() || !l.location().equals(loc)).toList();
                if (kept.size() == img.locations().size()) {
                    return false;
                }
                repository.update(img.toBuilder().locations(kept).updatedAt(ImageRules.now()).build());
                return true;
            });
            if (removed.isEmpty()) {
                failedStores.add(loc.storeId()); // the image kept changing: the intent stays for the next sweep
            }
            return removed.orElse(false);
        } catch (RuntimeException e) {
            failedStores.add(loc.storeId());
            LOG.warn("sweep: removing the unfinished location {} of image {} failed; the next sweep retries", loc,
                    imageId, e);
            return false;
        }
    }

    /** What each store owns; a store that cannot list what it owns is not swept at all. */
    private Map<String, List<StoredObject>> listOwned() {
        Map<String, List<StoredObject>> owned = new LinkedHashMap<>();
        for (ImageStore store : stores.values()) {
            List<StoredObject> objects = new ArrayList<>();
            try {
                store.forEachOwned(objects::add);
            } catch (UnsupportedOperationException e) {
                LOG.warn("sweep: store '{}' cannot list what this catalog wrote in it; it is not swept", store.id());
                continue;
            } catch (IOException e) {
                throw new BackendUnavailableException("the recovery sweep cannot list store '" + store.id() + "': "
                        + e.getMessage(), e);
            }
            owned.put(store.id(), objects);
        }
        return owned;
    }

    /** saving -> queued with the data fields cleared; false if the image changed meanwhile. */
    private boolean reset(Image img, boolean dryRun) {
        if (dryRun) {
            return true;
        }
        try {
            repository.update(img.toBuilder().status(ImageStatus.QUEUED).clearData().updatedAt(ImageRules.now())
                    .build());
            return true;
        } catch (VersionConflictException | NotFoundException e) {
            LOG.debug("sweep: image {} changed meanwhile; not reset", img.id());
            return false;
        }
    }

    private boolean removeIntent(WriteIntent i) {
        try {
            return repository.removeWriteIntent(i.id());
        } catch (RuntimeException e) {
            LOG.warn("sweep: removing the dead write intent {} of image {} failed; the next sweep retries", i.id(),
                    i.imageId(), e);
            return false;
        }
    }
}
