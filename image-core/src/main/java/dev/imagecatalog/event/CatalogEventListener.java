package dev.imagecatalog.event;

/**
 * Receives the catalog's notifications: image, member and metadef events (see {@link CatalogEventTypes}), each a
 * {@link CatalogEvent}. Found with {@link java.util.ServiceLoader} (a public no-argument constructor, registered in
 * {@code META-INF/services/dev.imagecatalog.event.CatalogEventListener}) or registered with
 * {@code ImageCatalog.Builder.listener(...)}; a {@code MetadefServiceFactory} built by hand takes the same listeners.
 *
 * <p>Through a catalog, events arrive after the change is durable, one at a time, in publication order (so in order
 * per image), on a catalog thread (never the caller's). A listener that throws is logged and counted; one that
 * takes longer than {@code events.listener-timeout} is abandoned for that event (counted) and skipped while still
 * busy, so a listener never fails or stalls an operation. Events that do not fit the bounded queue
 * ({@code events.queue-capacity}) are dropped and counted. A {@code MetadefServiceFactory} built without a catalog
 * calls its listeners on the caller's thread after the change is stored; a listener that throws is logged and does
 * not undo or fail the change.
 */
@FunctionalInterface
public interface CatalogEventListener {
    /**
     * Called once per event.
     *
     * @param event the event
     */
    void onEvent(CatalogEvent event);
}
