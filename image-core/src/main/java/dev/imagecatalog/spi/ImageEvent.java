package dev.imagecatalog.spi;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One notification, as Glance sends them: an event type ({@code image.create}, {@code image.member.update},
 * {@code metadef_namespace.create}, ...), the id of what it is about (the image id; the namespace for metadef
 * events), when it happened and Glance's payload fields (an unmodifiable map; values are strings, numbers,
 * booleans, lists, maps or null).
 *
 * @param type      the event type
 * @param subjectId the image id (image events) or namespace (metadef events)
 * @param timestamp when the change was made durable
 * @param payload   Glance's payload fields
 */
public record ImageEvent(String type, String subjectId, Instant timestamp, Map<String, Object> payload) {
    public ImageEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timestamp, "timestamp");
        payload = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(payload));
    }
}
