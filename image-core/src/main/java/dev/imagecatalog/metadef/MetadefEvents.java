package dev.imagecatalog.metadef;

import dev.imagecatalog.event.CatalogEvent;
import dev.imagecatalog.event.CatalogEventListener;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the {@link CatalogEventListener}s of a stored change: a {@link CatalogEvent} about the namespace, stamped by
 * the service's clock, with Glance's payload fields.
 */
final class MetadefEvents {
    private static final Logger LOG = LoggerFactory.getLogger(MetadefEvents.class);

    private final List<CatalogEventListener> listeners;
    private final Clock clock;

    MetadefEvents(List<CatalogEventListener> listeners, Clock clock) {
        this.listeners = List.copyOf(listeners);
        this.clock = clock;
    }

    /** Calls every listener in turn; one that throws is logged and does not stop the others. */
    void fire(String type, Map<String, Object> payload) {
        Object namespace = payload.get("namespace");
        CatalogEvent event = new CatalogEvent(type, namespace == null ? null : namespace.toString(), clock.instant(),
                payload);
        for (CatalogEventListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("metadef event listener failed on {}: {}", type, e.toString(), e);
            }
        }
    }

    /** {@code namespace} and, unless null, {@code name}; callers may add fields. */
    static Map<String, Object> payload(String namespace, String name) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("namespace", namespace);
        if (name != null) {
            p.put("name", name);
        }
        return p;
    }

    /** A namespace event's payload: name, display name, visibility, protected, owner. */
    static Map<String, Object> namespacePayload(MetadefNamespace ns) {
        Map<String, Object> p = payload(ns.namespace(), null);
        p.put("display_name", ns.displayName());
        p.put("visibility", ns.visibility().jsonValue());
        p.put("protected", ns.isProtected());
        p.put("owner", ns.owner());
        return p;
    }
}
