package dev.imagecatalog.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.data.UploadOptions;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageLocation;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.ImportRequest;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.spi.MetadataRepository;
import dev.imagecatalog.task.Task;
import dev.imagecatalog.task.TaskStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Stages and imports SIGKILLed in a child JVM ({@link ImportCrashChild}) on two filesystem stores ({@code src},
 * {@code dst}) with a shared staging directory: during the stage, during a web-download fetch (from a loopback
 * server of this test that holds the body half-way), during the write to the store, after the store's commit before
 * activation, and during a copy-image's write. Then recovery, by a restart of the same instance or (a metadata
 * back-end shared by processes) by another live instance once {@code recovery.orphan-grace} has passed: the task
 * failed with "interrupted", the image's lock and importing stores gone, the image queued (copy-image: active in
 * {@code src} only), the staging area and {@code dst} empty, no write intent left; the image imports again.
 */
public abstract class ImportCrashContract {
    protected static final Duration TIMEOUT = Duration.ofSeconds(120);
    protected static final long SIZE = 256L << 10;
    protected static final String GRACE = "2s";
    protected static final String HEARTBEAT = "200ms";

    @TempDir
    protected Path dir;

    protected HttpServer server;
    protected volatile CountDownLatch halfSent = new CountDownLatch(1);
    protected volatile CountDownLatch release = new CountDownLatch(1);

    /** The metadata settings ({@code metadata.*}) of the catalog under test; every instance shares them. */
    protected abstract Map<String, String> metadataSettings() throws Exception;

    /**
     * Whether the metadata back-end is shared by processes: then recovery is another instance that is running, not a
     * restart.
     */
    protected abstract boolean shared();

