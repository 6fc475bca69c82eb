package dev.imagecatalog.internal;

import dev.imagecatalog.event.CatalogEvent;
import dev.imagecatalog.event.CatalogEventListener;
import dev.imagecatalog.event.EventStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to the listeners: a bounded queue drained by one dispatcher task on the catalog's executor (so
 * events keep their order, per image and overall); each listener call runs as its own task, awaited at most
 * {@code timeout}. A listener still busy with an earlier event is skipped. Publishing never blocks: a full queue
 * drops the event. Everything is counted.
 */
final class EventBus implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

    private final class Slot {
        final CatalogEventListener listener;
        Future<?> running;

        Slot(CatalogEventListener listener) {
            this.listener = listener;
        }
    }

    private final List<Slot> slots = new ArrayList<>();
    private final ArrayBlockingQueue<CatalogEvent> queue;
    private final ExecutorService executor;
    private final long timeoutNanos;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean closed;
    private final Object idle = new Object();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile Future<?> dispatcher;

    EventBus(List<CatalogEventListener> listeners, ExecutorService executor, int capacity, Duration timeout) {
        for (CatalogEventListener l : listeners) {
            slots.add(new Slot(l));
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.executor = executor;
        this.timeoutNanos = timeout.toNanos();
    }

    boolean hasListeners() {
        return !slots.isEmpty();
    }

    void publish(String type, String subjectId, Map<String, Object> payload) {
        publish(type, subjectId, payload, CatalogEvent.Priority.INFO);
    }

    /** An {@link CatalogEvent.Priority#ERROR} event: {@code type} failed for {@code subjectId} with {@code message}. */
    void publishError(String type, String subjectId, String message) {
        Map<String, Object> payload = new java.util.LinkedHashMap<>();
        payload.put("id", subjectId);
        payload.put("message", message);
        publish(type, subjectId, payload, CatalogEvent.Priority.ERROR);
    }

    private void publish(String type, String subjectId, Map<String, Object> payload, CatalogEvent.Priority priority) {
        if (slots.isEmpty() || closed) {
            return;
        }
        publish(new CatalogEvent(type, subjectId, ImageRules.now(), payload, priority));
    }

    /** Queues an event made elsewhere (the metadef service's), keeping its timestamp. */
    void publish(CatalogEvent event) {
        if (slots.isEmpty() || closed) {
            return;
        }
        published.incrementAndGet();
        if (!queue.offer(event)) {
            dropped.incrementAndGet();
            processed.incrementAndGet();
            LOG.warn("event queue full: dropped {} for {}", event.type(), event.subjectId());
            return;
        }
        if (started.compareAndSet(false, true)) {
            try {
                dispatcher = executor.submit(this::dispatch);
            } catch (RejectedExecutionException e) {
                LOG.warn("cannot start the event dispatcher: the catalog is closing");
            }
        }
    }

    private void dispatch() {
        try {
            while (!closed || !queue.isEmpty()) {
                CatalogEvent e = queue.poll(100, TimeUnit.MILLISECONDS);
                if (e == null) {
                    continue;
                }
                try {
                    deliver(e);
                } finally {
                    processed.incrementAndGet();
                    synchronized (idle) {
                        idle.notifyAll();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliver(CatalogEvent e) throws InterruptedException {
        for (Slot s : slots) {
            if (s.running != null && !s.running.isDone()) {
                skipped.incrementAndGet();
                LOG.warn("listener {} is still busy with an earlier event; {} for {} skipped", s.listener, e.type(),
                        e.subjectId());
                continue;
            }
            Future<?> f;
            try {
                f = executor.submit(() -> s.listener.onEvent(e));
            } catch (RejectedExecutionException ex) {
                skipped.incrementAndGet();
                continue;
            }
            s.running = f;
            try {
                f.get(timeoutNanos, TimeUnit.NANOSECONDS);
                delivered.incrementAndGet();
            } catch (ExecutionException ex) {
                failed.incrementAndGet();
                LOG.warn("listener {} failed on {} for {}", s.listener, e.type(), e.subjectId(), ex.getCause());
            } catch (TimeoutException ex) {
                timedOut.incrementAndGet();
                f.cancel(true);
                LOG.warn("listener {} took longer than {} ms on {} for {}; abandoned", s.listener,
                        TimeUnit.NANOSECONDS.toMillis(timeoutNanos), e.type(), e.subjectId());
            }
        }
    }

    /** Waits until every event published so far has been handled; false on timeout. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long target = published.get();
        synchronized (idle) {
            while (processed.get() < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
        }
        return true;
    }

    EventStats stats() {
        return new EventStats(published.get(), delivered.get(), failed.get(), timedOut.get(),
                skipped.get(), dropped.get(), queue.size());
    }

    /** Stops accepting events; gives the queue up to two seconds to drain. */
    @Override
    public void close() {
        try {
            awaitIdle(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closed = true;
        Future<?> d = dispatcher;
        if (d != null) {
            d.cancel(true);
        }
    }
}
