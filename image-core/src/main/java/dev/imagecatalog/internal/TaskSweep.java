package dev.imagecatalog.internal;

import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.internal.cas.CompareAndSet;
import dev.imagecatalog.spi.MetadataRepository;
import dev.imagecatalog.spi.WriteIntent;
import dev.imagecatalog.task.Task;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the imports and stages whose worker died, and removes staging files nobody will use. Run by {@link Recovery}
 * at start-up, on demand and every {@code recovery.intent-heartbeat}; one run at a time per catalog.
 *
 * <ol>
 *   <li>An unfinished task (pending or processing) whose runner is dead as {@link Liveness} judges it (the rule of
 *       the write intents; a task's last sign of life is its heartbeat, or its last change while it has none) is
 *       failed with the message {@value #INTERRUPTED} by compare-and-set against the version this run read: of
 *       several instances noticing it, one ends it and the others find it changed and leave it. The one that ended
 *       it then releases the image: if the image's {@code os_glance_import_task} ({@link ImportLock}) still names the task, the lock and
 *       {@code os_glance_importing_to_stores} are removed and an {@code importing} or {@code uploading} image goes back to
 *       {@code queued} with its data fields cleared (a copy-image's {@code active} image stays active), and the
 *       image's staging files are removed. Bytes the import left in stores are the store sweep's: they are covered
 *       by the import's write intents, which died with it.</li>
 *   <li>A stage whose writer died (a dead write intent on the staging area, {@link StagingArea#STORE_ID}) that never
 *       published its staged file: its {@code uploading} image, if no import holds it, goes back to {@code queued}
 *       and its staging files are removed; the intent is removed either way.</li>
 *   <li>At start-up only: staging files of an image that does not exist, is deleted, or is neither
 *       {@code uploading} (staged) nor held by an unfinished task are removed.</li>
 * </ol>
 * A dry run reads the same way and changes nothing.
 */
final class TaskSweep {
    private static final Logger LOG = LoggerFactory.getLogger(TaskSweep.class);
    /** The message of a task failed because its runner died. */
    static final String INTERRUPTED = "interrupted";
    private static final String LOCK = ImportLock.TASK;
    private static final String IMPORTING_TO = ImportLock.IMPORTING_TO;

    private final MetadataRepository repository;
    private final TaskLedger ledger;
    private final StagingArea staging;
    private final WriteIntents intents;
    private final Duration grace;
    private final Object lock = new Object();
    private boolean swept;

    /**
     * What one run did (or, dry, would do).
     *
     * @param interruptedTasks the tasks failed as interrupted
     * @param resetImages      the images returned to {@code queued}
     * @param stagingRemoved   the images whose staging files were removed
     */
    record Outcome(List<String> interruptedTasks, List<String> resetImages, List<String> stagingRemoved) {
    }

    TaskSweep(MetadataRepository repository, TaskLedger ledger, StagingArea staging, WriteIntents intents,
              Duration grace) {
        this.repository = repository;
        this.ledger = ledger;
        this.staging = staging;
        this.intents = intents;
        this.grace = grace;
    }

    /** Runs the sweep; with {@code dryRun} only reports what it would do. */
    Outcome run(boolean dryRun) {
        synchronized (lock) {
            boolean startUp = !swept;
            Liveness liveness = new Liveness(intents.instance(), grace, Instant.now(), startUp,
                    repository.exclusiveToThisProcess());
            Outcome out = new Outcome(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            Set<String> ended = new HashSet<>();
            for (Task t : ledger.repository().listUnfinished()) {
                Instant lastSign = t.heartbeatAt() != null ? t.heartbeatAt() : t.updatedAt();
                if (!liveness.live(ledger.runsHere(t.id()), t.runner(), lastSign) && interrupt(t, dryRun, out)) {
                    ended.add(t.id());
                }
            }
            for (WriteIntent i : repository.writeIntents()) {
                if (i.storeId().equals(StagingArea.STORE_ID)
                        && !liveness.live(intents.inFlight(i.id()), i.instance(), i.touchedAt())) {
                    unstage(i, dryRun, out);
                }
            }
            if (startUp) {
                for (String imageId : staging.list()) {
                    if (!out.stagingRemoved().contains(imageId) && !staged(imageId, ended)) {
                        if (!dryRun) {
                            staging.delete(imageId);
                        }
                        out.stagingRemoved().add(imageId);
                    }
                }
            }
            if (!dryRun) {
                swept = true;
                if (!out.interruptedTasks().isEmpty() || !out.stagingRemoved().isEmpty()) {
                    LOG.info("task sweep: {} tasks interrupted, {} images reset to queued, staging of {} images "
                            + "removed", out.interruptedTasks().size(), out.resetImages().size(),
                            out.stagingRemoved().size());
                }
            }
            return out;
        }
    }

    /** Fails a dead runner's task and releases its image; false if another instance ended or changed it first. */
    private boolean interrupt(Task t, boolean dryRun, Outcome out) {
        if (dryRun) {
            out.interruptedTasks().add(t.id());
            Image img = t.imageId() == null ? null : repository.find(t.imageId()).orElse(null);
            if (img != null && t.id().equals(img.properties().get(LOCK))) {
                if (resets(img)) {
                    out.resetImages().add(img.id());
                }
                out.stagingRemoved().add(img.id());
            }
            return true;
        }
        Optional<Task> failed;
        try {
            failed = ledger.failIfUnchanged(t, INTERRUPTED);
        } catch (RuntimeException e) {
            LOG.warn("task sweep: failing the interrupted task {} failed; the next sweep retries", t.id(), e);
            return false;
        }
        if (failed.isEmpty()) {
            return false;
        }
        out.interruptedTasks().add(t.id());
        LOG.warn("task {} of image {} was interrupted: its runner '{}' stopped", t.id(), t.imageId(), t.runner());
        if (t.imageId() != null) {
            release(t.imageId(), img -> t.id().equals(img.properties().get(LOCK)), out);
        }
        return true;
    }

    /** A dead stage: the intent's image back to queued unless its stage was published or an import holds it. */
    private void unstage(WriteIntent i, boolean dryRun, Outcome out) {
        String imageId = i.imageId();
        if (!staging.has(imageId)) {
            if (dryRun) {
                repository.find(imageId).filter(img -> img.status() == ImageStatus.UPLOADING
                        && !img.properties().containsKey(LOCK)).ifPresent(img -> {
                            out.resetImages().add(imageId);
                            out.stagingRemoved().add(imageId);
                        });
            } else {
                release(imageId, img -> img.status() == ImageStatus.UPLOADING && !img.properties().containsKey(LOCK),
                        out);
            }
        }
        if (!dryRun) {
            try {
                repository.removeWriteIntent(i.id());
            } catch (RuntimeException e) {
                LOG.warn("task sweep: removing the dead stage intent {} of image {} failed; the next sweep retries",
                        i.id(), imageId, e);
            }
        }
    }

    /**
     * If the image is gone, deleted or {@code held}: lock and importing stores removed, back to queued when
     * importing or uploading (by compare-and-set), then its staging files removed.
     */
    private void release(String imageId, Predicate<Image> held, Outcome out) {
        Optional<Release> released;
        try {
            released = CompareAndSet.retry(() -> {
                Image img = repository.find(imageId).orElse(null);
                if (img == null || img.status() == ImageStatus.DELETED) {
                    return Release.GONE;
                }
                if (!held.test(img)) {
                    return Release.NOT_HELD;
                }
                Map<String, String> props = new HashMap<>(img.properties());
                props.remove(LOCK);
                props.remove(IMPORTING_TO);
                Image.Builder b = img.toBuilder().properties(props).updatedAt(ImageRules.now());
                boolean reset = resets(img);
                if (reset) {
                    b.status(ImageStatus.QUEUED).clearData();
                }
                repository.update(b.build());
                return reset ? Release.RESET : Release.RELEASED;
            });
        } catch (RuntimeException e) {
            LOG.warn("task sweep: releasing image {} failed; an import finds its lock stale", imageId, e);
            return;
        }
        Release r = released.orElse(Release.NOT_HELD);
        if (r == Release.RESET) {
            out.resetImages().add(imageId);
        }
        if (r != Release.NOT_HELD) {
            staging.delete(imageId);
            out.stagingRemoved().add(imageId);
        }
    }

    /** What {@link #release} found. */
    private enum Release { GONE, NOT_HELD, RELEASED, RESET }

    private static boolean resets(Image img) {
        return img.status() == ImageStatus.IMPORTING || img.status() == ImageStatus.UPLOADING;
    }

    /** Whether the image's staging files are still wanted: it is staged, or an unfinished task holds it. */
    private boolean staged(String imageId, Set<String> ended) {
        Image img = repository.find(imageId).orElse(null);
        if (img == null || img.status() == ImageStatus.DELETED) {
            return false;
        }
        if (img.status() == ImageStatus.UPLOADING) {
            return true;
        }
        String task = img.properties().get(LOCK);
        return task != null && !ended.contains(task) && ledger.unfinished(task);
    }
}
