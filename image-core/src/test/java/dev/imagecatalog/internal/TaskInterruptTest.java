package dev.imagecatalog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.config.Settings;
import dev.imagecatalog.memory.MemoryMetadataProvider;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.spi.MetadataRepository;
import dev.imagecatalog.spi.TaskRepository;
import dev.imagecatalog.task.Task;
import dev.imagecatalog.task.TaskStatus;
import dev.imagecatalog.task.TaskType;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link TaskLedger#failIfUnchanged}, the compare-and-set by which the task sweeps of several instances end a dead
 * runner's task: the first wins and publishes task.failure; a sweep that read the task before it changed (another
 * sweep ended it, its runner progressed) changes nothing and publishes nothing.
 */
class TaskInterruptTest {
    private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");
    private static final RequestContext ALICE = RequestContext.member("project-a", "alice");

    private final TaskTestClock clock = new TaskTestClock(T0);
    private final MetadataRepository metadata = new MemoryMetadataProvider().create(Settings.of(Map.of()));
    private final TaskRepository repo = metadata.tasks();
    private final TaskEventRecorder events = new TaskEventRecorder();
    private final TaskLedger runner = ledger("dead-host");
    private final TaskLedger sweeperA = ledger("host-a");
    private final TaskLedger sweeperB = ledger("host-b");

    private TaskLedger ledger(String instance) {
        return new TaskLedger(repo, events.bus, instance, Duration.ofHours(48), Duration.ofHours(1), "test-heartbeat",
                clock);
    }

    @AfterEach
    void close() throws Exception {
        runner.close();
        sweeperA.close();
        sweeperB.close();
        events.close();
        metadata.close();
    }

    @Test
    void ofTwoSweepsThatReadTheSameTaskOneEndsIt() throws Exception {
        Task created = runner.create(TaskType.API_IMAGE_IMPORT, ALICE, "image-1", Map.of());
        assertThat(runner.runsHere(created.id())).as("a pending task waiting for a worker here").isTrue();
        Task seen = runner.start(created.id());
        assertThat(runner.runsHere(seen.id())).isTrue();
        assertThat(sweeperA.runsHere(seen.id())).isFalse();
        clock.advance(Duration.ofMinutes(5));

        Task failed = sweeperA.failIfUnchanged(seen, "interrupted").orElseThrow();
        assertThat(sweeperB.failIfUnchanged(seen, "interrupted")).isEmpty();

        assertThat(failed.status()).isEqualTo(TaskStatus.FAILURE);
        assertThat(failed.message()).isEqualTo("interrupted");
        assertThat(failed.runner()).isNull();
        assertThat(failed.expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)).plus(Duration.ofHours(48)));
        assertThat(repo.find(seen.id())).contains(failed);
        assertThat(events.types(seen.id())).containsOnlyOnce("task.failure");
    }

    @Test
    void aTaskThatChangedSinceItWasReadIsLeftAlone() throws Exception {
        Task seen = runner.start(runner.create(TaskType.API_IMAGE_IMPORT, ALICE, "image-1", Map.of()).id());
        runner.progress(seen.id(), "Copied 1 MiB"); // the runner was alive after all

        assertThat(sweeperA.failIfUnchanged(seen, "interrupted")).isEmpty();
        Task now = repo.find(seen.id()).orElseThrow();
        assertThat(now.status()).isEqualTo(TaskStatus.PROCESSING);
        assertThat(now.message()).isEqualTo("Copied 1 MiB");
        assertThat(events.types(seen.id())).doesNotContain("task.failure");

        Task ended = runner.succeed(seen.id(), Map.of("image_id", "image-1"));
        assertThat(sweeperA.failIfUnchanged(ended, "interrupted")).isEmpty();
        assertThat(repo.find(seen.id()).orElseThrow().status()).isEqualTo(TaskStatus.SUCCESS);
    }
}
