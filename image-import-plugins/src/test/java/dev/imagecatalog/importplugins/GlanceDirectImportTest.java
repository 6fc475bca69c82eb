package dev.imagecatalog.importplugins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.contract.TestEnvironment;
import dev.imagecatalog.data.ImageData;
import dev.imagecatalog.data.UploadOptions;
import dev.imagecatalog.event.CatalogEventTypes;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.ImportRequest;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.task.Task;
import dev.imagecatalog.task.TaskStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * glance-direct imports through one catalog with {@code import.plugins = decompression,conversion}: a gzip'd qcow2
 * ends active as raw with the disk's virtual size; a refused archive fails the task and puts the image back to
 * queued. The staging area is empty after either.
 */
class GlanceDirectImportTest {
    private static final String PATH = System.getenv().getOrDefault("PATH", "/usr/bin");

    @TempDir
    static Path staging;
    @TempDir
    Path work;

    private static ImageCatalog catalog;
    /** The ending event (task.success or task.failure) of each task, by task id. */
    private static final Map<String, BlockingQueue<String>> ENDED = new ConcurrentHashMap<>();

    @BeforeAll
    static void catalog() {
        TestEnvironment.requireThat(ConversionProvider.onPath(PATH, "qemu-img").isPresent(),
                "qemu-img is not installed (scripts/servers/install.sh installs Debian's qemu-utils)");
        catalog = ImageCatalog.builder().setting("metadata.type", "memory")
                .setting("stores", "mem").setting("store.mem.type", "memory")
                .setting("import.staging-dir", staging.toString())
                .setting("import.plugins", "decompression,conversion")
                .listener(e -> {
                    if (e.type().equals(CatalogEventTypes.TASK_SUCCESS)
                            || e.type().equals(CatalogEventTypes.TASK_FAILURE)) {
                        ended(e.subjectId()).add(e.type());
                    }
                }).build();
    }

    @AfterAll
    static void close() {
        if (catalog != null) {
            catalog.close();
        }
    }

    private static BlockingQueue<String> ended(String taskId) {
        return ENDED.computeIfAbsent(taskId, k -> new LinkedBlockingQueue<>());
    }

    /** Stages {@code data} for a new image claiming {@code diskFormat}, imports it, and waits for the task's end. */
    private static Task imported(ImageService images, String diskFormat, byte[] data) throws Exception {
        Image image = images.create(ImageDraft.builder().name("import").diskFormat(diskFormat)
                .containerFormat("bare").build());
        try (InputStream in = new ByteArrayInputStream(data)) {
            images.stage(image.id(), in, UploadOptions.defaults());
        }
        Task task = images.importImage(image.id(), ImportRequest.glanceDirect());
        String end = ended(task.id()).poll(60, TimeUnit.SECONDS);
        Task done = images.tasks(image.id()).stream().filter(t -> t.id().equals(task.id())).findFirst()
                .orElseThrow();
        assertThat(end).as("task %s", done).isNotNull();
        return done;
    }

    private static void stagingIsEmpty() throws IOException {
        try (Stream<Path> left = Files.walk(staging)) {
            assertThat(left.filter(Files::isRegularFile).toList()).isEqualTo(List.of());
        }
    }

    @Test
    void aGzippedQcow2EndsActiveAsRaw() throws Exception {
        byte[] disk = new byte[2 * 1024 * 1024];
        byte[] block = new byte[32 * 1024];
        new Random(5).nextBytes(block);
        System.arraycopy(block, 0, disk, 1024 * 1024, block.length);
        Path raw = Files.write(work.resolve("disk.raw"), disk);
        Path qcow2 = work.resolve("disk.qcow2");
        Process p = new ProcessBuilder(ConversionProvider.onPath(PATH, "qemu-img").orElseThrow().toString(),
                "convert", "-f", "raw", "-O", "qcow2", raw.toString(), qcow2.toString()).inheritIO().start();
        assertThat(p.waitFor()).isZero();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            Files.copy(qcow2, out);
        }

        ImageService images = catalog.images(RequestContext.member("p1", "u1"));
        Task task = imported(images, "qcow2", gz.toByteArray());
        assertThat(task.status()).as("task %s", task).isEqualTo(TaskStatus.SUCCESS);
        Image image = images.get(task.imageId());
        assertThat(image.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(image.diskFormat()).isEqualTo("raw");
        assertThat(image.containerFormat()).isEqualTo("bare");
        assertThat(image.virtualSize()).isEqualTo((long) disk.length);
        assertThat(image.size()).isEqualTo((long) disk.length);
        try (ImageData data = images.download(image.id())) {
            assertThat(data.stream().readAllBytes()).isEqualTo(disk);
        }
        stagingIsEmpty();
    }

    @Test
    void aRefusedArchiveFailsTheTaskAndTheImageGoesBackToQueued() throws Exception {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            for (String name : List.of("a.raw", "b.raw")) {
                z.putNextEntry(new ZipEntry(name));
                z.write(new byte[4096]);
                z.closeEntry();
            }
        }
        ImageService images = catalog.images(RequestContext.member("p1", "u1"));
        Task task = imported(images, "raw", zip.toByteArray());
        assertThat(task.status()).isEqualTo(TaskStatus.FAILURE);
        assertThat(task.message()).contains("holds 2 entries");
        Image image = images.get(task.imageId());
        assertThat(image.status()).isEqualTo(ImageStatus.QUEUED);
        assertThat(image.diskFormat()).isEqualTo("raw");
        stagingIsEmpty();
    }
}
