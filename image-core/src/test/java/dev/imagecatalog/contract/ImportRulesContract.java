package dev.imagecatalog.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import com.sun.net.httpserver.HttpServer;
import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.data.ImageData;
import dev.imagecatalog.data.UploadOptions;
import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.error.ForbiddenException;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.error.TooLargeException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.ImportRequest;
import dev.imagecatalog.image.ImportMethod;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.recovery.RecoveryReport;
import dev.imagecatalog.spi.StoredObject;
import dev.imagecatalog.task.Task;
import dev.imagecatalog.task.TaskStatus;
import dev.imagecatalog.task.TaskType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The import checks made before any store or task is reached, on top of {@link ImportContract}: each precondition's
 * error, stages that fail and leave nothing, a failed download, a download over the quota, a young lock that holds,
 * and the legacy {@code import} task. They do not depend on the back-ends, so the memory and filesystem back-ends
 * run them; every back-end runs {@link ImportContract}.
 */
public abstract class ImportRulesContract extends ImportContract {

    @Test
    void aFailedDownloadFailsTheTaskAndReturnsTheImageToQueued() throws Exception {
        ImageCatalog c = open();
        ImageService alice = c.images(ALICE);
        Image img = queued(alice, "raw");
        Task task = importAndWait(alice, img.id(), ImportRequest.webDownload(url("/missing")));
        assertThat(task.status()).isEqualTo(TaskStatus.FAILURE);
        assertThat(task.message()).contains("404");
        assertQueuedAndUnlocked(alice, img.id());
        assertNothingLeft(c, img.id());
    }

    @Test
    void theLegacyImportTaskCreatesTheImageAndDownloadsIt() throws Exception {
        ImageCatalog c = open();
        Map<String, Object> input = Map.of("import_from", url("/image"), "import_from_format", "raw",
                "image_properties", Map.of("name", "legacy", "container_format", "bare", "hw_arch", "x86_64"));
        Task created = c.tasks(ADMIN).createImport(input);
        assertThat(created.type()).isEqualTo(TaskType.IMPORT);
        ImageService admin = c.images(ADMIN);
        Task task = await(admin, created.imageId(), created.id());
        assertThat(task.status()).as(task.message()).isEqualTo(TaskStatus.SUCCESS);
        assertThat(task.result()).containsEntry("image_id", created.imageId());
        Image img = admin.get(created.imageId());
        assertThat(img.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(img.name()).isEqualTo("legacy");
        assertThat(img.diskFormat()).isEqualTo("raw");
        assertThat(img.properties()).containsEntry("hw_arch", "x86_64");
        assertThat(download(admin, img.id())).isEqualTo(DATA);

        int images = admin.list(dev.imagecatalog.image.ImageQuery.builder().build()).items().size();
        assertThatThrownBy(() -> c.tasks(ADMIN).createImport(Map.of("import_from", "file:///etc/passwd",
                "import_from_format", "raw", "image_properties", Map.of("container_format", "bare"))))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> c.tasks(ADMIN).createImport(Map.of("import_from", "http://169.254.169.254/x",
                "import_from_format", "raw", "image_properties", Map.of("container_format", "bare"))))
                .isInstanceOf(InvalidInputException.class);
        assertThat(admin.list(dev.imagecatalog.image.ImageQuery.builder().build()).items())
                .as("a refused import task creates no image").hasSize(images);
    }

    @Test
    void aLockOfARecentPendingTaskHolds() throws Exception {
        ImageCatalog c = open();
        ImageService admin = c.images(ADMIN);
        Image img = queued(admin, "raw");
        admin.upload(img.id(), new ByteArrayInputStream(DATA));
        Instant recent = Instant.now().minus(Duration.ofMinutes(90));
        Task pending = Task.builder().id(UUID.randomUUID().toString()).type(TaskType.API_IMAGE_IMPORT)
                .status(TaskStatus.PENDING).owner("project-admin").imageId(img.id()).createdAt(recent)
                .updatedAt(recent).build();
        c.backends().metadataRepository().tasks().create(pending);
        lock(c, img.id(), pending.id());
        assertThatThrownBy(() -> admin.importImage(img.id(), ImportRequest.copyImage(List.of("b"))))
                .as("pending for 90 minutes: not yet stale").isInstanceOf(ConflictException.class);
        assertThat(c.backends().metadataRepository().tasks().find(pending.id()).orElseThrow().status())
                .isEqualTo(TaskStatus.PENDING);
    }

