package dev.imagecatalog.internal;

import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.error.VersionConflictException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageLocation;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.internal.cas.CompareAndSet;
import dev.imagecatalog.recovery.RecoveryReport;
import dev.imagecatalog.recovery.Scrubber;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.MetadataRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog's {@link Scrubber}: delayed deletes finished after {@code scrubber.delay}, then the recovery sweep.
 * {@link Recovery} runs it periodically.
 */
final class DefaultScrubber implements Scrubber {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultScrubber.class);
    private static final int BATCH = 100;

    private final MetadataRepository repository;
    private final Map<String, ImageStore> stores;
    private final StoreSweep sweep;
    private final LocationRelease release;
    private final EventBus events;
    private final Duration delay;
    private final Object runLock = new Object();

    DefaultScrubber(MetadataRepository repository, Map<String, ImageStore> stores, StoreSweep sweep,
                    LocationRelease release, EventBus events, Duration delay) {
        this.repository = repository;
        this.stores = stores;
        this.sweep = sweep;
        this.release = release;
        this.events = events;
        this.delay = delay;
    }

    @Override
    public Report runOnce() {
        return run(false);
    }

    @Override
    public Report plan() {
        return run(true);
    }

    private Report run(boolean dryRun) {
        synchronized (runLock) {
            Instant due = ImageRules.now().minus(delay);
            List<String> scrubbed = new java.util.ArrayList<>();
            java.util.Set<String> left = new java.util.HashSet<>();
            while (true) {
                List<Image> batch = repository.findByStatus(ImageStatus.PENDING_DELETE,
                        BATCH + left.size() + (dryRun ? scrubbed.size() : 0));
                int seen = 0;
                for (Image img : batch) {
                    if (left.contains(img.id()) || (dryRun && scrubbed.contains(img.id()))) {
                        continue;
                    }
                    seen++;
                    if (!img.updatedAt().isAfter(due) && (dryRun ? scrubbable(img) : scrub(img))) {
                        scrubbed.add(img.id());
                    } else {
                        left.add(img.id());
                    }
                }
                if (seen == 0) {
                    break;
                }
            }
            RecoveryReport swept = sweep.run(dryRun);
            if (!dryRun && scrubbed.size() + swept.orphansDeleted() > 0) {
                LOG.info("scrubber: {} images scrubbed, {} kept, {} orphaned objects deleted", scrubbed.size(),
                        left.size(), swept.orphansDeleted());
            }
            return new Report(scrubbed.size(), left.size(), swept.orphansDeleted(), scrubbed, swept, dryRun);
        }
    }

    /** True if {@link #scrub} would try: every store holding the image's data is configured. */
    private boolean scrubbable(Image img) {
        return img.locations().stream().allMatch(loc -> stores.containsKey(loc.storeId()));
    }

    /**
     * Marks the image deleted, letting go of its locations, then releases their bytes ({@link LocationRelease}:
     * kept if another image lists them or a read-only store holds them); false if the image changed meanwhile (it
     * stays for the next run). A failed byte deletion is left to the orphan sweep, which every run ends with.
     */
    private boolean scrub(Image img) {
        try {
            repository.update(img.toBuilder().status(ImageStatus.DELETED).locations(List.of())
                    .updatedAt(ImageRules.now()).build());
        } catch (VersionConflictException | NotFoundException e) {
            LOG.debug("scrubber: image {} changed meanwhile; kept", img.id());
            return false;
        }
        for (ImageLocation loc : img.locations()) {
            release.release(loc.location());
        }
        return true;
    }

    @Override
    public Image restore(String imageId) {
        String id = ImageIds.canonical(imageId);
        return CompareAndSet.retry(() -> {
            Image img = (id == null ? Optional.<Image>empty() : repository.findPendingDelete(id))
                    .orElseThrow(() -> new NotFoundException("no pending_delete image with id "
                            + InputLimits.shown(imageId)));
            Image active = repository.update(img.toBuilder().status(ImageStatus.ACTIVE).updatedAt(ImageRules.now())
                    .build());
            events.publish(ImageEvents.UPDATE, active.id(), ImageEvents.payload(active, false));
            return active;
        }, () -> new ConflictException("image " + imageId + " keeps changing; restore abandoned"));
    }
}
