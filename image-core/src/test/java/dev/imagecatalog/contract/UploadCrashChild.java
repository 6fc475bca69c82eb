package dev.imagecatalog.contract;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.data.UploadOptions;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.policy.RequestContext;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The child JVM of {@link CrashRecoveryContract}. Builds a catalog from a properties file whose one store is
 * wrapped in {@link FaultyImageStore}, uploads two complete images, then takes a third to a crash point, prints
 * {@code paused <POINT> <image id>} and waits there to be killed:
 * <ul>
 *   <li>{@code BEFORE_FIRST_WRITE}: the image is {@code saving} and the store's writer is open; the data source
 *       blocks in its first read, so no byte has reached the store;</li>
 *   <li>{@code MID_STREAM}: the upload's {@link dev.imagecatalog.data.ProgressListener} blocks once it reports at
 *       least {@code killAt} bytes read (the buffers already handed on keep going to the store);</li>
 *   <li>{@code AFTER_COMMIT}: the store committed the whole object, the image is not yet {@code active}
 *       ({@link FaultyImageStore.Fault#BLOCK_AFTER_COMMIT});</li>
 *   <li>{@code DURING_DELETE}: the image was uploaded and is being deleted: its record says {@code deleted}, the
 *       store's delete of its bytes is held before it starts ({@link FaultyImageStore.Fault#BLOCK_ON_DELETE}).</li>
 * </ul>
 * Prints {@code uploaded <id>} for each complete image and {@code victim <id>} for the third. Each image carries
 * its data's seed in the property {@value #SEED}: its bytes are {@link SeededBytes} of that seed and its size.
 *
 * <p>Arguments: the properties file, the point, the image size, {@code killAt}.
 */
public final class UploadCrashChild {
    /** Where the child can stop. */
    public enum Point { BEFORE_FIRST_WRITE, MID_STREAM, AFTER_COMMIT, DURING_DELETE }

    /** The image property holding the seed of the image's bytes. */
    public static final String SEED = "crash_seed";
    /** The project the child's images belong to. */
    public static final String PROJECT = "crash";

    private UploadCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Properties settings = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
            settings.load(r);
        }
        Point point = Point.valueOf(args[1]);
        long size = Long.parseLong(args[2]);
        long killAt = Long.parseLong(args[3]);
        try (ImageCatalog catalog = ImageCatalog.builder().settings(settings).build()) {
            ImageService images = catalog.images(RequestContext.member(PROJECT, "child"));
            FaultyImageStore store = (FaultyImageStore) catalog.backends().stores().values().iterator().next();
            for (int i = 1; i <= 2; i++) {
                long bytes = i == 1 ? size / 3 + 1 : size;
                Image img = images.create(draft("complete-" + i, i));
                images.upload(img.id(), SeededBytes.stream(i, bytes));
                say("uploaded " + img.id());
            }
            Image victim = images.create(draft("victim", 3));
            String id = victim.id();
            say("victim " + id);
            switch (point) {
                case BEFORE_FIRST_WRITE -> images.upload(id, new InputStream() {
                    @Override
                    public int read() {
                        return pause(point, id);
                    }

                    @Override
                    public int read(byte[] b, int off, int len) {
                        return pause(point, id);
                    }
                });
                case MID_STREAM -> {
                    AtomicBoolean paused = new AtomicBoolean();
                    images.upload(id, SeededBytes.stream(3, size), UploadOptions.builder().progressListener((soFar, total) -> {
                        if (soFar >= killAt && paused.compareAndSet(false, true)) {
                            pause(point, id + " " + soFar);
                        }
                    }).build());
                }
                case AFTER_COMMIT -> {
                    store.inject(FaultyImageStore.Fault.BLOCK_AFTER_COMMIT, 0);
                    inBackground(() -> images.upload(id, SeededBytes.stream(3, size)));
                    awaitBlocked(store, point, id);
                }
                case DURING_DELETE -> {
                    images.upload(id, SeededBytes.stream(3, size));
                    store.inject(FaultyImageStore.Fault.BLOCK_ON_DELETE, 0);
                    inBackground(() -> images.delete(id));
                    awaitBlocked(store, point, id);
                }
            }
            pause(point, id);
        }
    }

    private static ImageDraft draft(String name, long seed) {
        return ImageDraft.builder().name(name).diskFormat("raw").containerFormat("bare")
                .property(SEED, String.valueOf(seed)).build();
    }

    private static void inBackground(Runnable r) {
        Thread t = new Thread(r, "crash-child-operation");
        t.setDaemon(true);
        t.start();
    }

    private static void awaitBlocked(FaultyImageStore store, Point point, String id) throws InterruptedException {
        if (!store.awaitBlocked(60)) {
            throw new IllegalStateException("the store never reached " + point + " for image " + id);
        }
        pause(point, id);
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** Prints {@code paused <point> <what>} and waits to be killed; fails if that does not happen within 2 min. */
    private static int pause(Point point, String what) {
        say("paused " + point + " " + what);
        try {
            Thread.sleep(120_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("not killed at " + point + " within 2 minutes");
    }
}