    @Test
    void aDownloadPassingTheQuotaFailsTheTaskAndLeavesNothing() throws Exception {
        ImageCatalog c = open(Map.of("quota.image-size-total", "300KiB"));
        ImageService alice = c.images(ALICE);
        alice.upload(queued(alice, "raw").id(), new ByteArrayInputStream(DATA));
        Image img = queued(alice, "raw");
        Task task = importAndWait(alice, img.id(), ImportRequest.webDownload(url("/image")));
        assertThat(task.status()).isEqualTo(TaskStatus.FAILURE);
        assertThat(task.message()).contains("image_size_total");
        assertQueuedAndUnlocked(alice, img.id());
        assertNothingLeft(c, img.id());
    }

    @Test
    void failedStagesLeaveNothingAndTheImageQueued() throws Exception {
        ImageCatalog c = open(Map.of("image.size-cap", "150KiB", "quota.image-stage-total", "100KiB"));
        ImageService alice = c.images(ALICE);
        Image img = queued(alice, "raw");
        byte[] small = seeded(50_000, 3);
        assertThatThrownBy(() -> alice.stage(img.id(), new ByteArrayInputStream(small),
                UploadOptions.builder().declaredSize(small.length + 1).build()))
                .as("declared size mismatch").isInstanceOf(InvalidInputException.class);
        assertQueuedAndUnlocked(alice, img.id());
        assertNothingLeft(c, img.id());
        assertThatThrownBy(() -> alice.stage(img.id(), new ByteArrayInputStream(DATA), null))
                .as("over the size cap").isInstanceOf(TooLargeException.class);
        assertQueuedAndUnlocked(alice, img.id());
        assertNothingLeft(c, img.id());
        byte[] overQuota = seeded(120_000, 4);
        assertThatThrownBy(() -> alice.stage(img.id(), new ByteArrayInputStream(overQuota), null))
                .as("over image_stage_total").isInstanceOf(TooLargeException.class);
        assertQueuedAndUnlocked(alice, img.id());
        assertNothingLeft(c, img.id());
        assertThat(alice.stage(img.id(), new ByteArrayInputStream(small), null).size()).isEqualTo(small.length);
    }

    @Test
    void eachPreconditionHasItsError() throws Exception {
        ImageCatalog c = open(Map.of("store.b.read-only", "true"));
        ImageService alice = c.images(ALICE);
        Image queued = queued(alice, "raw");
        String id = queued.id();
        assertThatThrownBy(() -> alice.importImage(id, ImportRequest.glanceDirect()))
                .as("glance-direct of a queued image").isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> alice.importImage(id, ImportRequest.webDownload("file:///etc/passwd")))
                .as("a refused URL").isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> alice.importImage(id, ImportRequest.webDownload(url("/image"))
                .withStores(List.of("a")).withAllStores(true, true))).as("stores with all_stores")
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> alice.importImage(id, ImportRequest.webDownload(url("/image"))
                .withStores(List.of("nowhere")))).as("an unknown store").isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> alice.importImage(id, ImportRequest.webDownload(url("/image"))
                .withStores(List.of("b")))).as("a read-only store").isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> alice.importImage(id, ImportRequest.copyImage(List.of("a"))))
                .as("copy-image of a queued image").isInstanceOf(ForbiddenException.class);
        Image noFormat = alice.create(ImageDraft.builder().name("no-format").build());
        assertThatThrownBy(() -> alice.importImage(noFormat.id(), ImportRequest.webDownload(url("/image"))))
                .as("no disk or container format").isInstanceOf(ConflictException.class);
        alice.stage(id, new ByteArrayInputStream(DATA), null);
        assertThatThrownBy(() -> alice.importImage(id, ImportRequest.webDownload(url("/image"))))
                .as("web-download of an uploading image").isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> c.images(RequestContext.member("project-b", "bob"))
                .importImage(id, ImportRequest.glanceDirect())).isInstanceOf(NotFoundException.class);
        assertThat(alice.tasks(id)).as("no task for a refused import").isEmpty();
        assertThat(alice.get(id).status()).isEqualTo(ImageStatus.UPLOADING);

        ImageCatalog onlyDirect = open(Map.of("import.methods", "glance-direct"));
        Image other = queued(onlyDirect.images(ALICE), "raw");
        assertThatThrownBy(() -> onlyDirect.images(ALICE).importImage(other.id(),
                ImportRequest.webDownload(url("/image")))).as("a method not enabled")
                .isInstanceOf(InvalidInputException.class);
        ImageCatalog noDirect = open(Map.of("import.methods", "web-download"));
        Image third = queued(noDirect.images(ALICE), "raw");
        assertThatThrownBy(() -> noDirect.images(ALICE).stage(third.id(), new ByteArrayInputStream(DATA), null))
                .as("stage without glance-direct").isInstanceOf(NotFoundException.class);
    }
}
