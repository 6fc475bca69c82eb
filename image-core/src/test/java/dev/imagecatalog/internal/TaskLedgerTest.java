package dev.imagecatalog.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.config.Settings;
import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.event.CatalogEvent;
import dev.imagecatalog.memory.MemoryMetadataProvider;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.spi.MetadataRepository;
import dev.imagecatalog.spi.TaskRepository;
import dev.imagecatalog.task.Task;
import dev.imagecatalog.task.TaskStatus;
import dev.imagecatalog.task.TaskType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TaskLedgerTest {
    private static final Instant T0 = Instant.parse("2026-05-01T12:00:00.123456Z");
    private static final Duration TTL = Duration.ofHours(48);
    private static final RequestContext ALICE = RequestContext.member("project-a", "alice");

    private final TaskTestClock clock = new TaskTestClock(T0);
    private MetadataRepository metadata;
    private TaskRepository repo;
    private TaskEventRecorder events;
    private TaskLedger ledger;

    @BeforeEach
    void setUp() {
        metadata = new MemoryMetadataProvider().create(Settings.of(Map.of()));
        repo = metadata.tasks();
        events = new TaskEventRecorder();
        ledger = ledger("instance-1");
    }

    private TaskLedger ledger(String instance) {
        // The heartbeat is driven by hand: an hour's period never fires during a test.
        return new TaskLedger(repo, events.bus, instance, TTL, Duration.ofHours(1), "test-heartbeat", clock);
    }

    @AfterEach
    void tearDown() throws Exception {
        ledger.close();
        events.close();
        metadata.close();
    }

    private Task create() {
        return ledger.create(TaskType.API_IMAGE_IMPORT, ALICE, "image-1", Map.of("method", "web-download"));
    }

    @Test
    void createRecordsAPendingTaskOfTheCallersProject() throws Exception {
        Task t = ledger.create(TaskType.IMPORT, ALICE, null, Map.of("import_from", "https://u:p@example.com/x"),
                "req-1");
        assertThat(t.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(t.owner()).isEqualTo("project-a");
        assertThat(t.userId()).isEqualTo("alice");
        assertThat(t.requestId()).isEqualTo("req-1");
        assertThat(t.imageId()).isNull();
        assertThat(t.createdAt()).isEqualTo(T0);
        assertThat(t.updatedAt()).isEqualTo(T0);
        assertThat(t.expiresAt()).isNull();
        assertThat(t.runner()).isNull();
        assertThat(repo.find(t.id())).contains(t);
        assertThat(ledger.unfinished(t.id())).isTrue();
        assertThat(ledger.unfinished("no-such-task")).isFalse();
    }

    @Test
    void startMakesThisInstanceTheRunner() {
        Task t = create();
        clock.advance(Duration.ofSeconds(5));
        Task started = ledger.start(t.id());
        assertThat(started.status()).isEqualTo(TaskStatus.PROCESSING);
        assertThat(started.runner()).isEqualTo("instance-1");
        assertThat(started.heartbeatAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(started.updatedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(started.version()).isGreaterThan(t.version());
        assertThat(repo.find(t.id())).contains(started);
    }

    @Test
    void succeedEndsTheTaskWithItsResultAndExpiresAfterTheTimeToLive() {
        Task t = create();
        ledger.start(t.id());
        clock.advance(Duration.ofMinutes(3));
        Task done = ledger.succeed(t.id(), Map.of("image_id", "image-1"));
        assertThat(done.status()).isEqualTo(TaskStatus.SUCCESS);
        assertThat(done.result()).isEqualTo(Map.of("image_id", "image-1"));
        assertThat(done.runner()).isNull();
        assertThat(done.expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(3)).plus(TTL));
        assertThat(ledger.unfinished(t.id())).isFalse();
    }

    @Test
    void failEndsAPendingOrProcessingTaskWithItsMessage() {
        Task pending = create();
        Task running = create();
        ledger.start(running.id());
        clock.advance(Duration.ofSeconds(9));
        Task f1 = ledger.fail(pending.id(), "no worker");
        Task f2 = ledger.fail(running.id(), "download refused");
        assertThat(f1.status()).isEqualTo(TaskStatus.FAILURE);
        assertThat(f1.message()).isEqualTo("no worker");
        assertThat(f2.status()).isEqualTo(TaskStatus.FAILURE);
        assertThat(f2.message()).isEqualTo("download refused");
        assertThat(f2.runner()).isNull();
        assertThat(f2.expiresAt()).isEqualTo(T0.plusSeconds(9).plus(TTL));
    }

    @Test
    void illegalTransitionsAreRefusedAndChangeNothing() {
        Task pending = create();
        assertThatThrownBy(() -> ledger.succeed(pending.id(), Map.of()))
                .isInstanceOf(ConflictException.class).hasMessageContaining("pending");
        assertThat(repo.find(pending.id())).contains(pending);

        Task running = ledger.start(create().id());
        assertThatThrownBy(() -> ledger.start(running.id())).isInstanceOf(ConflictException.class);
        assertThat(repo.find(running.id())).contains(running);

        Task succeeded = ledger.succeed(running.id(), Map.of("image_id", "x"));
        assertThatThrownBy(() -> ledger.start(succeeded.id())).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> ledger.succeed(succeeded.id(), Map.of())).isInstanceOf(ConflictException.class);
        assertThat(ledger.fail(succeeded.id(), "late")).isEqualTo(succeeded);

        Task failed = ledger.fail(create().id(), "first");
        assertThatThrownBy(() -> ledger.start(failed.id())).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> ledger.succeed(failed.id(), Map.of())).isInstanceOf(ConflictException.class);
        assertThat(ledger.fail(failed.id(), "second")).isEqualTo(failed);
        assertThat(repo.find(failed.id()).orElseThrow().message()).isEqualTo("first");
    }

    @Test
    void transitionsOfAnUnknownTaskAreNotFound() {
        assertThatThrownBy(() -> ledger.start("nope")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> ledger.succeed("nope", Map.of())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> ledger.fail("nope", "x")).isInstanceOf(NotFoundException.class);
        ledger.progress("nope", "ignored");
        assertThat(repo.find("nope")).isEmpty();
    }

    @Test
    void progressSetsTheMessageWhileRunningAndIsIgnoredAfterTheEnd() {
        Task t = create();
        ledger.start(t.id());
        ledger.progress(t.id(), "1024 of 4096 bytes");
        assertThat(repo.find(t.id()).orElseThrow().message()).isEqualTo("1024 of 4096 bytes");
        Task done = ledger.succeed(t.id(), Map.of("image_id", "image-1"));
        ledger.progress(t.id(), "4096 of 4096 bytes");
        assertThat(repo.find(t.id())).contains(done);

        Task failed = create();
        ledger.fail(failed.id(), "refused");
        ledger.progress(failed.id(), "0 bytes");
        assertThat(repo.find(failed.id()).orElseThrow().message()).isEqualTo("refused");
    }

    @Test
    void racingSuccessAndFailureEndEachTaskExactlyOnce() throws Exception {
        int rounds = 16;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                Task t = create();
                ledger.start(t.id());
                CyclicBarrier barrier = new CyclicBarrier(2);
                Future<Object> success = pool.submit(guarded(barrier, () -> ledger.succeed(t.id(),
                        Map.of("image_id", "image-1"))));
                Future<Object> failure = pool.submit(guarded(barrier, () -> ledger.fail(t.id(), "interrupted")));
                Object s = success.get(30, TimeUnit.SECONDS);
                Task f = (Task) failure.get(30, TimeUnit.SECONDS);
                Task stored = repo.find(t.id()).orElseThrow();
                if (stored.status() == TaskStatus.SUCCESS) {
                    assertThat(s).isEqualTo(stored);
                    assertThat(f).isEqualTo(stored);
                    assertThat(stored.message()).isEmpty();
                } else {
                    assertThat(stored.status()).isEqualTo(TaskStatus.FAILURE);
                    assertThat(s).isInstanceOf(ConflictException.class);
                    assertThat(f).isEqualTo(stored);
                    assertThat(stored.result()).isNull();
                }
                ids.add(t.id());
            }
            for (String id : ids) {
                List<String> ends = events.types(id).stream()
                        .filter(x -> x.equals("task.success") || x.equals("task.failure")).toList();
                assertThat(ends).as("terminal events of %s", id).hasSize(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void racingStartsLetExactlyOneWin() throws Exception {
        TaskLedger other = ledger("instance-2");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 16; i++) {
                Task t = create();
                CyclicBarrier barrier = new CyclicBarrier(2);
                Future<Object> a = pool.submit(guarded(barrier, () -> ledger.start(t.id())));
                Future<Object> b = pool.submit(guarded(barrier, () -> other.start(t.id())));
                List<Object> outcomes = List.of(a.get(30, TimeUnit.SECONDS), b.get(30, TimeUnit.SECONDS));
                assertThat(outcomes).filteredOn(o -> o instanceof Task).hasSize(1);
                assertThat(outcomes).filteredOn(o -> o instanceof ConflictException).hasSize(1);
                Task winner = (Task) outcomes.stream().filter(o -> o instanceof Task).findFirst().orElseThrow();
                assertThat(repo.find(t.id())).contains(winner);
            }
        } finally {
            pool.shutdownNow();
            other.close();
        }
    }

    /** Runs {@code call} once both threads reached the barrier; returns its result or the exception it threw. */
    private static Callable<Object> guarded(CyclicBarrier barrier, Callable<Object> call) {
        return () -> {
            barrier.await(30, TimeUnit.SECONDS);
            try {
                return call.call();
            } catch (RuntimeException e) {
                return e;
            }
        };
    }

    @Test
    void heartbeatTouchesOnlyTheTasksThisInstanceRuns() {
        TaskLedger other = ledger("instance-2");
        try {
            Task mine = ledger.start(create().id());
            Task theirs = other.start(create().id());
            Task pending = create();
            Task ended = ledger.succeed(ledger.start(create().id()).id(), Map.of());
            Task failedHere = ledger.fail(ledger.start(create().id()).id(), "x");
            clock.advance(Duration.ofSeconds(30));

            ledger.heartbeat();

            Task mineNow = repo.find(mine.id()).orElseThrow();
            assertThat(mineNow.heartbeatAt()).isEqualTo(T0.plusSeconds(30));
            assertThat(mineNow.version()).as("a heartbeat never fails its runner's compare-and-set")
                    .isEqualTo(mine.version());
            assertThat(repo.find(theirs.id())).contains(theirs);
            assertThat(repo.find(pending.id())).contains(pending);
            assertThat(repo.find(ended.id())).contains(ended);
            assertThat(repo.find(failedHere.id())).contains(failedHere);

            clock.advance(Duration.ofSeconds(30));
            other.heartbeat();
            assertThat(repo.find(theirs.id()).orElseThrow().heartbeatAt()).isEqualTo(T0.plusSeconds(60));
            assertThat(repo.find(mine.id()).orElseThrow().heartbeatAt()).isEqualTo(T0.plusSeconds(30));
        } finally {
            other.close();
        }
    }

    @Test
    void aFailedStartIsNotHeartbeaten() {
        Task t = ledger.fail(create().id(), "refused before it ran");
        assertThatThrownBy(() -> ledger.start(t.id())).isInstanceOf(ConflictException.class);
        clock.advance(Duration.ofSeconds(30));
        ledger.heartbeat();
        assertThat(repo.find(t.id())).contains(t);
    }

    @Test
    void eventsFollowTheLifeWithGlancesPayloadAndNeverTheInput() throws Exception {
        Task ok = create();
        ledger.start(ok.id());
        ledger.progress(ok.id(), "half");
        Task done = ledger.succeed(ok.id(), Map.of("image_id", "image-1"));
        Task bad = create();
        Task failed = ledger.fail(bad.id(), "refused");

        assertThat(events.types(ok.id())).containsExactly("task.create", "task.run", "task.processing",
                "task.success");
        assertThat(events.types(bad.id())).containsExactly("task.create", "task.failure");
        CatalogEvent success = events.events().stream().filter(e -> e.type().equals("task.success")).findFirst()
                .orElseThrow();
        assertThat(success.payload()).containsOnlyKeys("id", "type", "status", "result", "owner", "message",
                "expires_at", "created_at", "updated_at", "deleted", "deleted_at");
        assertThat(success.payload()).containsEntry("id", ok.id()).containsEntry("type", "api_image_import")
                .containsEntry("status", "success").containsEntry("result", null).containsEntry("message", null)
                .containsEntry("owner", "project-a").containsEntry("deleted", false)
                .containsEntry("deleted_at", null)
                .containsEntry("expires_at", done.expiresAt().toString())
                .containsEntry("created_at", done.createdAt().toString())
                .containsEntry("updated_at", done.updatedAt().toString());
        CatalogEvent create = events.events().get(0);
        assertThat(create.payload()).containsEntry("status", "pending").containsEntry("expires_at", null)
                .doesNotContainKey("input");
        CatalogEvent failure = events.events().stream().filter(e -> e.type().equals("task.failure")).findFirst()
                .orElseThrow();
        assertThat(failure.payload()).containsEntry("status", "failure").containsEntry("message", null)
                .containsEntry("expires_at", failed.expiresAt().toString());
    }

    @Test
    void deleteExpiredRemovesOnlyExpiredTasksWithADeleteEvent() throws Exception {
        Task old = ledger.fail(create().id(), "old");
        clock.advance(Duration.ofHours(1));
        Task young = ledger.fail(create().id(), "young");
        Task running = ledger.start(create().id());
        clock.advance(TTL.minusMinutes(1));

        assertThat(ledger.deleteExpired()).isEqualTo(1);

        assertThat(repo.find(old.id())).isEmpty();
        assertThat(repo.find(young.id())).isPresent();
        assertThat(repo.find(running.id())).isPresent();
        CatalogEvent delete = events.events().stream().filter(e -> e.type().equals("task.delete")).findFirst()
                .orElseThrow();
        assertThat(delete.subjectId()).isEqualTo(old.id());
        assertThat(delete.payload()).containsEntry("deleted", true)
                .containsEntry("deleted_at", T0.plus(Duration.ofMinutes(59)).plus(TTL).toString())
                .containsEntry("status", "failure");
        assertThat(ledger.deleteExpired()).isZero();
    }

    @Test
    void forImageListsTheImagesLiveTasksOldestFirst() {
        Task first = create();
        clock.advance(Duration.ofSeconds(1));
        Task second = ledger.fail(create().id(), "x");
        ledger.create(TaskType.API_IMAGE_IMPORT, ALICE, "image-2", Map.of());
        assertThat(ledger.forImage("image-1")).extracting(Task::id).containsExactly(first.id(), second.id());
        clock.advance(TTL);
        assertThat(ledger.forImage("image-1")).extracting(Task::id).containsExactly(first.id());
    }
}
