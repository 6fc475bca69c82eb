package dev.imagecatalog.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.error.VersionConflictException;
import dev.imagecatalog.spi.MetadataRepository;
import dev.imagecatalog.spi.TaskRepository;
import dev.imagecatalog.task.Task;
import dev.imagecatalog.task.TaskQuery;
import dev.imagecatalog.task.TaskStatus;
import dev.imagecatalog.task.TaskType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link TaskRepository} passes ({@link MetadataRepository#tasks()}): storing every field, the
 * compare-and-set update, filters, sort, marker and limit, expiry, the heartbeat touch and the deletion of expired
 * tasks. A module extends this class and returns a fresh repository with no tasks.
 */
public abstract class TaskRepositoryContract {
    /** The base instant of the fixtures (microsecond precision, as the catalog writes times). */
    protected static final Instant T0 = Instant.parse("2026-04-01T08:00:00.123456Z");

    private MetadataRepository metadata;
    /** The repository under test. */
    protected TaskRepository repo;
    private int sequence;

    /** A new metadata repository with no tasks. */
    protected abstract MetadataRepository createRepository() throws Exception;

    /**
     * A second repository object on the same back-end as {@link #createRepository()} (another pool, as a second
     * catalog instance opens), or null if the back-end cannot be shared; closed by the test.
     */
    protected MetadataRepository openSharingBackEnd() throws Exception {
        return null;
    }

    @BeforeEach
    void openRepository() throws Exception {
        metadata = createRepository();
        repo = metadata.tasks();
        sequence = 0;
    }

    @AfterEach
    void closeRepository() {
        if (metadata != null) {
            metadata.close();
        }
    }

    // ------------------------------------------------------------------ fixtures

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    private String nextId() {
        return String.format("7a5c0000-0000-4000-8000-%012d", ++sequence);
    }

    private Task.Builder task(String owner, int createdSecond) {
        return Task.builder().id(nextId()).type(TaskType.API_IMAGE_IMPORT).status(TaskStatus.PENDING)
                .owner(owner).input(Map.of("method", "glance-direct")).createdAt(at(createdSecond))
                .updatedAt(at(createdSecond)).version(1);
    }

    private Task stored(Task.Builder b) {
        Task t = b.build();
        repo.create(t);
        return t;
    }

    private static TaskQuery query(String sortKey, boolean ascending, int limit, String marker) {
        return new TaskQuery(null, null, sortKey, ascending, limit, marker);
    }

    private static List<String> ids(List<Task> tasks) {
        return tasks.stream().map(Task::id).toList();
    }

    // ------------------------------------------------------------------ create / find / update

    @Test
    void everyFieldSurvivesTheRoundTrip() {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("import_from", "https://example.com/images/cirros.qcow2?x=1&y=\u00e9");
        input.put("import_from_format", "qcow2");
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("name", "cirros \u2603 \"quoted\"");
        props.put("min_ram", 512);
        props.put("big", 5_000_000_000L);
        props.put("ratio", 1.5);
        props.put("protected", true);
        props.put("tags", List.of("a", "b"));
        props.put("nothing", null);
        input.put("image_properties", props);
        Task t = Task.builder().id(nextId()).type(TaskType.IMPORT).status(TaskStatus.FAILURE).input(input)
                .result(Map.of("image_id", "0c1d2e3f-0000-4000-8000-000000000001", "stores", List.of("s1")))
                .message("failed: \u00fcnicode and 'quotes'").owner("project-a")
                .imageId("0c1d2e3f-0000-4000-8000-000000000001").requestId("req-0123").userId("alice")
                .expiresAt(at(9000)).createdAt(at(1)).updatedAt(at(2)).runner("instance-7")
                .heartbeatAt(at(3)).version(1).build();
        repo.create(t);
        assertThat(repo.find(t.id())).contains(t);

        Task bare = task(null, 4).input(Map.of()).build();
        repo.create(bare);
        Task found = repo.find(bare.id()).orElseThrow();
        assertThat(found).isEqualTo(bare);
        assertThat(found.result()).isNull();
        assertThat(found.message()).isEmpty();
        assertThat(found.input()).isEmpty();
    }

    @Test
    void findOfAnUnknownIdIsEmpty() {
        assertThat(repo.find("7a5c0000-0000-4000-8000-999999999999")).isEmpty();
    }

    @Test
    void createOfAnExistingIdIsAConflict() {
        Task t = stored(task("p1", 0));
        assertThatThrownBy(() -> repo.create(t.toBuilder().owner("p2").build()))
                .isInstanceOf(ConflictException.class);
        assertThat(repo.find(t.id())).contains(t);
    }

    @Test
    void updateStoresTheChangeWithANewVersion() {
        Task t = stored(task("p1", 0));
        Task changed = repo.update(t.toBuilder().status(TaskStatus.PROCESSING).runner("i1").heartbeatAt(at(5))
                .message("started").updatedAt(at(5)).build());
        assertThat(changed.version()).isNotEqualTo(t.version());
        assertThat(changed.status()).isEqualTo(TaskStatus.PROCESSING);
        assertThat(repo.find(t.id())).contains(changed);

        Task ended = repo.update(changed.toBuilder().status(TaskStatus.SUCCESS).runner(null)
                .result(Map.of("image_id", "x")).expiresAt(at(100)).updatedAt(at(6)).build());
        assertThat(repo.find(t.id())).contains(ended);
        assertThat(ended.runner()).isNull();
        assertThat(ended.heartbeatAt()).isEqualTo(at(5));
    }

    @Test
    void updateWithAnOldVersionIsAVersionConflictAndChangesNothing() {
        Task t = stored(task("p1", 0));
        Task first = repo.update(t.toBuilder().message("first").build());
        assertThatThrownBy(() -> repo.update(t.toBuilder().message("second").build()))
                .isInstanceOf(VersionConflictException.class);
        assertThat(repo.find(t.id())).contains(first);
    }

    @Test
    void updateOfAnUnknownTaskIsNotFound() {
        Task never = task("p1", 0).build();
        assertThatThrownBy(() -> repo.update(never)).isInstanceOf(NotFoundException.class);
        assertThat(repo.find(never.id())).isEmpty();
    }

    @Test
    void updateNeverMovesTheHeartbeatBack() {
        Task t = stored(task("p1", 0).status(TaskStatus.PROCESSING).runner("i1").heartbeatAt(at(1)));
        repo.touch(List.of(t.id()), at(50));
        Task read = repo.find(t.id()).orElseThrow();
        Task changed = repo.update(t.toBuilder().version(read.version()).message("progress").build());
        assertThat(changed.heartbeatAt()).isEqualTo(at(50));
        assertThat(repo.find(t.id()).orElseThrow().heartbeatAt()).isEqualTo(at(50));
    }

    @Test
    void racingUpdatesOfOneVersionLetExactlyOneWin() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 8; round++) {
                Task t = stored(task("p1", round));
                CyclicBarrier barrier = new CyclicBarrier(2);
                List<Future<Object>> outcomes = new ArrayList<>();
                for (String message : List.of("a", "b")) {
                    outcomes.add(pool.submit(() -> {
                        barrier.await(30, TimeUnit.SECONDS);
                        try {
                            return repo.update(t.toBuilder().message(message).build());
                        } catch (VersionConflictException e) {
                            return e;
                        }
                    }));
                }
                List<Object> got = new ArrayList<>();
                for (Future<Object> f : outcomes) {
                    got.add(f.get(30, TimeUnit.SECONDS));
                }
                assertThat(got).filteredOn(o -> o instanceof Task).hasSize(1);
                assertThat(got).filteredOn(o -> o instanceof VersionConflictException).hasSize(1);
                assertThat(repo.find(t.id())).contains((Task) got.stream().filter(o -> o instanceof Task)
                        .findFirst().orElseThrow());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ list

    @Test
    void listFiltersByOwnerStatusAndType() {
        Task a = stored(task("p1", 1));
        Task b = stored(task("p1", 2).status(TaskStatus.PROCESSING));
        Task c = stored(task("p2", 3).type(TaskType.IMPORT));
        Task d = stored(task("p1", 4).type(TaskType.IMPORT).status(TaskStatus.SUCCESS).expiresAt(at(1000)));
        Instant now = at(10);
        assertThat(ids(repo.list(TaskQuery.defaults(), null, now))).containsExactly(d.id(), c.id(), b.id(), a.id());
        assertThat(ids(repo.list(TaskQuery.defaults(), "p1", now))).containsExactly(d.id(), b.id(), a.id());
        assertThat(ids(repo.list(TaskQuery.defaults(), "p3", now))).isEmpty();
        assertThat(ids(repo.list(new TaskQuery(TaskStatus.PROCESSING, null, "created_at", false, 25, null), null,
                now))).containsExactly(b.id());
        assertThat(ids(repo.list(new TaskQuery(null, TaskType.IMPORT, "created_at", false, 25, null), null,
                now))).containsExactly(d.id(), c.id());
        assertThat(ids(repo.list(new TaskQuery(TaskStatus.SUCCESS, TaskType.IMPORT, "created_at", true, 25, null),
                "p2", now))).isEmpty();
    }

    @Test
    void listLeavesOutExpiredTasks() {
        Task running = stored(task("p1", 1));
        Task expired = stored(task("p1", 2).status(TaskStatus.FAILURE).expiresAt(at(100)));
        Task alive = stored(task("p1", 3).status(TaskStatus.SUCCESS).expiresAt(at(101)));
        assertThat(ids(repo.list(TaskQuery.defaults(), null, at(99))))
                .containsExactly(alive.id(), expired.id(), running.id());
        assertThat(ids(repo.list(TaskQuery.defaults(), null, at(100)))).containsExactly(alive.id(), running.id());
        assertThat(ids(repo.list(TaskQuery.defaults(), "p1", at(200)))).containsExactly(running.id());
        assertThat(repo.find(expired.id())).isPresent();
    }

    @Test
    void everySortKeyOrdersBothWaysWithCreationAndIdBreakingTies() {
        List<Task> all = new ArrayList<>();
        TaskStatus[] statuses = TaskStatus.values();
        TaskType[] types = TaskType.values();
        for (int i = 0; i < 9; i++) {
            all.add(stored(task("p1", i / 2).status(statuses[i % statuses.length]).type(types[i % types.length])
                    .updatedAt(at(100 - i))));
        }
        Map<String, Comparator<Task>> keys = new LinkedHashMap<>();
        keys.put("created_at", Comparator.comparing(Task::createdAt));
        keys.put("updated_at", Comparator.comparing(Task::updatedAt));
        keys.put("id", Comparator.comparing(Task::id));
        keys.put("type", Comparator.comparing(t -> t.type().glanceName()));
        keys.put("status", Comparator.comparing(t -> t.status().glanceName()));
        assertThat(keys.keySet()).containsExactlyInAnyOrderElementsOf(TaskQuery.SORT_KEYS);
        for (Map.Entry<String, Comparator<Task>> k : keys.entrySet()) {
            Comparator<Task> asc = k.getValue().thenComparing(Task::createdAt).thenComparing(Task::id);
            for (boolean ascending : new boolean[] {true, false}) {
                Comparator<Task> order = ascending ? asc : asc.reversed();
                List<String> expected = ids(all.stream().sorted(order).toList());
                assertThat(ids(repo.list(query(k.getKey(), ascending, 100, null), null, at(0))))
                        .as("%s %s", k.getKey(), ascending ? "asc" : "desc").isEqualTo(expected);
                assertThat(pages(k.getKey(), ascending, 2, null))
                        .as("pages of %s %s", k.getKey(), ascending ? "asc" : "desc").isEqualTo(expected);
            }
        }
    }

    /** Every task of the listing, page by page, each page after the last task of the one before. */
    private List<String> pages(String sortKey, boolean ascending, int limit, String owner) {
        List<String> seen = new ArrayList<>();
        String marker = null;
        for (int guard = 0; guard < 100; guard++) {
            List<Task> page = repo.list(query(sortKey, ascending, limit, marker), owner, at(0));
            assertThat(page.size()).isLessThanOrEqualTo(limit);
            seen.addAll(ids(page));
            if (page.size() < limit) {
                return seen;
            }
            marker = page.get(page.size() - 1).id();
        }
        throw new AssertionError("paging did not end");
    }

    @Test
    void theMarkerNeedNotMatchTheFilters() {
        Task a = stored(task("p1", 1));
        Task b = stored(task("p1", 2).status(TaskStatus.PROCESSING));
        Task c = stored(task("p1", 3));
        List<Task> page = repo.list(new TaskQuery(TaskStatus.PENDING, null, "created_at", false, 25, b.id()), null,
                at(5));
        assertThat(ids(page)).containsExactly(a.id());
        assertThat(ids(repo.list(new TaskQuery(TaskStatus.PENDING, null, "created_at", true, 25, b.id()), null,
                at(5)))).containsExactly(c.id());
    }

    @Test
    void aMarkerThatNamesNoTaskOfTheListingIsNotFound() {
        Task mine = stored(task("p1", 1));
        Task theirs = stored(task("p2", 2));
        Task expired = stored(task("p1", 3).status(TaskStatus.FAILURE).expiresAt(at(4)));
        assertThatThrownBy(() -> repo.list(query("created_at", false, 5, "7a5c0000-0000-4000-8000-999999999999"),
                null, at(5))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> repo.list(query("created_at", false, 5, theirs.id()), "p1", at(5)))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> repo.list(query("created_at", false, 5, expired.id()), "p1", at(5)))
                .isInstanceOf(NotFoundException.class);
        assertThat(ids(repo.list(query("created_at", true, 5, mine.id()), null, at(5)))).containsExactly(theirs.id());
    }

    @Test
    void limitBoundsThePage() {
        for (int i = 0; i < 5; i++) {
            stored(task("p1", i));
        }
        assertThat(repo.list(query("created_at", true, 3, null), null, at(0))).hasSize(3);
        assertThat(repo.list(query("created_at", true, 0, null), null, at(0))).isEmpty();
        assertThat(pages("created_at", true, 3, "p1")).hasSize(5);
    }

    // ------------------------------------------------------------------ per image, unfinished, touch, expiry

    @Test
    void listForImageGivesTheImagesLiveTasksOldestFirst() {
        String image = "0c1d2e3f-0000-4000-8000-000000000009";
        Task second = stored(task("p1", 5).imageId(image));
        Task first = stored(task("p2", 1).imageId(image).status(TaskStatus.SUCCESS).expiresAt(at(500)));
        stored(task("p1", 2).imageId("0c1d2e3f-0000-4000-8000-000000000010"));
        stored(task("p1", 3).imageId(image).status(TaskStatus.FAILURE).expiresAt(at(6)));
        assertThat(ids(repo.listForImage(image, at(10)))).containsExactly(first.id(), second.id());
        assertThat(ids(repo.listForImage(image, at(500)))).containsExactly(second.id());
        assertThat(repo.listForImage("0c1d2e3f-0000-4000-8000-000000000011", at(0))).isEmpty();
    }

    @Test
    void listUnfinishedGivesPendingAndProcessingTasks() {
        Task pending = stored(task("p1", 1));
        Task processing = stored(task("p2", 2).status(TaskStatus.PROCESSING).runner("i1").heartbeatAt(at(2)));
        stored(task("p1", 3).status(TaskStatus.SUCCESS).expiresAt(at(99)));
        stored(task("p1", 4).status(TaskStatus.FAILURE).expiresAt(at(99)));
        assertThat(repo.listUnfinished()).containsExactlyInAnyOrder(pending, processing);
    }

    @Test
    void touchSetsTheHeartbeatWithoutChangingTheVersion() {
        Task a = stored(task("p1", 1).status(TaskStatus.PROCESSING).runner("i1").heartbeatAt(at(1)));
        Task b = stored(task("p1", 2).status(TaskStatus.PROCESSING).runner("i1").heartbeatAt(at(2)));
        Task c = stored(task("p1", 3).status(TaskStatus.PROCESSING).runner("i2").heartbeatAt(at(3)));
        repo.touch(List.of(a.id(), b.id(), "7a5c0000-0000-4000-8000-999999999999"), at(30));
        assertThat(repo.find(a.id())).contains(a.toBuilder().heartbeatAt(at(30)).build());
        assertThat(repo.find(b.id())).contains(b.toBuilder().heartbeatAt(at(30)).build());
        assertThat(repo.find(c.id())).contains(c);
        repo.touch(List.of(a.id()), at(20));
        assertThat(repo.find(a.id()).orElseThrow().heartbeatAt()).as("never moved back").isEqualTo(at(30));
        repo.touch(List.of(), at(40));
        assertThat(repo.update(a.toBuilder().message("still mine").build()).message()).isEqualTo("still mine");
    }

    @Test
    void deleteExpiredRemovesOnlyExpiredTasksInBatches() {
        Task e1 = stored(task("p1", 1).status(TaskStatus.SUCCESS).expiresAt(at(10)));
        Task e2 = stored(task("p2", 2).status(TaskStatus.FAILURE).expiresAt(at(11)));
        Task e3 = stored(task("p1", 3).status(TaskStatus.FAILURE).expiresAt(at(12)));
        Task later = stored(task("p1", 4).status(TaskStatus.SUCCESS).expiresAt(at(21)));
        Task running = stored(task("p1", 5).status(TaskStatus.PROCESSING));
        List<Task> first = repo.deleteExpired(at(20), 2);
        assertThat(first).hasSize(2);
        List<Task> second = repo.deleteExpired(at(20), 2);
        assertThat(second).hasSize(1);
        assertThat(repo.deleteExpired(at(20), 2)).isEmpty();
        List<Task> gone = new ArrayList<>(first);
        gone.addAll(second);
        assertThat(gone).containsExactlyInAnyOrder(e1, e2, e3);
        assertThat(repo.find(e1.id())).isEmpty();
        assertThat(repo.find(later.id())).contains(later);
        assertThat(repo.find(running.id())).contains(running);
        assertThat(ids(repo.deleteExpired(at(21), 10))).containsExactly(later.id());
    }

    // ------------------------------------------------------------------ two repositories on one back-end

    @Test
    void twoRepositoriesOnOneBackEndShareTasksAndTheirCompareAndSet() throws Exception {
        MetadataRepository other = openSharingBackEnd();
        if (other == null) {
            return;
        }
        try {
            TaskRepository there = other.tasks();
            Task here = stored(task("p1", 1));
            Task fromThere = task("p2", 2).build();
            there.create(fromThere);
            assertThat(there.find(here.id())).contains(here);
            assertThat(repo.find(fromThere.id())).contains(fromThere);
            assertThat(new HashSet<>(ids(repo.list(TaskQuery.defaults(), null, at(3)))))
                    .isEqualTo(Set.of(here.id(), fromThere.id()));

            Task won = there.update(here.toBuilder().status(TaskStatus.PROCESSING).runner("instance-2").build());
            assertThatThrownBy(() -> repo.update(here.toBuilder().status(TaskStatus.FAILURE).build()))
                    .isInstanceOf(VersionConflictException.class);
            assertThat(repo.find(here.id())).contains(won);
            assertThatThrownBy(() -> there.create(here)).isInstanceOf(ConflictException.class);
            repo.touch(List.of(here.id()), at(60));
            assertThat(there.find(here.id()).orElseThrow().heartbeatAt()).isEqualTo(at(60));
        } finally {
            other.close();
        }
    }
}