    @BeforeEach
    void slowServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/image", exchange -> {
            byte[] body = SeededBytes.stream(5, SIZE).readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body, 0, body.length / 2);
                out.flush();
                halfSent.countDown();
                if (!release.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    return;
                }
                out.write(body, body.length / 2, body.length - body.length / 2);
            } catch (InterruptedException | IOException e) {
                exchange.close();
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "slow-image-server");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.stop(0);
    }

    protected String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/image";
    }

    /** The settings of an instance named {@code instance}. */
    protected Map<String, String> settings(String instance) throws Exception {
        Map<String, String> s = new LinkedHashMap<>(metadataSettings());
        s.put("catalog.instance", instance);
        s.put("stores", "src,dst");
        s.put("stores.default", "dst");
        s.put("store.src.type", "filesystem");
        s.put("store.src.datadir", dir.resolve("src").toString());
        s.put("store.dst.type", "filesystem");
        s.put("store.dst.datadir", dir.resolve("dst").toString());
        s.put("import.staging-dir", dir.resolve("staging").toString());
        s.put("import.filtering.allowed-ports", String.valueOf(server.getAddress().getPort()));
        s.put("import.filtering.allowed-networks", "127.0.0.0/8");
        s.put("recovery.orphan-grace", GRACE);
        s.put("recovery.intent-heartbeat", HEARTBEAT);
        return s;
    }

    /** The child's settings: {@code dst} wrapped in {@link FaultyImageStore}. */
    protected Path childSettings(String instance) throws Exception {
        Map<String, String> child = new LinkedHashMap<>(settings(instance));
        child.put("store.dst.type", "faulty");
        child.put("store.dst.delegate.type", "filesystem");
        child.put("store.dst.delegate.datadir", child.remove("store.dst.datadir"));
        Path file = dir.resolve(instance + ".properties");
        Properties p = new Properties();
        p.putAll(child);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "import crash child");
        }
        return file;
    }

    /** Every regular file under {@code sub} of the test directory. */
    protected List<String> filesIn(String sub) throws IOException {
        Path d = dir.resolve(sub);
        if (!Files.exists(d)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(d)) {
            return all.filter(Files::isRegularFile).map(f -> d.relativize(f).toString()).collect(Collectors.toList());
        }
    }

    /** Whether a file in the staging area holds bytes. */
    protected boolean stagedBytes() {
        try (Stream<Path> all = Files.walk(dir.resolve("staging"))) {
            return all.anyMatch(f -> {
                try {
                    return Files.isRegularFile(f) && Files.size(f) > 0;
                } catch (IOException e) {
                    return false; // gone meanwhile
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    /** Polls until {@code done} holds, failing with {@code what} after {@link #TIMEOUT}. */
    protected static void await(String what, Supplier<Boolean> done) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!done.get()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ImportCrashChild.Point.class, names = "COMPLETE", mode = EnumSource.Mode.EXCLUDE)
    void killedAndRecovered(ImportCrashChild.Point point) throws Exception {
        String imageId;
        String taskId;
        try (ChildJvm jvm = ChildJvm.start("import-" + point, ImportCrashChild.class, List.of(), List.of(
                childSettings("instance-a").toString(), point.name(), String.valueOf(SIZE), url()))) {
            String[] paused = jvm.awaitLine("paused ", TIMEOUT).split(" ");
            imageId = paused[2];
            taskId = paused[3].equals("-") ? null : paused[3];
            if (point == ImportCrashChild.Point.WEB_DOWNLOAD) {
                assertThat(halfSent.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
                await("the fetched bytes in the staging area", this::stagedBytes);
            }
            jvm.kill();
        }
        if (point == ImportCrashChild.Point.AFTER_COMMIT) {
            assertThat(filesIn("dst")).as("the committed object").hasSize(1);
        }
        if (point != ImportCrashChild.Point.COPY_WRITE) { // a copy goes from store to store
            assertThat(filesIn("staging")).as("staging before recovery").isNotEmpty();
        }

        try (ImageCatalog catalog = recovered(imageId, taskId)) {
            MetadataRepository repo = catalog.backends().metadataRepository();
            if (taskId != null) {
                Task t = repo.tasks().find(taskId).orElseThrow();
                assertThat(t.status()).isEqualTo(TaskStatus.FAILURE);
                assertThat(t.message()).isEqualTo("interrupted");
                assertThat(t.expiresAt()).isNotNull();
            }
            Image img = repo.find(imageId).orElseThrow();
            assertThat(img.properties()).doesNotContainKeys("os_glance_import_task", "os_glance_importing_to_stores");
            if (point == ImportCrashChild.Point.COPY_WRITE) {
                assertThat(img.status()).isEqualTo(ImageStatus.ACTIVE);
                assertThat(img.locations()).extracting(ImageLocation::storeId).containsExactly("src");
                assertThat(img.locations()).allMatch(ImageLocation::isActive);
            } else {
                assertThat(img.status()).isEqualTo(ImageStatus.QUEUED);
                assertThat(img.locations()).isEmpty();
                assertThat(img.size()).isNull();
            }
            assertThat(filesIn("staging")).as("the staging area").isEmpty();
            assertThat(filesIn("dst")).as("the target store").isEmpty();
            assertThat(repo.writeIntents()).isEmpty();

            ImageService admin = catalog.images(RequestContext.admin(ImportCrashChild.PROJECT, "test"));
            ImportRequest again = ImportRequest.copyImage(List.of("dst"));
            if (point != ImportCrashChild.Point.COPY_WRITE) {
                admin.stage(imageId, SeededBytes.stream(5, SIZE), UploadOptions.defaults());
                again = ImportRequest.glanceDirect();
            }
            Task t = admin.importImage(imageId, again);
            await("the import again", () -> repo.tasks().find(t.id()).orElseThrow().status().terminal());
            assertThat(repo.tasks().find(t.id()).orElseThrow().status()).isEqualTo(TaskStatus.SUCCESS);
            assertThat(all(admin.download(imageId).stream())).isEqualTo(SeededBytes.stream(5, SIZE).readAllBytes());
            assertThat(filesIn("staging")).isEmpty();
        }
    }

    /** {@return the rest of {@code in}, which is closed} */
    protected static byte[] all(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    /**
     * After the child was killed: a restart of its instance (recovery at start-up), or, on a shared back-end,
     * another instance that was not restarted: it fails the task on its own once the grace has passed (its periodic
     * task sweep), and its {@link ImageCatalog#recover()} removes what the dead writes left in the stores once their
     * write intents are stale too.
     */
    private ImageCatalog recovered(String imageId, String taskId) throws Exception {
        if (!shared()) {
            return ImageCatalog.builder().settings(settings("instance-a")).build();
        }
        ImageCatalog b = ImageCatalog.builder().settings(settings("instance-b")).build();
        MetadataRepository repo = b.backends().metadataRepository();
        if (taskId != null) {
            await("the other instance to fail task " + taskId, () -> repo.tasks().find(taskId).orElseThrow().status()
                    == TaskStatus.FAILURE);
        } else {
            await("the other instance to undo the stage of " + imageId, () -> repo.find(imageId).orElseThrow()
                    .status() == ImageStatus.QUEUED);
        }
        // the dead writes' intents went stale about when the task did (each had its own heartbeat)
        await("the other instance's sweep to remove the dead write intents", () -> {
            b.recover();
            return repo.writeIntents().isEmpty();
        });
        return b;
    }
}
