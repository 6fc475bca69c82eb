package dev.imagecatalog.memory;

import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.error.VersionConflictException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.StoreLocation;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The image rows of {@link MemoryMetadataRepository} and their indexes. All rows (soft-deleted included) live in
 * one {@link ConcurrentHashMap}; every write goes through {@link ConcurrentHashMap#compute}, so create and
 * compare-and-set are atomic per id and the indexes of one id are maintained under that id's lock. The indexes hold
 * live (not soft-deleted) rows only:
 * <ul>
 *   <li>a concurrent sorted set on (created_at, id), which the default sort walks, stopping at limit + 1;</li>
 *   <li>tag -> ids, which gives the candidates when a tag is rare;</li>
 *   <li>location -> ids (soft-deleted rows included, until purged), which answers whether a location is
 *       referenced.</li>
 * </ul>
 * Readers may see an index a moment ahead of or behind the rows; every reader re-reads a candidate from the row
 * map and checks it against its index key.
 */
final class MemoryImageRows {

    /** A stored row: the image and, when soft-deleted, the deletion time. */
    record Row(Image image, Instant deletedAt) {
        boolean live() {
            return deletedAt == null;
        }
    }

    /** The key of the default-sort index. */
    record CreatedKey(Instant createdAt, String id) {
        static final Comparator<CreatedKey> ORDER =
                Comparator.comparing(CreatedKey::createdAt).thenComparing(CreatedKey::id);

        static CreatedKey of(Image i) {
            return new CreatedKey(i.createdAt(), i.id());
        }
    }

    private final ConcurrentHashMap<String, Row> rows = new ConcurrentHashMap<>();
    private final ConcurrentSkipListSet<CreatedKey> byCreated = new ConcurrentSkipListSet<>(CreatedKey.ORDER);
    private final ConcurrentHashMap<String, Set<String>> byTag = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<StoreLocation, Set<String>> byLocation = new ConcurrentHashMap<>();

    // ---------------------------------------------------------------- reads

    /** The row of {@code id} (soft-deleted included), or null. */
    Row row(String id) {
        return id == null ? null : rows.get(id);
    }

    /** Every row, soft-deleted included (a weakly consistent view). */
    Collection<Row> all() {
        return rows.values();
    }

    /** The live rows' (created_at, id) keys in ascending order. */
    NavigableSet<CreatedKey> byCreated() {
        return byCreated;
    }

    /** The ids of the live images carrying {@code tag}, or null if none does. */
    Set<String> tagged(String tag) {
        return byTag.get(tag);
    }

    /** Whether any row, soft-deleted included, lists {@code location}. */
    boolean isReferenced(StoreLocation location) {
        Set<String> ids = byLocation.get(location);
        return ids != null && !ids.isEmpty();
    }

    /**
     * Runs {@code action} on the row of {@code id} under that id's lock (null if absent) and keeps the row it
     * returns, which must be the same row: for checks that must not race with a write of that image.
     */
    void lockRow(String id, UnaryOperator<Row> action) {
        rows.compute(id, (k, row) -> action.apply(row));
    }

    // ---------------------------------------------------------------- writes

    void create(Image image) {
        Objects.requireNonNull(image, "image");
        rows.compute(image.id(), (id, old) -> {
            if (old != null) {
                throw new ConflictException("image " + id + " already exists");
            }
            Row row = new Row(image, isSoftDeleted(image.status()) ? image.updatedAt() : null);
            index(null, row);
            return row;
        });
    }

    Image update(Image image) {
        Objects.requireNonNull(image, "image");
        Row updated = rows.compute(image.id(), (id, old) -> {
            if (old == null) {
                throw new NotFoundException("image " + id + " not found");
            }
            if (old.image().version() != image.version()) {
                throw new VersionConflictException("image " + id + " was changed concurrently (version "
                        + old.image().version() + ", expected " + image.version() + ")");
            }
            Image next = image.toBuilder().version(image.version() + 1).build();
            Row row = new Row(next, isSoftDeleted(next.status()) ? next.updatedAt() : null);
            index(old, row);
            return row;
        });
        return updated.image();
    }

    int purgeDeleted(Instant before, int batchSize, Consumer<String> onPurged) {
        Objects.requireNonNull(before, "before");
        int purged = 0;
        for (Row row : rows.values()) {
            if (purged >= batchSize) {
                break;
            }
            if (row.deletedAt() != null && row.deletedAt().isBefore(before)) {
                boolean[] removed = {false};
                rows.computeIfPresent(row.image().id(), (id, current) -> {
                    if (current.deletedAt() != null && current.deletedAt().isBefore(before)) {
                        index(current, null);
                        onPurged.accept(id);
                        removed[0] = true;
                        return null;
                    }
                    return current;
                });
                if (removed[0]) {
                    purged++;
                }
            }
        }
        return purged;
    }

    private static boolean isSoftDeleted(ImageStatus status) {
        return status == ImageStatus.DELETED || status == ImageStatus.PENDING_DELETE;
    }

    /** Moves the index entries of one id from {@code old} to {@code now}; called under that id's lock. */
    private void index(Row old, Row now) {
        Image o = old == null ? null : old.image();
        Image n = now == null ? null : now.image();
        boolean oldLive = old != null && old.live();
        boolean newLive = now != null && now.live();
        if (oldLive && (!newLive || !o.createdAt().equals(n.createdAt()))) {
            byCreated.remove(CreatedKey.of(o));
        }
        if (newLive) {
            byCreated.add(CreatedKey.of(n));
        }
        if (oldLive) {
            for (String tag : o.tags()) {
                if (!newLive || !n.tags().contains(tag)) {
                    removeFrom(byTag, tag, o.id());
                }
            }
        }
        if (newLive) {
            for (String tag : n.tags()) {
                addTo(byTag, tag, n.id());
            }
        }
        if (o != null) {
            for (StoreLocation l : locationsOf(o)) {
                if (n == null || !locationsOf(n).contains(l)) {
                    removeFrom(byLocation, l, o.id());
                }
            }
        }
        if (n != null) {
            for (StoreLocation l : locationsOf(n)) {
                addTo(byLocation, l, n.id());
            }
        }
    }

    private static <K> void addTo(ConcurrentHashMap<K, Set<String>> index, K key, String id) {
        index.compute(key, (k, ids) -> {
            Set<String> s = ids == null ? ConcurrentHashMap.newKeySet() : ids;
            s.add(id);
            return s;
        });
    }

    private static <K> void removeFrom(ConcurrentHashMap<K, Set<String>> index, K key, String id) {
        index.computeIfPresent(key, (k, ids) -> {
            ids.remove(id);
            return ids.isEmpty() ? null : ids;
        });
    }

    /** Every location of {@code image}, whatever its status: each is a reference to its bytes. */
    private static java.util.List<StoreLocation> locationsOf(Image image) {
        return image.locations().stream().map(dev.imagecatalog.image.ImageLocation::location).toList();
    }
}
