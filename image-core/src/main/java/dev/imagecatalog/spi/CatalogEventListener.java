package dev.imagecatalog.spi;

/**
 * Receives the catalog's notifications (Glance's image.*, image.member.* and metadef_* events). Found with
 * {@link java.util.ServiceLoader} (a public no-argument constructor) or registered with
 * {@code ImageCatalog.Builder.listener(...)}.
 *
 * <p>Events arrive after the change is durable, one at a time, in order per image, on a catalog thread (never the
 * caller's). A listener that throws is logged and counted; one that takes longer than
 * {@code events.listener-timeout} is abandoned for that event (counted) and skipped while still busy, so a listener
 * never fails or stalls an operation. Events that do not fit the bounded queue ({@code events.queue-capacity}) are
 * dropped and counted.
 */
@FunctionalInterface
public interface CatalogEventListener {
    void onEvent(CatalogEvent event);
}
