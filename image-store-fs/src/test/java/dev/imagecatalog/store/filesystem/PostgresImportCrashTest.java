package dev.imagecatalog.store.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.contract.ChildJvm;
import dev.imagecatalog.contract.ImportCrashChild;
import dev.imagecatalog.contract.ImportCrashContract;
import dev.imagecatalog.contract.SeededBytes;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.spi.MetadataRepository;
import dev.imagecatalog.task.Task;
import dev.imagecatalog.task.TaskStatus;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The import crash tests ({@link ImportCrashContract}) with the metadata in PostgreSQL (a database of its own per
 * test): recovery is another instance on the same database that keeps running, and a second instance starting
 * while the first imports leaves that import alone.
 */
class PostgresImportCrashTest extends ImportCrashContract {
    private PostgresDatabase database;

    @Override
    protected Map<String, String> metadataSettings() throws SQLException {
        if (database == null) {
            database = new PostgresDatabase("ic_import_");
        }
        return database.metadataSettings();
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        if (database != null) {
            database.drop();
        }
    }

    @Override
    protected boolean shared() {
        return true;
    }

    @Test
    void anotherInstanceStartingWhileOneImportsLeavesItsTaskAlone() throws Exception {
        try (ChildJvm a = ChildJvm.start("importing", ImportCrashChild.class, List.of(), List.of(
                childSettings("instance-a").toString(), ImportCrashChild.Point.COMPLETE.name(), String.valueOf(SIZE),
                url()))) {
            String[] importing = a.awaitLine("importing ", TIMEOUT).split(" ");
            String imageId = importing[1];
            String taskId = importing[2];
            assertThat(halfSent.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            await("the fetched bytes in the staging area", this::stagedBytes);
            try (ImageCatalog b = ImageCatalog.builder().settings(settings("instance-b")).build()) {
                MetadataRepository repo = b.backends().metadataRepository();
                Task running = repo.tasks().find(taskId).orElseThrow();
                assertThat(running.status()).isEqualTo(TaskStatus.PROCESSING);
                assertThat(running.runner()).isEqualTo("instance-a");
                // past the grace since the task started, only its heartbeat keeps it alive
                Instant judged = running.createdAt().plus(Duration.parse("PT" + GRACE)).plusMillis(500);
                await("the grace to pass", () -> Instant.now().isAfter(judged));
                assertThat(b.recover().interruptedTasks()).isEmpty();
                assertThat(repo.tasks().find(taskId).orElseThrow().status()).isEqualTo(TaskStatus.PROCESSING);
                Image held = repo.find(imageId).orElseThrow();
                assertThat(held.status()).isEqualTo(ImageStatus.IMPORTING);
                assertThat(held.properties()).containsEntry("os_glance_import_task", taskId);
                assertThat(filesIn("staging")).isNotEmpty();

                release.countDown();
                a.awaitLine("done ", TIMEOUT);
                assertThat(repo.tasks().find(taskId).orElseThrow().status()).isEqualTo(TaskStatus.SUCCESS);
                Image imported = repo.find(imageId).orElseThrow();
                assertThat(imported.status()).isEqualTo(ImageStatus.ACTIVE);
                assertThat(imported.properties()).doesNotContainKey("os_glance_import_task");
                assertThat(filesIn("dst")).hasSize(1);
                assertThat(filesIn("staging")).isEmpty();
                assertThat(all(b.images(RequestContext.admin(ImportCrashChild.PROJECT, "test")).download(imageId)
                        .stream())).isEqualTo(SeededBytes.stream(5, SIZE).readAllBytes());
            }
        }
    }
}
