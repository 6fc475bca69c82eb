package dev.imagecatalog;

import dev.imagecatalog.event.CatalogEvent;
import dev.imagecatalog.event.CatalogEventListener;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Test-only listener registered through META-INF/services: every catalog of the test run loads it, so it records
 * only events of the project {@value #PROJECT}.
 */
public final class RecordingServiceLoaderListener implements CatalogEventListener {
    static final String PROJECT = "service-loader-project";
    static final Queue<CatalogEvent> EVENTS = new ConcurrentLinkedQueue<>();

    @Override
    public void onEvent(CatalogEvent event) {
        if (PROJECT.equals(event.payload().get("owner"))) {
            EVENTS.add(event);
        }
    }
}
