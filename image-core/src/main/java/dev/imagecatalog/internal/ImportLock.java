package dev.imagecatalog.internal;

import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.internal.cas.CompareAndSet;
import dev.imagecatalog.spi.MetadataRepository;
import dev.imagecatalog.task.Task;
import dev.imagecatalog.task.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An image's import lock, Glance's {@code os_glance_import_task=<task id>} property, and the other reserved
 * properties an import keeps on its image ({@code os_glance_importing_to_stores}, {@code os_glance_failed_import}).
 * The lock is taken by compare-and-set with the image's other changes; a lock is stale, and broken, when its task
 * is missing, has ended, or was last updated more than 60 minutes ago (120 while still pending); the broken task
 * is failed with "Expired lock preempted".
 */
final class ImportLock {
    private static final Logger LOG = LoggerFactory.getLogger(ImportLock.class);
    static final String TASK = "os_glance_import_task";
    static final String IMPORTING_TO = "os_glance_importing_to_stores";
    static final String FAILED = "os_glance_failed_import";
    static final String PREEMPTED = "Expired lock preempted";
    static final Duration MAX_AGE = Duration.ofMinutes(60);
    static final Duration MAX_AGE_PENDING = Duration.ofMinutes(120);

    private final TaskLedger tasks;
    private final MetadataRepository repo;

    ImportLock(TaskLedger tasks, MetadataRepository repo) {
        this.tasks = tasks;
        this.repo = repo;
    }

    /**
     * The task holding {@code image}'s lock if that lock is stale (to break), else null when the image is not
     * locked.
     *
     * @throws ConflictException if a live import holds the lock
     */
    String breakable(Image image) {
        String holder = image.properties().get(TASK);
        if (holder == null || holder.isEmpty()) {
            return null;
        }
        Optional<Task> task = tasks.repository().find(holder);
        if (task.isEmpty() || stale(task.get(), Instant.now())) {
            return holder;
        }
        throw new ConflictException("image " + image.id() + " is being imported by task " + holder
                + " (os_glance_import_task); try again when it has ended");
    }

    private static boolean stale(Task t, Instant now) {
        if (t.status().terminal()) {
            return true;
        }
        Duration max = t.status() == TaskStatus.PENDING ? MAX_AGE_PENDING : MAX_AGE;
        return t.updatedAt().plus(max).isBefore(now);
    }

    /**
     * Checks, inside the compare-and-set that takes it, that {@code current}'s lock is free or still held by the
     * stale task {@code breaking} seen before.
     */
    static void checkStillFree(Image current, String breaking) {
        String holder = current.properties().get(TASK);
        if (holder != null && !holder.isEmpty() && !holder.equals(breaking)) {
            throw new ConflictException("image " + current.id() + " is being imported by task " + holder
                    + " (os_glance_import_task); try again when it has ended");
        }
    }

    /** Fails the task whose stale lock was just broken. */
    void preempted(String taskId) {
        if (taskId == null) {
            return;
        }
        try {
            tasks.fail(taskId, PREEMPTED);
        } catch (RuntimeException e) {
            LOG.warn("failing task {} whose import lock was broken failed", taskId, e);
        }
    }

    /** {@return whether {@code image} is locked by {@code taskId}} */
    static boolean heldBy(Image image, String taskId) {
        return taskId.equals(image.properties().get(TASK));
    }

    /** The builder change releasing the lock and the stores still to import. */
    static Image.Builder release(Image.Builder b) {
        return b.removeProperty(TASK).removeProperty(IMPORTING_TO);
    }

    /**
     * Releases {@code imageId}'s lock if {@code taskId} still holds it, applying {@code also}; never throws (a lock
     * left behind is stale once its task has ended).
     */
    void release(String imageId, String taskId, UnaryOperator<Image.Builder> also) {
        try {
            CompareAndSet.retry(() -> {
                Image current = repo.find(imageId).orElse(null);
                if (current == null || !heldBy(current, taskId)) {
                    return true;
                }
                repo.update(also.apply(release(current.toBuilder())).updatedAt(ImageRules.now()).build());
                return true;
            });
        } catch (RuntimeException e) {
            LOG.warn("releasing the import lock of image {} (task {}) failed; it is stale once the task ended",
                    imageId, taskId, e);
        }
    }
}
