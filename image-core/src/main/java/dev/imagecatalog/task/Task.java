package dev.imagecatalog.task;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One task, immutable, with Glance's fields plus what crash recovery needs: the catalog instance running it
 * ({@code runner}), when that instance last said it was alive ({@code heartbeatAt}), and a {@code version} for
 * compare-and-set. {@code input} and {@code result} hold JSON values (strings, numbers, booleans, lists, maps, null).
 *
 * @param id          the task's id (a UUID)
 * @param type        its type
 * @param status      its status
 * @param input       what it was asked to do (never null; empty when nothing)
 * @param result      what it produced ({@code {"image_id": ...}} for an import), or null
 * @param message     progress or failure text; "" when none
 * @param owner       the project that owns it (the caller's project), or null
 * @param imageId     the image it works on, or null
 * @param requestId   the request that created it, or null
 * @param userId      the user that created it, or null
 * @param expiresAt   when it is deleted: its end plus {@code tasks.time-to-live}; null while it runs
 * @param createdAt   when it was created
 * @param updatedAt   when it last changed
 * @param runner      the {@code catalog.instance} running it, or null before it starts and after it ends
 * @param heartbeatAt when its runner last said it was alive, or null
 * @param version     the compare-and-set version, changed by every stored update
 */
public record Task(String id, TaskType type, TaskStatus status, Map<String, Object> input,
                   Map<String, Object> result, String message, String owner, String imageId, String requestId,
                   String userId, Instant expiresAt, Instant createdAt, Instant updatedAt, String runner,
                   Instant heartbeatAt, long version) {

    /**
     * Checks and copies the components.
     *
     * @param id the task's id
     * @param type its type
     * @param status its status
     * @param input what it was asked to do
     * @param result what it produced, or null
     * @param message its message
     * @param owner the owning project
     * @param imageId the image's id
     * @param requestId the request's id
     * @param userId the user's id
     * @param expiresAt the expiry
     * @param createdAt the creation time
     * @param updatedAt the last change's time
     * @param runner the running instance
     * @param heartbeatAt the runner's last heartbeat
     * @param version the compare-and-set version
     * @throws NullPointerException if id, type, status, createdAt or updatedAt is null
     */
    public Task {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        input = input == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(input));
        result = result == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(result));
        message = message == null ? "" : message;
    }

    /** {@return a builder with no field set} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding this task's fields} */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds a {@link Task}. */
    public static final class Builder {
        private String id;
        private TaskType type;
        private TaskStatus status = TaskStatus.PENDING;
        private Map<String, Object> input;
        private Map<String, Object> result;
        private String message;
        private String owner;
        private String imageId;
        private String requestId;
        private String userId;
        private Instant expiresAt;
        private Instant createdAt;
        private Instant updatedAt;
        private String runner;
        private Instant heartbeatAt;
        private long version;

        private Builder() {
        }

        private Builder(Task t) {
            id = t.id;
            type = t.type;
            status = t.status;
            input = t.input;
            result = t.result;
            message = t.message;
            owner = t.owner;
            imageId = t.imageId;
            requestId = t.requestId;
            userId = t.userId;
            expiresAt = t.expiresAt;
            createdAt = t.createdAt;
            updatedAt = t.updatedAt;
            runner = t.runner;
            heartbeatAt = t.heartbeatAt;
            version = t.version;
        }

        /**
         * Sets {@code id}.
         *
         * @param v the id
         * @return this
         */
        public Builder id(String v) { id = v; return this; }

        /**
         * Sets {@code type}.
         *
         * @param v the type
         * @return this
         */
        public Builder type(TaskType v) { type = v; return this; }

        /**
         * Sets {@code status}.
         *
         * @param v the status
         * @return this
         */
        public Builder status(TaskStatus v) { status = v; return this; }

        /**
         * Sets {@code input}.
         *
         * @param v the input
         * @return this
         */
        public Builder input(Map<String, Object> v) { input = v; return this; }

        /**
         * Sets {@code result}.
         *
         * @param v the result, or null
         * @return this
         */
        public Builder result(Map<String, Object> v) { result = v; return this; }

        /**
         * Sets {@code message}.
         *
         * @param v the message
         * @return this
         */
        public Builder message(String v) { message = v; return this; }

        /**
         * Sets {@code owner}.
         *
         * @param v the owning project
         * @return this
         */
        public Builder owner(String v) { owner = v; return this; }

        /**
         * Sets {@code imageId}.
         *
         * @param v the image's id
         * @return this
         */
        public Builder imageId(String v) { imageId = v; return this; }

        /**
         * Sets {@code requestId}.
         *
         * @param v the request id
         * @return this
         */
        public Builder requestId(String v) { requestId = v; return this; }

        /**
         * Sets {@code userId}.
         *
         * @param v the user id
         * @return this
         */
        public Builder userId(String v) { userId = v; return this; }

        /**
         * Sets {@code expiresAt}.
         *
         * @param v the expiry, or null
         * @return this
         */
        public Builder expiresAt(Instant v) { expiresAt = v; return this; }

        /**
         * Sets {@code createdAt}.
         *
         * @param v the creation time
         * @return this
         */
        public Builder createdAt(Instant v) { createdAt = v; return this; }

        /**
         * Sets {@code updatedAt}.
         *
         * @param v the last change's time
         * @return this
         */
        public Builder updatedAt(Instant v) { updatedAt = v; return this; }

        /**
         * Sets {@code runner}.
         *
         * @param v the running instance, or null
         * @return this
         */
        public Builder runner(String v) { runner = v; return this; }

        /**
         * Sets {@code heartbeatAt}.
         *
         * @param v the runner's last heartbeat, or null
         * @return this
         */
        public Builder heartbeatAt(Instant v) { heartbeatAt = v; return this; }

        /**
         * Sets {@code version}.
         *
         * @param v the compare-and-set version
         * @return this
         */
        public Builder version(long v) { version = v; return this; }

        /**
         * {@return the task}
         *
         * @throws NullPointerException if a required field is missing
         */
        public Task build() {
            return new Task(id, type, status, input, result, message, owner, imageId, requestId, userId, expiresAt,
                    createdAt, updatedAt, runner, heartbeatAt, version);
        }
    }
}
