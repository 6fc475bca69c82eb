package dev.imagecatalog.event;

/**
 * Counts of event deliveries to a catalog's {@link dev.imagecatalog.event.CatalogEventListener}s since the catalog was
 * built ({@link dev.imagecatalog.ImageCatalog#eventStats()}).
 *
 * @param published events handed to the queue
 * @param delivered listener calls that returned normally
 * @param failed    listener calls that threw (logged)
 * @param timedOut  listener calls abandoned after {@code events.listener-timeout}
 * @param skipped   listener calls not made because the listener was still busy (hung) with an earlier event
 * @param dropped   events not queued because the queue ({@code events.queue-capacity}) was full
 * @param queued    events waiting now
 */
public record EventStats(long published, long delivered, long failed, long timedOut, long skipped, long dropped,
                         long queued) {
}
