package dev.imagecatalog.memory;

import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.error.VersionConflictException;
import dev.imagecatalog.spi.TaskRepository;
import dev.imagecatalog.task.Task;
import dev.imagecatalog.task.TaskQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The in-memory {@link TaskRepository} of a {@link MemoryMetadataRepository}: its own, never shared. */
final class MemoryTaskRepository implements TaskRepository {
    private final ConcurrentHashMap<String, Task> tasks = new ConcurrentHashMap<>();

    @Override
    public void create(Task task) {
        if (tasks.putIfAbsent(task.id(), task) != null) {
            throw new ConflictException("task " + task.id() + " exists");
        }
    }

    @Override
    public Optional<Task> find(String id) {
        return Optional.ofNullable(tasks.get(id));
    }

    @Override
    public Task update(Task task) {
        Task[] stored = new Task[1];
        tasks.compute(task.id(), (id, current) -> {
            if (current == null) {
                throw new NotFoundException("task " + id + " not found");
            }
            if (current.version() != task.version()) {
                throw new VersionConflictException("task " + id + " changed concurrently");
            }
            Instant beat = later(current.heartbeatAt(), task.heartbeatAt());
            stored[0] = task.toBuilder().heartbeatAt(beat).version(task.version() + 1).build();
            return stored[0];
        });
        return stored[0];
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.isAfter(b) ? a : b;
    }

    @Override
    public List<Task> list(TaskQuery query, String owner, Instant now) {
        Comparator<Task> order = comparator(query.sortKey());
        if (!query.ascending()) {
            order = order.reversed();
        }
        List<Task> all = new ArrayList<>();
        for (Task t : tasks.values()) {
            if (live(t, now) && (owner == null || owner.equals(t.owner()))
                    && (query.status() == null || query.status() == t.status())
                    && (query.type() == null || query.type() == t.type())) {
                all.add(t);
            }
        }
        all.sort(order);
        int from = 0;
        if (query.marker() != null) {
            Task marker = tasks.get(query.marker());
            if (marker == null || !live(marker, now) || (owner != null && !owner.equals(marker.owner()))) {
                throw new NotFoundException("marker task " + query.marker() + " not found");
            }
            while (from < all.size() && order.compare(all.get(from), marker) <= 0) {
                from++;
            }
        }
        return List.copyOf(all.subList(from, Math.min(all.size(), from + query.limit())));
    }

    private static Comparator<Task> comparator(String key) {
        Comparator<Task> first = switch (key) {
            case "updated_at" -> Comparator.comparing(Task::updatedAt);
            case "id" -> Comparator.comparing(Task::id);
            case "type" -> Comparator.comparing(t -> t.type().glanceName());
            case "status" -> Comparator.comparing(t -> t.status().glanceName());
            default -> Comparator.comparing(Task::createdAt);
        };
        return first.thenComparing(Task::createdAt).thenComparing(Task::id);
    }

    private static boolean live(Task t, Instant now) {
        return t.expiresAt() == null || t.expiresAt().isAfter(now);
    }

    @Override
    public List<Task> listForImage(String imageId, Instant now) {
        List<Task> out = new ArrayList<>();
        for (Task t : tasks.values()) {
            if (imageId.equals(t.imageId()) && live(t, now)) {
                out.add(t);
            }
        }
        out.sort(Comparator.comparing(Task::createdAt).thenComparing(Task::id));
        return out;
    }

    @Override
    public List<Task> listUnfinished() {
        List<Task> out = new ArrayList<>();
        for (Task t : tasks.values()) {
            if (!t.status().terminal()) {
                out.add(t);
            }
        }
        return out;
    }

    @Override
    public void touch(Collection<String> ids, Instant at) {
        for (String id : ids) {
            tasks.computeIfPresent(id, (k, t) -> t.toBuilder().heartbeatAt(later(t.heartbeatAt(), at)).build());
        }
    }

    @Override
    public List<Task> deleteExpired(Instant now, int batchSize) {
        List<Task> gone = new ArrayList<>();
        for (Task t : tasks.values()) {
            if (gone.size() >= batchSize) {
                break;
            }
            if (!live(t, now) && tasks.remove(t.id(), t)) {
                gone.add(t);
            }
        }
        return gone;
    }
}
