package dev.imagecatalog.memory;

import dev.imagecatalog.ConflictException;
import dev.imagecatalog.spi.WriteIntent;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** The write intents of a {@link MemoryMetadataRepository}: a concurrent map by intent id. */
final class MemoryWriteIntents {
    private static final Comparator<WriteIntent> OLDEST_FIRST =
            Comparator.comparing(WriteIntent::startedAt).thenComparing(WriteIntent::id);

    private final ConcurrentHashMap<String, WriteIntent> intents = new ConcurrentHashMap<>();

    void record(WriteIntent intent) {
        Objects.requireNonNull(intent, "intent");
        if (intents.putIfAbsent(intent.id(), intent) != null) {
            throw new ConflictException("a write intent with id " + intent.id() + " already exists");
        }
    }

    void touch(Collection<String> ids, Instant at) {
        Objects.requireNonNull(at, "at");
        for (String id : ids) {
            intents.computeIfPresent(id, (k, i) -> new WriteIntent(i.id(), i.imageId(), i.storeId(), i.instance(),
                    i.startedAt(), at));
        }
    }

    boolean remove(String id) {
        return intents.remove(id) != null;
    }

    List<WriteIntent> all() {
        return intents.values().stream().sorted(OLDEST_FIRST).toList();
    }
}
