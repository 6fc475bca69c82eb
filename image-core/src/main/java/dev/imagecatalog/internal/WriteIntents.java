package dev.imagecatalog.internal;

import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.spi.MetadataRepository;
import dev.imagecatalog.spi.WriteIntent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This catalog's writes in flight, as {@link WriteIntent}s in the metadata back-end: recorded before the first byte
 * goes to a store, touched every {@code recovery.intent-heartbeat} on a thread of their own while the write lasts,
 * removed when the writer is done with its bytes (activated, or aborted/deleted). Any instance's sweep reads them
 * to leave alone what is being written (see {@link StoreSweep}).
 */
final class WriteIntents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WriteIntents.class);

    private final MetadataRepository repository;
    private final String instance;
    private final Duration grace;
    /** Intent id -> the write holding it; an intent is tracked before it is recorded and until it is removed. */
    private final Map<String, Intent> inFlight = new ConcurrentHashMap<>();
    private final ScheduledExecutorService heartbeat;

    WriteIntents(MetadataRepository repository, RecoveryConfig config, String threadName) {
        this.repository = repository;
        this.instance = config.instance();
        this.grace = config.orphanGrace();
        ScheduledThreadPoolExecutor ex = WorkerThreads.timer(threadName);
        long period = config.intentHeartbeat().toMillis();
        ex.scheduleAtFixedRate(this::touchAll, period, period, TimeUnit.MILLISECONDS);
        this.heartbeat = ex;
    }

    /** This catalog's {@code catalog.instance}. */
    String instance() {
        return instance;
    }

    /** True while this catalog is writing under the intent {@code id}. */
    boolean inFlight(String id) {
        return inFlight.containsKey(id);
    }

    /**
     * Records that this catalog is about to write the bytes of {@code imageId} to {@code storeId}. A failure to
     * record is a {@link BackendUnavailableException}: nothing may be written without an intent.
     */
    Intent begin(String imageId, String storeId) {
        Instant now = Instant.now();
        Intent intent = new Intent(new WriteIntent(UUID.randomUUID().toString(), imageId, storeId, instance, now, now));
        inFlight.put(intent.record.id(), intent);
        try {
            repository.recordWriteIntent(intent.record);
        } catch (RuntimeException e) {
            inFlight.remove(intent.record.id());
            throw new BackendUnavailableException("cannot upload image " + imageId + ": recording the write in the "
                    + "metadata back-end failed: " + e.getMessage(), e);
        }
        return intent;
    }

    private void touchAll() {
        List<String> ids = List.copyOf(inFlight.keySet());
        if (ids.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        try {
            repository.touchWriteIntents(ids, now);
            for (String id : ids) {
                Intent i = inFlight.get(id);
                if (i != null) {
                    i.confirmedAt = now;
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("touching {} write intents failed; retrying in the next heartbeat", ids.size(), e);
        }
    }

    /** Stops the heartbeat (the intents still recorded go stale and are swept). */
    @Override
    public void close() {
        heartbeat.shutdownNow();
    }

    /** One write in flight. Close it when the writer is done with its bytes. */
    final class Intent implements AutoCloseable {
        private final WriteIntent record;
        /** When the back-end last confirmed the intent (recorded or touched). */
        private volatile Instant confirmedAt;
        private volatile boolean abandoned;

        private Intent(WriteIntent record) {
            this.record = record;
            this.confirmedAt = record.startedAt();
        }

        /**
         * Fails with {@link BackendUnavailableException} unless the back-end confirmed the intent within half the
         * orphan grace: a write whose intent may have gone stale (a sweep elsewhere may have removed its bytes)
         * must not be activated.
         */
        void ensureAlive() {
            Instant confirmed = confirmedAt;
            if (confirmed.plus(grace.dividedBy(2)).isBefore(Instant.now())) {
                throw new BackendUnavailableException("the write of image " + record.imageId() + " could not be kept "
                        + "alive in the metadata back-end since " + confirmed + "; the upload is abandoned");
            }
        }

        /**
         * Stops touching the intent but leaves it recorded: the write left something only the recovery sweep can
         * finish (a pending or deleting location), which it does once the intent is stale. {@link #close()} then
         * does nothing.
         */
        void abandon() {
            abandoned = true;
            inFlight.remove(record.id());
        }

        /** Removes the intent and stops touching it; a failure is logged (the stale intent is swept later). */
        @Override
        public void close() {
            if (abandoned) {
                return;
            }
            try {
                repository.removeWriteIntent(record.id());
            } catch (RuntimeException e) {
                LOG.warn("removing the write intent {} of image {} failed; a sweep removes it once it is stale",
                        record.id(), record.imageId(), e);
            } finally {
                inFlight.remove(record.id());
            }
        }
    }
}
