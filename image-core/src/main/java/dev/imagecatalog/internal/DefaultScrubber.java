package dev.imagecatalog.internal;

import dev.imagecatalog.ConflictException;
import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.NotFoundException;
import dev.imagecatalog.Scrubber;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.StoreLocation;
import dev.imagecatalog.spi.VersionConflictException;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The catalog's {@link Scrubber}: delayed deletes finished after {@code scrubber.delay}, then the recovery sweep. */
final class DefaultScrubber implements Scrubber {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultScrubber.class);
    private static final int BATCH = 100;

    private final CatalogCore core;
    private final Object runLock = new Object();
    private volatile boolean stopped;
    private volatile Future<?> periodic;

    DefaultScrubber(CatalogCore core) {
        this.core = core;
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
            Instant due = ImageRules.now().minus(core.config().scrubberDelay());
            List<String> scrubbed = new java.util.ArrayList<>();
            java.util.Set<String> left = new java.util.HashSet<>();
            while (true) {
                List<Image> batch = core.repository().findByStatus(ImageStatus.PENDING_DELETE,
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
            ImageCatalog.Recovery sweep = core.recover(dryRun);
            if (!dryRun && scrubbed.size() + sweep.orphansDeleted() > 0) {
                LOG.info("scrubber: {} images scrubbed, {} kept, {} orphaned objects deleted", scrubbed.size(),
                        left.size(), sweep.orphansDeleted());
            }
            return new Report(scrubbed.size(), left.size(), sweep.orphansDeleted(), scrubbed, sweep, dryRun);
        }
    }

    /** True if {@link #scrub} would try: every store holding the image's data is configured. */
    private boolean scrubbable(Image img) {
        return img.locations().stream().allMatch(loc -> core.stores().containsKey(loc.storeId()));
    }

    /** Deletes the image's data, then marks it deleted; false if anything failed (it stays pending_delete). */
    private boolean scrub(Image img) {
        for (StoreLocation loc : img.locations()) {
            ImageStore store = core.stores().get(loc.storeId());
            if (store == null) {
                LOG.warn("scrubber: image {} has data in store '{}', which is not configured; kept", img.id(),
                        loc.storeId());
                return false;
            }
            try {
                store.delete(loc);
            } catch (IOException | RuntimeException e) {
                LOG.warn("scrubber: deleting {} of image {} failed; kept for the next run", loc, img.id(), e);
                return false;
            }
        }
        try {
            core.repository().update(img.toBuilder().status(ImageStatus.DELETED).locations(List.of())
                    .updatedAt(ImageRules.now()).build());
            return true;
        } catch (VersionConflictException | NotFoundException e) {
            LOG.debug("scrubber: image {} changed meanwhile; kept", img.id());
            return false;
        }
    }

    @Override
    public Image restore(String imageId) {
        String id = ImageIds.canonical(imageId);
        for (int attempt = 0; attempt < 32; attempt++) {
            Image img = (id == null ? java.util.Optional.<Image>empty() : core.repository().findPendingDelete(id))
                    .orElseThrow(() -> new NotFoundException("no pending_delete image with id "
                            + InputLimits.shown(imageId)));
            try {
                Image active = core.repository().update(img.toBuilder().status(ImageStatus.ACTIVE)
                        .updatedAt(ImageRules.now()).build());
                core.events().publish(ImageEvents.UPDATE, active.id(), ImageEvents.payload(active, false));
                return active;
            } catch (VersionConflictException e) {
                LOG.debug("image {} changed while being restored; retrying", imageId);
            }
        }
        throw new ConflictException("image " + imageId + " keeps changing; restore abandoned");
    }

    void startPeriodic() {
        java.time.Duration interval = core.config().scrubberInterval();
        if (interval.isZero()) {
            return;
        }
        try {
            periodic = core.executor().submit(() -> {
                while (!stopped) {
                    try {
                        Thread.sleep(interval.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (stopped) {
                        return;
                    }
                    try {
                        runOnce();
                    } catch (RuntimeException e) {
                        LOG.warn("scrubber run failed; retrying in {}", interval, e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("cannot start the periodic scrubber", e);
        }
    }

    void stopPeriodic() {
        stopped = true;
        Future<?> f = periodic;
        if (f != null) {
            f.cancel(true);
        }
    }
}
