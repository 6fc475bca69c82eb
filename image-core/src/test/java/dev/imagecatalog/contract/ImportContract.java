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
 * Stage and import ({@code ImageService.stage}, {@code importImage}, {@code tasks}) over the store and metadata
 * back-end under test: store {@code a} (the default, {@link #storeUnderTest()}) and a memory store {@code b}, both
 * wrapped in {@link FaultyImageStore}; web-download from a loopback HTTP server the filtering settings allow. Each
 * method's happy path (bytes, checksum, virtual size of a qcow2 made with qemu-img, stores, the task and its
 * message), stage failures that leave nothing, each precondition's error, the lock (conflict, stale lock broken),
 * all-stores with one store failing both ways, an unsafe image refused with nothing stored, copy-image, an import
 * whose task was ended meanwhile (it stops and leaves nothing), the legacy {@code import} task, the events, and the
 * staging area empty after every import. The checks made before any store or task is reached (preconditions,
 * stage failures, a failed download, a download over the quota, a young lock, the legacy task) are in
 * {@link ImportRulesContract}, run on the memory and filesystem back-ends; every back-end runs these.
 */
public abstract class ImportContract {
    static final RequestContext ALICE = RequestContext.member("project-a", "alice");
    static final RequestContext ADMIN = RequestContext.admin("project-admin", "root");
    static final Duration TASK_TIMEOUT = Duration.ofSeconds(60);
    static final int SIZE = 200_000;
    static final byte[] DATA = seeded(SIZE, 7);
    private static HttpServer web;

    @TempDir
    Path work;

    final List<ImageCatalog> catalogs = new ArrayList<>();
    final List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** The settings of store {@code a}, the store under test (keys below {@code store.a.}, with its type). */
    protected abstract Map<String, String> storeUnderTest() throws Exception;

    /** The metadata settings (keys with the {@code metadata.} prefix); memory unless overridden. */
    protected Map<String, String> metadataSettings() throws Exception {
        return Map.of("metadata.type", "memory");
    }


    @BeforeAll
    static void startWebServer() throws IOException {
        web = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        web.createContext("/", ex -> {
            byte[] body = ex.getRequestURI().getPath().endsWith("/image") ? DATA : new byte[0];
            ex.sendResponseHeaders(body.length == 0 ? 404 : 200, body.length == 0 ? -1 : body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        web.start();
    }

    @AfterAll
    static void stopWebServer() {
        web.stop(0);
    }

    @AfterEach
    void closeCatalogs() {
        catalogs.forEach(ImageCatalog::close);
    }

    static String url(String path) {
        return "http://127.0.0.1:" + web.getAddress().getPort() + path;
    }

    /** A catalog over {@code a} and {@code b} with the test's staging directory, plus {@code extra}. */
    protected ImageCatalog open(Map<String, String> extra) throws Exception {
        Map<String, String> s = new HashMap<>(metadataSettings());
        s.put("stores", "a,b");
        s.put("stores.default", "a");
        s.putAll(FaultyImageStoreProvider.wrapping("a", storeUnderTest()));
        s.putAll(FaultyImageStoreProvider.wrapping("b", Map.of("type", "memory")));
        s.put("import.staging-dir", work.resolve("staging").toString());
        s.put("import.workers", "2");
        s.put("import.filtering.allowed-networks", "127.0.0.0/8");
        s.put("import.filtering.allowed-ports", String.valueOf(web.getAddress().getPort()));
        s.putAll(extra);
        ImageCatalog c = ImageCatalog.builder().settings(s).listener(e -> events.add(e.type())).build();
        catalogs.add(c);
        return c;
    }

    ImageCatalog open() throws Exception {
        return open(Map.of());
    }

    static Image queued(ImageService images, String diskFormat) {
        return images.create(ImageDraft.builder().name("import").diskFormat(diskFormat).containerFormat("bare").build());
    }

    /** Waits for the task to end (polled; the import runs on the catalog's workers) and returns it. */
    static Task await(ImageService images, String imageId, String taskId) throws InterruptedException {
        Instant deadline = Instant.now().plus(TASK_TIMEOUT);
        while (true) {
            Task t = images.tasks(imageId).stream().filter(x -> x.id().equals(taskId)).findFirst()
                    .orElseThrow(() -> new AssertionError("task " + taskId + " is not among the image's tasks"));
            if (t.status().terminal()) {
                return t;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("task " + taskId + " did not end: " + t);
            }
            Thread.sleep(10);
        }
    }

    Task importAndWait(ImageService images, String imageId, ImportRequest request) throws Exception {
        Task t = images.importImage(imageId, request);
        assertThat(t.type()).isEqualTo(TaskType.API_IMAGE_IMPORT);
        assertThat(t.imageId()).isEqualTo(imageId);
        return await(images, imageId, t.id());
    }

    static FaultyImageStore store(ImageCatalog c, String id) {
        return (FaultyImageStore) c.backends().stores().get(id);
    }

    static List<StoredObject> owned(ImageCatalog c, String storeId, String imageId) throws IOException {
        List<StoredObject> out = new ArrayList<>();
        store(c, storeId).delegate().forEachOwned(o -> {
            if (o.imageId().equals(imageId)) {
                out.add(o);
            }
        });
        return out;
    }

    List<Path> staged() throws IOException {
        Path dir = work.resolve("staging");
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    /** Nothing of a failed stage or import: no staged file, no object in a or b, nothing a sweep would do. */
    void assertNothingLeft(ImageCatalog c, String imageId) throws IOException {
        assertThat(staged()).as("staging files").isEmpty();
        assertThat(owned(c, "a", imageId)).as("objects in a").isEmpty();
        assertThat(owned(c, "b", imageId)).as("objects in b").isEmpty();
        RecoveryReport plan = c.recoveryPlan();
        assertThat(plan.removedObjects()).as("objects a sweep would remove").isEmpty();
        assertThat(plan.incompleteWritesSwept()).isZero();
    }

    static void assertQueuedAndUnlocked(ImageService images, String imageId) {
        Image img = images.get(imageId);
        assertThat(img.status()).isEqualTo(ImageStatus.QUEUED);
        assertThat(img.size()).isNull();
        assertThat(img.locations()).isEmpty();
        assertThat(img.properties()).doesNotContainKeys("os_glance_import_task", "os_glance_importing_to_stores");
    }

    static byte[] download(ImageService images, String imageId) throws IOException {
        try (ImageData d = images.download(imageId); InputStream in = d.stream()) {
            return in.readAllBytes();
        }
    }

    // ------------------------------------------------------------------ the methods

    @Test
    void glanceDirectStagesThenImportsAQcow2WithItsVirtualSize() throws Exception {
        ImageCatalog c = open();
        ImageService alice = c.images(ALICE);
        Path qcow2 = qcow2(work, "2M");
        byte[] bytes = Files.readAllBytes(qcow2);
        Image img = queued(alice, "qcow2");

        Image staged = alice.stage(img.id(), new ByteArrayInputStream(bytes),
                UploadOptions.builder().declaredSize(bytes.length).declaredChecksum(md5(bytes)).build());
        assertThat(staged.status()).isEqualTo(ImageStatus.UPLOADING);
        assertThat(staged.size()).isEqualTo(bytes.length);
        assertThat(staged()).hasSize(1);
        assertThat(owned(c, "a", img.id())).as("staging is not a store").isEmpty();
        assertThatThrownBy(() -> alice.stage(img.id(), new ByteArrayInputStream(bytes), null))
                .as("staged twice").isInstanceOf(ConflictException.class);

        Task task = importAndWait(alice, img.id(), ImportRequest.glanceDirect());
        assertThat(task.status()).as(task.message()).isEqualTo(TaskStatus.SUCCESS);
        assertThat(task.result()).containsEntry("image_id", img.id());
        Image active = alice.get(img.id());
        assertThat(active.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(active.checksum()).isEqualTo(md5(bytes));
        assertThat(active.size()).isEqualTo(bytes.length);
        assertThat(active.virtualSize()).isEqualTo(2L << 20);
        assertThat(active.osHashValue()).isNotNull();
        assertThat(active.stores()).containsExactly("a");
        assertThat(active.properties()).doesNotContainKeys("os_glance_import_task", "os_glance_importing_to_stores",
                "os_glance_failed_import");
        assertThat(download(alice, img.id())).isEqualTo(bytes);
        assertThat(owned(c, "a", img.id())).hasSize(1).allMatch(StoredObject::committed);
        assertThat(staged()).as("staging after the import").isEmpty();
        assertThat(alice.tasks(img.id())).extracting(Task::id).containsExactly(task.id());
        assertThat(c.awaitEvents(Duration.ofSeconds(30))).isTrue();
        assertThat(events).containsSubsequence("task.create", "task.run", "task.processing", "image.prepare",
                "image.upload", "image.activate", "task.success");
    }

    @Test
    void anImportWhoseTaskEndedMeanwhileStopsAndLeavesNothing() throws Exception {
        ImageCatalog c = open();
        ImageService alice = c.images(ALICE);
        Image img = queued(alice, "raw");
        alice.stage(img.id(), new ByteArrayInputStream(DATA), null);
        store(c, "b").inject(FaultyImageStore.Fault.BLOCK_ON_WRITE, 0);
        Task task = alice.importImage(img.id(), ImportRequest.glanceDirect().withStores(List.of("a", "b")));
        try {
            assertThat(store(c, "b").awaitBlocked(60)).isTrue();
            var repo = c.backends().metadataRepository().tasks();
            Task running = repo.find(task.id()).orElseThrow();
            repo.update(running.toBuilder().status(TaskStatus.FAILURE).message("interrupted").build());
        } finally {
            store(c, "b").release();
        }
        Instant deadline = Instant.now().plus(TASK_TIMEOUT);
        while (alice.get(img.id()).status() != ImageStatus.QUEUED
                || alice.get(img.id()).properties().containsKey("os_glance_import_task")) {
            assertThat(Instant.now()).as("the import did not stop").isBefore(deadline);
            Thread.sleep(10);
        }
        assertQueuedAndUnlocked(alice, img.id());
        assertNothingLeft(c, img.id());
        assertThat(alice.tasks(img.id()).get(0).message()).isEqualTo("interrupted");
    }

    @Test
    void webDownloadFetchesIntoEveryStoreAskedAndReportsProgress() throws Exception {
        ImageCatalog c = open();
        ImageService alice = c.images(ALICE);
        Image img = queued(alice, "raw");
        Task task = importAndWait(alice, img.id(), ImportRequest.webDownload(url("/image")).withStores(List.of("a", "b")));
        assertThat(task.status()).as(task.message()).isEqualTo(TaskStatus.SUCCESS);
        assertThat(task.message()).isEqualTo("Copied 0 MiB");
        assertThat(task.input()).containsKey("import_req");
        Image active = alice.get(img.id());
        assertThat(active.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(active.stores()).containsExactlyInAnyOrder("a", "b");
        assertThat(active.checksum()).isEqualTo(md5(DATA));
        assertThat(download(alice, img.id())).isEqualTo(DATA);
        assertThat(owned(c, "a", img.id())).hasSize(1);
        assertThat(owned(c, "b", img.id())).hasSize(1);
        assertThat(staged()).isEmpty();
    }

    @Test
    void copyImageAddsAStoreAndTheImageStaysActive() throws Exception {
        ImageCatalog c = open();
        ImageService admin = c.images(ADMIN);
        ImageService alice = c.images(ALICE);
        Image img = queued(alice, "raw");
        alice.upload(img.id(), new ByteArrayInputStream(DATA));
        assertThatThrownBy(() -> alice.importImage(img.id(), ImportRequest.copyImage(List.of("b"))))
                .as("copy_image is for administrators").isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> admin.importImage(img.id(), ImportRequest.copyImage(List.of("a"))))
                .as("a store that holds the image").isInstanceOf(InvalidInputException.class);

        Task task = importAndWait(admin, img.id(), ImportRequest.copyImage(List.of("b")));
        assertThat(task.status()).as(task.message()).isEqualTo(TaskStatus.SUCCESS);
        Image after = admin.get(img.id());
        assertThat(after.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(after.stores()).containsExactlyInAnyOrder("a", "b");
        assertThat(after.properties()).doesNotContainKeys("os_glance_import_task", "os_glance_importing_to_stores");
        assertThat(owned(c, "b", img.id())).hasSize(1).allMatch(StoredObject::committed);
        assertThatThrownBy(() -> admin.importImage(img.id(), new ImportRequest(ImportMethod.COPY_IMAGE, null,
                List.of(), true, true))).as("all_stores when every store holds it")
                .isInstanceOf(InvalidInputException.class);
    }

    // ------------------------------------------------------------------ stores failing

    @Test
    void allStoresWithOneStoreFailingKeepsTheOthersWhenAllowed() throws Exception {
        ImageCatalog c = open();
        ImageService alice = c.images(ALICE);
        Image img = queued(alice, "raw");
        alice.stage(img.id(), new ByteArrayInputStream(DATA), null);
        store(c, "b").inject(FaultyImageStore.Fault.IO_ERROR_ON_WRITE, SIZE / 2);
        Task task = importAndWait(alice, img.id(), ImportRequest.glanceDirect().withAllStores(true, false));
        assertThat(task.status()).as(task.message()).isEqualTo(TaskStatus.SUCCESS);
        Image active = alice.get(img.id());
        assertThat(active.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(active.stores()).containsExactly("a");
        assertThat(active.properties()).containsEntry("os_glance_failed_import", "b");
        assertThat(owned(c, "b", img.id())).isEmpty();
        assertThat(download(alice, img.id())).isEqualTo(DATA);
        assertThat(staged()).isEmpty();
    }

    @Test
    void allStoresWithOneStoreFailingFailsEverythingWhenAllMustSucceed() throws Exception {
        ImageCatalog c = open();
        ImageService alice = c.images(ALICE);
        Image img = queued(alice, "raw");
        alice.stage(img.id(), new ByteArrayInputStream(DATA), null);
        store(c, "b").inject(FaultyImageStore.Fault.IO_ERROR_ON_COMMIT, 0);
        Task task = importAndWait(alice, img.id(), ImportRequest.glanceDirect().withAllStores(true, true));
        assertThat(task.status()).isEqualTo(TaskStatus.FAILURE);
        assertThat(task.message()).contains("b");
        assertQueuedAndUnlocked(alice, img.id());
        assertNothingLeft(c, img.id());
    }

    @Test
    void anUnsafeImageIsRefusedWithNothingStored() throws Exception {
        ImageCatalog c = open();
        ImageService alice = c.images(ALICE);
        Path unsafe = work.resolve("backing.qcow2");
        qemuImg("create", "-f", "qcow2", "-u", "-b", "/etc/passwd", "-F", "raw", unsafe.toString(), "1M");
        Image img = queued(alice, "qcow2");
        try (InputStream in = Files.newInputStream(unsafe)) {
            alice.stage(img.id(), in, null);
        }
        Task task = importAndWait(alice, img.id(), ImportRequest.glanceDirect().withStores(List.of("a", "b")));
        assertThat(task.status()).isEqualTo(TaskStatus.FAILURE);
        assertThat(task.message()).contains("safety");
        assertQueuedAndUnlocked(alice, img.id());
        assertNothingLeft(c, img.id());
    }

    // ------------------------------------------------------------------ the lock

    @Test
    void aSecondImportWhileTheLockIsHeldIsAConflict() throws Exception {
        ImageCatalog c = open();
        ImageService admin = c.images(ADMIN);
        Image img = queued(admin, "raw");
        admin.upload(img.id(), new ByteArrayInputStream(DATA));
        store(c, "b").inject(FaultyImageStore.Fault.BLOCK_ON_WRITE, 0);
        Task first = admin.importImage(img.id(), ImportRequest.copyImage(List.of("b")));
        try {
            assertThat(store(c, "b").awaitBlocked(60)).isTrue();
            assertThat(admin.get(img.id()).properties()).containsEntry("os_glance_import_task", first.id())
                    .containsEntry("os_glance_importing_to_stores", "b");
            assertThatThrownBy(() -> admin.importImage(img.id(), ImportRequest.copyImage(List.of("b"))))
                    .isInstanceOf(ConflictException.class).hasMessageContaining(first.id());
        } finally {
            store(c, "b").release();
        }
        assertThat(await(admin, img.id(), first.id()).status()).isEqualTo(TaskStatus.SUCCESS);
        assertThat(admin.tasks(img.id())).hasSize(1);
    }

    @Test
    void aStaleLockIsBrokenAndItsTaskFailed() throws Exception {
        ImageCatalog c = open();
        ImageService admin = c.images(ADMIN);
        Image active = queued(admin, "raw");
        admin.upload(active.id(), new ByteArrayInputStream(DATA));
        lock(c, active.id(), UUID.randomUUID().toString());
        Task copy = importAndWait(admin, active.id(), ImportRequest.copyImage(List.of("b")));
        assertThat(copy.status()).as("a lock whose task is missing: " + copy.message()).isEqualTo(TaskStatus.SUCCESS);
        assertThat(admin.get(active.id()).properties()).doesNotContainKey("os_glance_import_task");

        Image img = queued(admin, "raw");
        Instant old = Instant.now().minus(Duration.ofMinutes(61));
        Task stale = Task.builder().id(UUID.randomUUID().toString()).type(TaskType.API_IMAGE_IMPORT)
                .status(TaskStatus.PROCESSING).owner("project-admin").imageId(img.id()).createdAt(old).updatedAt(old)
                .build();
        c.backends().metadataRepository().tasks().create(stale);
        lock(c, img.id(), stale.id());
        Task task = importAndWait(admin, img.id(), ImportRequest.webDownload(url("/image")));
        assertThat(task.status()).as(task.message()).isEqualTo(TaskStatus.SUCCESS);
        Task broken = c.backends().metadataRepository().tasks().find(stale.id()).orElseThrow();
        assertThat(broken.status()).isEqualTo(TaskStatus.FAILURE);
        assertThat(broken.message()).isEqualTo("Expired lock preempted");
        assertThat(admin.get(img.id()).properties()).doesNotContainKey("os_glance_import_task");
    }

    static void lock(ImageCatalog c, String imageId, String taskId) {
        Image current = c.backends().metadataRepository().find(imageId).orElseThrow();
        c.backends().metadataRepository().update(current.toBuilder().property("os_glance_import_task", taskId).build());
    }

    // ------------------------------------------------------------------ stage failures and preconditions

    // ------------------------------------------------------------------ helpers

    static byte[] seeded(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String md5(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
    }

    /** A qcow2 image of virtual size {@code size} with a little data, made by qemu-img. */
    static Path qcow2(Path dir, String size) throws Exception {
        Path raw = dir.resolve("data.raw");
        byte[] content = new byte[64 * 1024];
        new Random(11).nextBytes(content);
        Files.write(raw, content);
        Path out = dir.resolve("image.qcow2");
        qemuImg("convert", "-f", "raw", "-O", "qcow2", raw.toString(), out.toString());
        qemuImg("resize", "-f", "qcow2", out.toString(), size);
        return out;
    }

    static void qemuImg(String... args) throws Exception {
        String qemu = java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "/usr/bin").split(":"))
                .map(p -> Path.of(p, "qemu-img")).filter(Files::isExecutable).map(Path::toString).findFirst()
                .orElse(null);
        TestEnvironment.requireThat(qemu != null, "qemu-img is not installed (scripts/servers/install.sh installs"
                + " Debian's qemu-utils)");
        List<String> cmd = new ArrayList<>();
        cmd.add(qemu);
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("qemu-img " + String.join(" ", args) + " failed: " + out);
        }
    }
}
