package dev.imagecatalog.contract;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.data.UploadOptions;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.ImportRequest;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.task.Task;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The child JVM of {@link ImportCrashContract}: builds a catalog from a properties file (stores {@code src} and
 * {@code dst}, {@code dst} wrapped in {@link FaultyImageStore} and the default), takes one image to a point of its
 * stage or import and prints {@code paused <POINT> <image id> <task id or ->}, then waits to be killed:
 * <ul>
 *   <li>{@code STAGE}: staging, the data source blocked after half the bytes;</li>
 *   <li>{@code WEB_DOWNLOAD}: a web-download import of the URL given, fetching (the test's server holds the body
 *       half-way; the line comes once the task runs);</li>
 *   <li>{@code STORE_WRITE}: a glance-direct import writing to {@code dst}, held half-way;</li>
 *   <li>{@code AFTER_COMMIT}: a glance-direct import whose write to {@code dst} is committed, not yet active;</li>
 *   <li>{@code COPY_WRITE}: a copy-image import of an image active in {@code src} writing to {@code dst}, held
 *       half-way;</li>
 *   <li>{@code COMPLETE}: a web-download import of the URL given, then {@code done <image id> <task id>} once its
 *       task has ended, and exit (used while another instance starts).</li>
 * </ul>
 * Arguments: the properties file, the point, the image size, the URL (web-download points, else {@code -}).
 */
public final class ImportCrashChild {
    /** Where the child stops. */
    public enum Point { STAGE, WEB_DOWNLOAD, STORE_WRITE, AFTER_COMMIT, COPY_WRITE, COMPLETE }

    /** The project of the child's images. */
    public static final String PROJECT = "import-crash";

    private ImportCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Properties settings = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
            settings.load(r);
        }
        Point point = Point.valueOf(args[1]);
        long size = Long.parseLong(args[2]);
        String url = args[3];
        try (ImageCatalog catalog = ImageCatalog.builder().settings(settings).build()) {
            ImageService admin = catalog.images(RequestContext.admin(PROJECT, "child"));
            FaultyImageStore dst = (FaultyImageStore) catalog.backends().stores().get("dst");
            Image img = admin.create(ImageDraft.builder().name(point.name()).diskFormat("raw").containerFormat("bare")
                    .build());
            String id = img.id();
            switch (point) {
                case STAGE -> admin.stage(id, halfThenBlock(size, id), UploadOptions.defaults());
                case WEB_DOWNLOAD -> {
                    Task t = admin.importImage(id, ImportRequest.webDownload(url));
                    awaitRunning(catalog, t);
                    pause(point, id, t.id());
                }
                case STORE_WRITE, AFTER_COMMIT -> {
                    admin.stage(id, SeededBytes.stream(5, size), UploadOptions.defaults());
                    dst.inject(point == Point.STORE_WRITE ? FaultyImageStore.Fault.BLOCK_ON_WRITE
                            : FaultyImageStore.Fault.BLOCK_AFTER_COMMIT, size / 2);
                    Task t = admin.importImage(id, ImportRequest.glanceDirect());
                    awaitBlocked(dst, point, id, t);
                }
                case COPY_WRITE -> {
                    admin.upload(id, SeededBytes.stream(5, size), UploadOptions.builder().store("src").build());
                    dst.inject(FaultyImageStore.Fault.BLOCK_ON_WRITE, size / 2);
                    Task t = admin.importImage(id, ImportRequest.copyImage(List.of("dst")));
                    awaitBlocked(dst, point, id, t);
                }
                case COMPLETE -> {
                    Task t = admin.importImage(id, ImportRequest.webDownload(url));
                    say("importing " + id + " " + t.id());
                    while (!catalog.backends().metadataRepository().tasks().find(t.id()).orElseThrow().status()
                            .terminal()) {
                        Thread.sleep(20);
                    }
                    say("done " + id + " " + t.id());
                    return;
                }
            }
        }
    }

    /** The first half of the image's bytes, then a read that pauses the child. */
    private static InputStream halfThenBlock(long size, String id) {
        InputStream data = SeededBytes.stream(5, size);
        AtomicBoolean paused = new AtomicBoolean();
        return new InputStream() {
            private long given;

            @Override
            public int read() throws java.io.IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                if (given >= size / 2 && paused.compareAndSet(false, true)) {
                    pause(Point.STAGE, id, "-");
                }
                int n = data.read(b, off, (int) Math.min(len, Math.max(1, size / 2 - given)));
                given += Math.max(n, 0);
                return n;
            }
        };
    }

    private static void awaitRunning(ImageCatalog catalog, Task t) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (catalog.backends().metadataRepository().tasks().find(t.id()).orElseThrow().runner() == null) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("task " + t.id() + " never started");
            }
            Thread.sleep(10);
        }
    }

    private static void awaitBlocked(FaultyImageStore store, Point point, String id, Task t)
            throws InterruptedException {
        if (!store.awaitBlocked(60)) {
            throw new IllegalStateException("the import never reached " + point + " for image " + id);
        }
        pause(point, id, t.id());
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** Prints {@code paused <point> <image> <task>} and waits to be killed; fails if that does not happen in 2 min. */
    private static int pause(Point point, String id, String task) {
        say("paused " + point + " " + id + " " + task);
        try {
            Thread.sleep(120_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("not killed at " + point + " within 2 minutes");
    }
}
