package dev.imagecatalog.internal;

import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.internal.cas.CompareAndSet;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.spi.TaskRepository;
import dev.imagecatalog.task.Task;
import dev.imagecatalog.task.TaskStatus;
import dev.imagecatalog.task.TaskType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of task records, shared by every caller of one catalog: creates tasks, moves them through Glance's
 * transitions by compare-and-set ({@link CompareAndSet}), records progress, and keeps the running ones' heartbeat
 * (every {@code recovery.intent-heartbeat}, with this catalog's {@code catalog.instance} as their runner). Publishes
 * the {@code task.*} events with Glance's payload ({@link TaskEvents}). Ended tasks get
 * {@code expiresAt = end + tasks.time-to-live} and lose their runner.
 *
 * <p>An illegal transition ({@code start} of a task that is not pending, {@code succeed} of one that is not
 * processing) is a {@link ConflictException}; {@code fail} of an ended task leaves it alone, so when a success and
 * a failure race, exactly one of them ends the task.
 */
final class TaskLedger implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskLedger.class);
    /** The most expired tasks one {@link #deleteExpired()} removes. */
    static final int EXPIRY_BATCH = 100;

    private final TaskRepository repo;
    private final EventBus events;
    private final String instance;
    private final Duration timeToLive;
    private final Clock clock;
    /** The tasks this instance created or started and has not ended: the ones its heartbeat touches. */
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor heartbeat;

    TaskLedger(TaskRepository repo, EventBus events, String instance, Duration timeToLive, Duration heartbeat,
               String threadName) {
        this(repo, events, instance, timeToLive, heartbeat, threadName, Clock.systemUTC());
    }

    /** As the public constructor, reading the time from {@code clock}. */
    TaskLedger(TaskRepository repo, EventBus events, String instance, Duration timeToLive, Duration heartbeat,
               String threadName, Clock clock) {
        this.repo = repo;
        this.events = events;
        this.instance = instance;
        this.timeToLive = timeToLive;
        this.clock = clock;
        ScheduledThreadPoolExecutor ex = WorkerThreads.timer(threadName);
        long period = heartbeat.toMillis();
        ex.scheduleAtFixedRate(this::heartbeat, period, period, TimeUnit.MILLISECONDS);
        this.heartbeat = ex;
    }

    /** {@return the current time as this ledger sees it, to the microsecond (expiry is judged at it)} */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** This catalog's {@code catalog.instance}, the runner of the tasks it starts. */
    String instance() {
        return instance;
    }

    /** A new {@code pending} task of {@code caller}'s project about {@code imageId} (may be null). task.create. */
    Task create(TaskType type, RequestContext caller, String imageId, Map<String, Object> input) {
        return create(type, caller, imageId, input, null);
    }

    /** As {@link #create(TaskType, RequestContext, String, Map)}, recording the request that asked for it. */
    Task create(TaskType type, RequestContext caller, String imageId, Map<String, Object> input, String requestId) {
        Instant now = now();
        Task task = Task.builder().id(UUID.randomUUID().toString()).type(type).status(TaskStatus.PENDING)
                .input(input).owner(caller.projectId()).userId(caller.userId()).imageId(imageId)
                .requestId(requestId).createdAt(now).updatedAt(now).version(1).build();
        repo.create(task);
        running.add(task.id()); // heartbeat from creation: a pending task waiting for a worker is alive
        publish(TaskEvents.CREATE, task);
        return task;
    }

    /**
     * pending -> processing, with this instance as runner and its heartbeat kept from now on. task.run,
     * task.processing.
     *
     * @throws ConflictException if the task is not pending
     * @throws NotFoundException if there is no such task
     */
    Task start(String taskId) {
        running.add(taskId);
        try {
            Task t = transition(taskId, TaskStatus.PROCESSING, "start", (b, now) -> b.runner(instance).heartbeatAt(now));
            publish(TaskEvents.RUN, t);
            publish(TaskEvents.PROCESSING, t);
            return t;
        } catch (RuntimeException e) {
            running.remove(taskId);
            throw e;
        }
    }

    /** Sets a running task's message (an import's progress); ignored once the task has ended or is gone. */
    void progress(String taskId, String message) {
        CompareAndSet.retry(() -> {
            Task t = repo.find(taskId).orElse(null);
            if (t == null || t.status().terminal() || t.message().equals(message)) {
                return false;
            }
            repo.update(t.toBuilder().message(message).updatedAt(now()).build());
            return true;
        });
    }

    /**
     * processing -> success with {@code result}; expires after the time to live. task.success.
     *
     * @throws ConflictException if the task is not processing (it may have been failed meanwhile)
     * @throws NotFoundException if there is no such task
     */
    Task succeed(String taskId, Map<String, Object> result) {
        try {
            Task t = transition(taskId, TaskStatus.SUCCESS, "succeed",
                    (b, now) -> b.result(result).runner(null).expiresAt(now.plus(timeToLive)));
            publish(TaskEvents.SUCCESS, t);
            return t;
        } finally {
            running.remove(taskId);
        }
    }

    /**
     * pending or processing -> failure with {@code message}; a task already ended is left alone and returned as it
     * is. task.failure when this call ended it.
     *
     * @throws NotFoundException if there is no such task
     */
    Task fail(String taskId, String message) {
        try {
            Task[] ended = new Task[1];
            Task t = CompareAndSet.retry(() -> {
                Task current = find(taskId);
                if (current.status().terminal()) {
                    ended[0] = null;
                    return current;
                }
                Instant now = now();
                ended[0] = repo.update(current.toBuilder().status(TaskStatus.FAILURE).message(message).runner(null)
                        .expiresAt(now.plus(timeToLive)).updatedAt(now).build());
                return ended[0];
            }, () -> lostRace(taskId));
            if (ended[0] != null) {
                publish(TaskEvents.FAILURE, t);
            }
            return t;
        } finally {
            running.remove(taskId);
        }
    }

    /** {@return whether the task is still pending or processing (a running import stops when it is not)} */
    boolean unfinished(String taskId) {
        return repo.find(taskId).map(t -> !t.status().terminal()).orElse(false);
    }

    /** {@return the image's tasks that have not expired, oldest first} */
    List<Task> forImage(String imageId) {
        return repo.listForImage(imageId, now());
    }

    /**
     * Deletes up to {@link #EXPIRY_BATCH} tasks whose {@code expiresAt} has passed, with a task.delete event each.
     *
     * @return how many were deleted
     */
    int deleteExpired() {
        Instant now = now();
        List<Task> gone = repo.deleteExpired(now, EXPIRY_BATCH);
        for (Task t : gone) {
            events.publish(TaskEvents.DELETE, t.id(), TaskEvents.payload(t, now));
        }
        return gone.size();
    }

    /** Touches the heartbeat of the tasks this instance runs; a failure is logged and retried next time. */
    void heartbeat() {
        List<String> ids = List.copyOf(running);
        if (ids.isEmpty()) {
            return;
        }
        try {
            repo.touch(ids, now());
        } catch (RuntimeException e) {
            LOG.warn("touching the heartbeat of {} tasks failed; retrying in the next heartbeat", ids.size(), e);
        }
    }

    /** {@return the repository} */
    TaskRepository repository() {
        return repo;
    }

    /** Stops the heartbeat. */
    @Override
    public void close() {
        heartbeat.shutdownNow();
    }

    @FunctionalInterface
    private interface Change {
        Task.Builder apply(Task.Builder b, Instant now);
    }

    private Task transition(String taskId, TaskStatus to, String action, Change change) {
        return CompareAndSet.retry(() -> {
            Task current = find(taskId);
            if (!current.status().canMoveTo(to)) {
                throw new ConflictException("cannot " + action + " task " + taskId + ": it is "
                        + current.status().glanceName());
            }
            Instant now = now();
            return repo.update(change.apply(current.toBuilder().status(to).updatedAt(now), now).build());
        }, () -> lostRace(taskId));
    }

    private Task find(String taskId) {
        return repo.find(taskId).orElseThrow(() -> new NotFoundException("task " + taskId + " not found"));
    }

    private static ConflictException lostRace(String taskId) {
        return new ConflictException("task " + taskId + " is being changed by too many writers; try again");
    }

    private void publish(String type, Task t) {
        events.publish(type, t.id(), TaskEvents.payload(t, null));
    }

    /** {@return whether this instance runs the task (created or started it and has not ended it)} */
    boolean runsHere(String taskId) {
        return running.contains(taskId);
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
        Instant now = now();
        try {
            Task failed = repo.update(seen.toBuilder().status(TaskStatus.FAILURE).message(message).runner(null)
                    .expiresAt(now.plus(timeToLive)).updatedAt(now).build());
            running.remove(seen.id());
            publish(TaskEvents.FAILURE, failed);
            return java.util.Optional.of(failed);
        } catch (dev.imagecatalog.error.VersionConflictException | NotFoundException e) {
            return java.util.Optional.empty();
        }
    }
}
