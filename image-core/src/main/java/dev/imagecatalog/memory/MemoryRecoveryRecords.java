package dev.imagecatalog.memory;

import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.spi.MetadataRepository;
import dev.imagecatalog.spi.WriteIntent;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The catalog id and the write intents of {@link MemoryMetadataRepository}, which extends this class: the id in an
 * atomic reference (the first proposal wins), the intents in a concurrent map by id.
 */
abstract class MemoryRecoveryRecords implements MetadataRepository {
    private static final Comparator<WriteIntent> OLDEST_FIRST =
            Comparator.comparing(WriteIntent::startedAt).thenComparing(WriteIntent::id);

    private final AtomicReference<String> catalogId = new AtomicReference<>();
    private final ConcurrentHashMap<String, WriteIntent> intents = new ConcurrentHashMap<>();

    @Override
    public String catalogId(String proposed) {
        Objects.requireNonNull(proposed, "proposed");
        catalogId.compareAndSet(null, proposed);
        return catalogId.get();
    }

    @Override
    public void recordWriteIntent(WriteIntent intent) {
        Objects.requireNonNull(intent, "intent");
        if (intents.putIfAbsent(intent.id(), intent) != null) {
            throw new ConflictException("a write intent with id " + intent.id() + " already exists");
        }
    }

    @Override
    public void touchWriteIntents(Collection<String> ids, Instant at) {
        Objects.requireNonNull(at, "at");
        for (String id : ids) {
            intents.computeIfPresent(id, (k, i) -> new WriteIntent(i.id(), i.imageId(), i.storeId(), i.instance(),
                    i.startedAt(), at));
        }
    }

    @Override
    public boolean removeWriteIntent(String id) {
        return intents.remove(id) != null;
    }

    @Override
    public List<WriteIntent> writeIntents() {
        return intents.values().stream().sorted(OLDEST_FIRST).toList();
    }

    /** True: the records live in this catalog's heap and no one else's. */
    @Override
    public boolean exclusiveToThisProcess() {
        return true;
    }
}
