package dev.imagecatalog.internal;

import dev.imagecatalog.event.CatalogEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** An {@link EventBus} with one listener that keeps every event, for the task tests. */
final class TaskEventRecorder implements AutoCloseable {
    private final List<CatalogEvent> seen = new CopyOnWriteArrayList<>();
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "task-test-events");
        t.setDaemon(true);
        return t;
    });
    final EventBus bus = new EventBus(List.of(seen::add), executor, 1000, Duration.ofSeconds(10));

    /** Every event published so far, in order, once they have all been delivered. */
    List<CatalogEvent> events() throws InterruptedException {
        if (!bus.awaitIdle(Duration.ofSeconds(10))) {
            throw new AssertionError("events not delivered");
        }
        return List.copyOf(seen);
    }

    /** The types of {@link #events()} about {@code subjectId}. */
    List<String> types(String subjectId) throws InterruptedException {
        return events().stream().filter(e -> subjectId.equals(e.subjectId())).map(CatalogEvent::type).toList();
    }

    @Override
    public void close() {
        bus.close();
        executor.shutdownNow();
    }
}
