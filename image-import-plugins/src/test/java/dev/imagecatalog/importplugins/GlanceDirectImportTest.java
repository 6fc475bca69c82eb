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
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A glance-direct import through the catalog with {@code import.plugins = decompression,conversion}: a gzip'd qcow2
 * is staged and ends active as raw, its virtual size the disk's, the staging area empty.
 */
class GlanceDirectImportTest {

    @TempDir
    Path staging;
    @TempDir
    Path work;

    @Test
    void aGzippedQcow2EndsActiveAsRaw() throws Exception {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin");
        TestEnvironment.requireThat(ConversionProvider.onPath(path, "qemu-img").isPresent(),
                "qemu-img is not installed (scripts/servers/install.sh installs Debian's qemu-utils)");
        byte[] disk = new byte[2 * 1024 * 1024];
        byte[] block = new byte[32 * 1024];
        new Random(5).nextBytes(block);
        System.arraycopy(block, 0, disk, 1024 * 1024, block.length);
        Path raw = Files.write(work.resolve("disk.raw"), disk);
        Path qcow2 = work.resolve("disk.qcow2");
        Process p = new ProcessBuilder(ConversionProvider.onPath(path, "qemu-img").orElseThrow().toString(),
                "convert", "-f", "raw", "-O", "qcow2", raw.toString(), qcow2.toString()).inheritIO().start();
        assertThat(p.waitFor()).isZero();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            Files.copy(qcow2, out);
        }

        BlockingQueue<String> ended = new LinkedBlockingQueue<>();
        try (ImageCatalog catalog = ImageCatalog.builder().setting("metadata.type", "memory")
                .setting("stores", "mem").setting("store.mem.type", "memory")
                .setting("import.staging-dir", staging.toString())
                .setting("import.plugins", "decompression,conversion")
                .listener(e -> {
                    if (e.type().equals(CatalogEventTypes.TASK_SUCCESS)
                            || e.type().equals(CatalogEventTypes.TASK_FAILURE)) {
                        ended.add(e.type());
                    }
                }).build()) {
            ImageService images = catalog.images(RequestContext.member("p1", "u1"));
            Image image = images.create(ImageDraft.builder().name("gz").diskFormat("qcow2").containerFormat("bare")
                    .build());
            try (InputStream in = new ByteArrayInputStream(gz.toByteArray())) {
                images.stage(image.id(), in, UploadOptions.defaults());
            }
            Task task = images.importImage(image.id(), ImportRequest.glanceDirect());
            String end = ended.poll(60, TimeUnit.SECONDS);
            Task done = images.tasks(image.id()).stream().filter(t -> t.id().equals(task.id())).findFirst()
                    .orElseThrow();
            assertThat(end).as("task %s", done).isEqualTo(CatalogEventTypes.TASK_SUCCESS);
            assertThat(done.status()).isEqualTo(TaskStatus.SUCCESS);

            Image imported = images.get(image.id());
            assertThat(imported.status()).isEqualTo(ImageStatus.ACTIVE);
            assertThat(imported.diskFormat()).isEqualTo("raw");
            assertThat(imported.containerFormat()).isEqualTo("bare");
            assertThat(imported.virtualSize()).isEqualTo((long) disk.length);
            assertThat(imported.size()).isEqualTo((long) disk.length);
            try (ImageData data = images.download(image.id())) {
                assertThat(data.stream().readAllBytes()).isEqualTo(disk);
            }
            try (Stream<Path> left = Files.walk(staging)) {
                assertThat(left.filter(Files::isRegularFile).toList()).isEqualTo(List.of());
            }
        }
    }
}
