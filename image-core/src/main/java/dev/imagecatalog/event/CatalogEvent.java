package dev.imagecatalog.event;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One notification of the catalog, as Glance sends them: an event type ({@code image.create},
 * {@code image.member.update}, {@code metadef_namespace.create}, ...: see {@link CatalogEventTypes}), the id of what
 * it is about, when it happened, Glance's payload fields (an unmodifiable map; values are strings, numbers,
 * booleans, lists, maps or null) and its priority. Image, member and metadef events, and the events of any later
 * kind of resource, all have this one shape.
 *
 * @param type      the event type, {@code <resource>.<action>}
 * @param subjectId the id of what the event is about: the image id (image and member events), the namespace
 *                  (metadef events; null for a resource type created on its own)
 * @param timestamp when the change was made durable (for an error: when the operation failed)
 * @param payload   Glance's payload fields; for an {@link Priority#ERROR} event {@code id} and {@code message}
 * @param priority  {@link Priority#INFO} for a change; {@link Priority#ERROR} for a failed operation that Glance
 *                  reports with an error notification ({@code image.upload} when an upload fails)
 */
public record CatalogEvent(String type, String subjectId, Instant timestamp, Map<String, Object> payload,
                         Priority priority) {
    /** Glance's notification priorities that the catalog sends. */
    public enum Priority {
        /** A change was made. */
        INFO,
        /** An operation failed (Glance's {@code notifier.error}); nothing was changed. */
        ERROR
    }

    /**
     * An event; the payload is copied.
     *
     * @param type      the event type
     * @param subjectId the id of what the event is about
     * @param timestamp when the change was made durable
     * @param payload   Glance's payload fields
     * @param priority  INFO or ERROR
     * @throws NullPointerException if {@code type}, {@code timestamp}, {@code payload} or {@code priority} is null
     */
    public CatalogEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(priority, "priority");
        payload = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(payload));
    }

    /**
     * An {@link Priority#INFO} event.
     *
     * @param type      the event type
     * @param subjectId the id of what the event is about
     * @param timestamp when the change was made durable
     * @param payload   Glance's payload fields (copied)
     */
    public CatalogEvent(String type, String subjectId, Instant timestamp, Map<String, Object> payload) {
        this(type, subjectId, timestamp, payload, Priority.INFO);
    }
}
