package dev.imagecatalog.internal;

import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.spi.TaskRepository;
import dev.imagecatalog.task.Task;
import dev.imagecatalog.task.TaskType;
import java.util.List;
import java.util.Map;

/**
 * The life of task records, shared by every caller of one catalog: creates tasks, moves them through Glance's
 * transitions by compare-and-set, records progress, and keeps the running ones' heartbeat (every
 * {@code recovery.intent-heartbeat}, with this catalog's {@code catalog.instance} as their runner). Publishes the
 * {@code task.*} events. Ended tasks get {@code expiresAt = now + tasks.time-to-live}.
 */
final class TaskLedger implements AutoCloseable {
    private final TaskRepository repo;

    TaskLedger(TaskRepository repo, EventBus events, String instance, java.time.Duration timeToLive,
               java.time.Duration heartbeat, String threadName) {
        this.repo = repo;
    }

    /** A new {@code pending} task of {@code caller}'s project about {@code imageId} (may be null). task.create. */
    Task create(TaskType type, RequestContext caller, String imageId, Map<String, Object> input) {
        throw new UnsupportedOperationException("TaskLedger.create");
    }

    /** pending -> processing, with this instance as runner and its heartbeat kept from now on. task.run, task.processing. */
    Task start(String taskId) {
        throw new UnsupportedOperationException("TaskLedger.start");
    }

    /** Sets a running task's message (an import's progress); ignored once the task has ended. */
    void progress(String taskId, String message) {
        throw new UnsupportedOperationException("TaskLedger.progress");
    }

    /** processing -> success with {@code result}; expires after the time to live. task.success. */
    Task succeed(String taskId, Map<String, Object> result) {
        throw new UnsupportedOperationException("TaskLedger.succeed");
    }

    /** pending or processing -> failure with {@code message}; a task already ended is left alone. task.failure. */
    Task fail(String taskId, String message) {
        throw new UnsupportedOperationException("TaskLedger.fail");
    }

    /** {@return whether the task is still pending or processing (a running import stops when it is not)} */
    boolean unfinished(String taskId) {
        return repo.find(taskId).map(t -> !t.status().terminal()).orElse(false);
    }

    /** {@return the image's tasks that have not expired, oldest first} */
    List<Task> forImage(String imageId) {
        throw new UnsupportedOperationException("TaskLedger.forImage");
    }

    /** {@return the repository} */
    TaskRepository repository() {
        return repo;
    }

    /** {@return whether this instance runs the task now (its heartbeat is kept here)} */
    boolean runsHere(String taskId) {
        return false;
    }

    /**
     * Fails {@code seen} with {@code message} if it is stored unchanged (same version) and has not ended: the
     * compare-and-set by which one of several instances ends a task whose runner died. task.failure.
     *
     * @return the failed task, or empty if the task changed, ended or is gone meanwhile
     */
    java.util.Optional<Task> failIfUnchanged(Task seen, String message) {
        if (seen.status().terminal()) {
            return java.util.Optional.empty();
        }
        java.time.Instant now = java.time.Instant.now();
        try {
            return java.util.Optional.of(repo.update(seen.toBuilder().status(dev.imagecatalog.task.TaskStatus.FAILURE)
                    .message(message).runner(null).expiresAt(now.plus(java.time.Duration.ofHours(48))).updatedAt(now)
                    .build()));
        } catch (dev.imagecatalog.error.VersionConflictException | dev.imagecatalog.error.NotFoundException e) {
            return java.util.Optional.empty();
        }
    }

    /** Stops the heartbeat. */
    @Override
    public void close() {
    }
}
