package dev.imagecatalog.spi;

import dev.imagecatalog.task.Task;
import dev.imagecatalog.task.TaskQuery;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where a metadata back-end keeps tasks ({@link MetadataRepository#tasks()}). Core decides every rule (who sees
 * what, the status transitions, expiry); the repository stores, finds and lists. Conflicts follow the metadata SPI's
 * one convention: a lost compare-and-set is {@link dev.imagecatalog.error.VersionConflictException}, a missing task
 * {@link dev.imagecatalog.error.NotFoundException}.
 */
public interface TaskRepository {

    /**
     * Stores a new task as given (its version is the one it carries).
     *
     * @param task the task
     * @throws dev.imagecatalog.error.ConflictException if a task with its id exists
     */
    void create(Task task);

    /**
     * A task by id, expired or not.
     *
     * @param id the task's id
     * @return the task, or empty
     */
    Optional<Task> find(String id);

    /**
     * Replaces a task if its stored version still equals {@code task.version()}; the stored task gets a new version.
     * {@code heartbeatAt} is stored as the later of the stored and the given value, so a heartbeat is never undone.
     *
     * @param task the task with its changes, carrying the version it was read with
     * @return the stored task with its new version
     * @throws dev.imagecatalog.error.VersionConflictException if the stored version differs
     * @throws dev.imagecatalog.error.NotFoundException if there is no such task
     */
    Task update(Task task);

    /**
     * One page of tasks: those matching the query's filters, of {@code owner} (null: every owner), not expired at
     * {@code now} (a null {@code expiresAt} never expires), ordered by the query's sort key and direction, then by
     * {@code created_at} and {@code id} in the same direction, after the marker's task.
     *
     * @param query filters, sort, limit and marker
     * @param owner the owning project to restrict to, or null for all
     * @param now   the time expiry is judged at
     * @return up to {@code query.limit()} tasks
     * @throws dev.imagecatalog.error.NotFoundException if the marker names no task of this listing
     */
    List<Task> list(TaskQuery query, String owner, Instant now);

    /**
     * An image's tasks not expired at {@code now}, oldest first ({@code created_at}, then {@code id}).
     *
     * @param imageId the image's id
     * @param now     the time expiry is judged at
     * @return the tasks
     */
    List<Task> listForImage(String imageId, Instant now);

    /**
     * The tasks that have not ended ({@code pending} or {@code processing}), for crash recovery.
     *
     * @return the tasks
     */
    List<Task> listUnfinished();

    /**
     * Sets {@code heartbeatAt} of the given tasks to {@code at} without changing their version (a runner's
     * heartbeat must not make its own compare-and-set fail). Unknown ids are ignored.
     *
     * @param ids the tasks' ids
     * @param at  the heartbeat time
     */
    void touch(Collection<String> ids, Instant at);

    /**
     * Deletes the tasks expired at {@code now} ({@code expiresAt} not after it), at most {@code batchSize} of them.
     * When several callers delete at once, each task is returned by the one whose delete removed it.
     *
     * @param now       the time expiry is judged at
     * @param batchSize the most to delete
     * @return the deleted tasks, as they were stored
     */
    List<Task> deleteExpired(Instant now, int batchSize);
}
