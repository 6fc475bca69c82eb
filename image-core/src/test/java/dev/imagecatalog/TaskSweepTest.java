package dev.imagecatalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageLocation;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.LocationStatus;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.recovery.RecoveryReport;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageWriter;
import dev.imagecatalog.spi.MetadataRepository;
import dev.imagecatalog.spi.StoredObject;
import dev.imagecatalog.spi.TaskRepository;
import dev.imagecatalog.spi.WriteIntent;
import dev.imagecatalog.task.Task;
import dev.imagecatalog.task.TaskStatus;
import dev.imagecatalog.task.TaskType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The task sweep on the memory back-ends, with task, image, intent and staging records set up directly: which
 * tasks are interrupted and which never are, what happens to their images and staging files, dead stages, the
 * start-up cleanup of the staging area, the periodic run and the dry run.
 */
class TaskSweepTest {
    private static final String OTHER = "another-host";
    private static final String LOCK = "os_glance_import_task";
    private static final String IMPORTING_TO = "os_glance_importing_to_stores";
    private static final String STAGING_STORE = "os_glance_staging_store";

    @TempDir
    Path stagingDir;

    private final List<ImageCatalog> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(ImageCatalog::close);
    }

    private ImageCatalog catalog(String... kv) {
        Map<String, String> s = new HashMap<>();
        s.put("metadata.type", "memory");
        s.put("stores", "mem");
        s.put("store.mem.type", "memory");
        s.put("catalog.instance", "this-host");
        s.put("import.staging-dir", stagingDir.toString());
        s.put("recovery.orphan-grace", "10m");
        s.put("recovery.intent-heartbeat", "1m");
        for (int i = 0; i < kv.length; i += 2) {
            s.put(kv[i], kv[i + 1]);
        }
        ImageCatalog c = ImageCatalog.builder().settings(s).build();
        opened.add(c);
        return c;
    }

    private static MetadataRepository repo(ImageCatalog c) {
        return c.backends().metadataRepository();
    }

    private static TaskRepository tasks(ImageCatalog c) {
        return repo(c).tasks();
    }

    private static Image image(ImageCatalog c) {
        return c.images(RequestContext.member("p1", "alice"))
                .create(ImageDraft.builder().name("i").diskFormat("raw").containerFormat("bare").build());
    }

    /** An unfinished import task of {@code image} run by {@code runner}, last heard of at {@code heartbeat}. */
    private static Task task(ImageCatalog c, String imageId, TaskStatus status, String runner, Instant heartbeat) {
        Instant created = heartbeat == null ? Instant.now().minus(Duration.ofHours(2)) : heartbeat;
        Task t = Task.builder().id(UUID.randomUUID().toString()).type(TaskType.API_IMAGE_IMPORT).status(status)
                .owner("p1").imageId(imageId).createdAt(created).updatedAt(created).runner(runner)
                .heartbeatAt(heartbeat).version(1).build();
        tasks(c).create(t);
        return t;
    }

    /** The image as an import holding it would leave it: {@code status}, locked by {@code taskId}, with a size. */
    private static Image held(ImageCatalog c, Image img, ImageStatus status, String taskId) {
        Image current = repo(c).find(img.id()).orElseThrow();
        return repo(c).update(current.toBuilder().status(status).size(3L).property(LOCK, taskId)
                .property(IMPORTING_TO, "mem").build());
    }

    private Path stagingRoot(ImageCatalog c) {
        return stagingDir.resolve(c.catalogId());
    }

    /** Staged data of the image plus a temporary file beside it. */
    private Path stage(ImageCatalog c, String imageId, boolean published) throws IOException {
        Files.createDirectories(stagingRoot(c));
        Files.write(stagingRoot(c).resolve(imageId + "." + UUID.randomUUID() + ".part"), new byte[] {1, 2});
        if (published) {
            Files.write(stagingRoot(c).resolve(imageId), new byte[] {1, 2, 3});
        }
        return stagingRoot(c);
    }

    private List<String> stagingFiles(ImageCatalog c) throws IOException {
        if (!Files.isDirectory(stagingRoot(c))) {
            return List.of();
        }
        try (var files = Files.list(stagingRoot(c))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static Task stored(ImageCatalog c, Task t) {
        return tasks(c).find(t.id()).orElseThrow();
    }

    private static Image stored(ImageCatalog c, Image i) {
        return repo(c).find(i.id()).orElseThrow();
    }

    private static void assertInterrupted(ImageCatalog c, Task t) {
        Task after = stored(c, t);
        assertThat(after.status()).isEqualTo(TaskStatus.FAILURE);
        assertThat(after.message()).isEqualTo("interrupted");
        assertThat(after.expiresAt()).isNotNull();
        assertThat(after.runner()).isNull();
    }

    // ------------------------------------------------------------------ dead runners

    @Test
    void aTaskWhoseRunnerStoppedIsInterruptedAndItsImageReleased() throws Exception {
        ImageCatalog c = catalog();
        Image img = image(c);
        Task t = task(c, img.id(), TaskStatus.PROCESSING, OTHER, Instant.now().minus(Duration.ofMinutes(11)));
        held(c, img, ImageStatus.IMPORTING, t.id());
        stage(c, img.id(), true);
        Image other = image(c);
        stage(c, other.id(), false); // another image's files stay
        held(c, other, ImageStatus.UPLOADING, task(c, other.id(), TaskStatus.PROCESSING, OTHER, Instant.now()).id());

        RecoveryReport r = c.recover();

        assertInterrupted(c, t);
        Image after = stored(c, img);
        assertThat(after.status()).isEqualTo(ImageStatus.QUEUED);
        assertThat(after.size()).isNull();
        assertThat(after.properties()).doesNotContainKeys(LOCK, IMPORTING_TO);
        assertThat(stagingFiles(c)).allMatch(f -> f.startsWith(other.id()));
        assertThat(stagingFiles(c)).hasSize(1);
        assertThat(r.interruptedTasks()).containsExactly(t.id());
        assertThat(r.resetImageIds()).containsExactly(img.id());
        assertThat(r.imagesReset()).isEqualTo(1);
        assertThat(r.stagingRemoved()).containsExactly(img.id());
        assertThat(c.recover().interruptedTasks()).isEmpty();
    }

    @Test
    void aLiveTaskOfAnotherInstanceIsNeverTouched() throws Exception {
        ImageCatalog c = catalog();
        Image img = image(c);
        Task t = task(c, img.id(), TaskStatus.PROCESSING, OTHER, Instant.now().minus(Duration.ofMinutes(9)));
        Image locked = held(c, img, ImageStatus.IMPORTING, t.id());
        stage(c, img.id(), true);

        RecoveryReport r = c.recover();

        assertThat(r.interruptedTasks()).isEmpty();
        assertThat(r.stagingRemoved()).isEmpty();
        assertThat(stored(c, t)).isEqualTo(t);
        assertThat(stored(c, img)).isEqualTo(locked);
        assertThat(stagingFiles(c)).hasSize(2);
    }

    @Test
    void aPendingTaskWithoutHeartbeatIsJudgedByItsLastChange() {
        ImageCatalog c = catalog();
        Image img = image(c);
        Task old = task(c, img.id(), TaskStatus.PENDING, null, null); // created 2 h ago, never started
        held(c, img, ImageStatus.IMPORTING, old.id());
        Image fresh = image(c);
        Instant now = Instant.now();
        Task recent = Task.builder().id(UUID.randomUUID().toString()).type(TaskType.API_IMAGE_IMPORT)
                .status(TaskStatus.PENDING).imageId(fresh.id()).createdAt(now).updatedAt(now).version(1).build();
        tasks(c).create(recent);

        assertThat(c.recover().interruptedTasks()).containsExactly(old.id());
        assertInterrupted(c, old);
        assertThat(stored(c, img).status()).isEqualTo(ImageStatus.QUEUED);
        assertThat(stored(c, recent).status()).isEqualTo(TaskStatus.PENDING);
    }

    @Test
    void atStartUpTheTasksOfThisInstanceAndOfAnExclusiveBackEndAreDead() {
        // the memory back-end is exclusive to this process: at its first sweep no task found has a live runner
        ImageCatalog c = catalog("recovery.on-start", "false");
        Image a = image(c);
        Task mine = task(c, a.id(), TaskStatus.PROCESSING, "this-host", Instant.now());
        held(c, a, ImageStatus.IMPORTING, mine.id());
        Task theirs = task(c, null, TaskStatus.PROCESSING, OTHER, Instant.now());

        RecoveryReport plan = c.recoveryPlan();
        assertThat(plan.interruptedTasks()).containsExactlyInAnyOrder(mine.id(), theirs.id());
        assertThat(plan.resetImageIds()).containsExactly(a.id());
        assertThat(stored(c, mine).status()).isEqualTo(TaskStatus.PROCESSING);

        RecoveryReport r = c.recover();
        assertThat(r.interruptedTasks()).containsExactlyInAnyOrder(mine.id(), theirs.id());
        assertInterrupted(c, mine);
        assertInterrupted(c, theirs);
        assertThat(stored(c, a).status()).isEqualTo(ImageStatus.QUEUED);
    }

    @Test
    void aCopyImageImageStaysActive() throws Exception {
        ImageCatalog c = catalog();
        Image img = image(c);
        c.images(RequestContext.member("p1", "alice")).upload(img.id(), new java.io.ByteArrayInputStream(
                new byte[] {7, 7, 7}));
        Task t = task(c, img.id(), TaskStatus.PROCESSING, OTHER, Instant.now().minus(Duration.ofHours(1)));
        Image locked = repo(c).update(stored(c, img).toBuilder().property(LOCK, t.id()).property(IMPORTING_TO, "x")
                .build());
        stage(c, img.id(), true);

        c.recover();

        assertInterrupted(c, t);
        Image after = stored(c, img);
        assertThat(after.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(after.properties()).doesNotContainKeys(LOCK, IMPORTING_TO);
        assertThat(after.locations()).isEqualTo(locked.locations());
        assertThat(after.size()).isEqualTo(3L);
        assertThat(stagingFiles(c)).isEmpty();
    }

    @Test
    void anImageHeldByAnotherTaskIsLeftAlone() throws Exception {
        ImageCatalog c = catalog();
        Image img = image(c);
        Task dead = task(c, img.id(), TaskStatus.PROCESSING, OTHER, Instant.now().minus(Duration.ofHours(1)));
        Task live = task(c, img.id(), TaskStatus.PROCESSING, OTHER, Instant.now());
        Image locked = held(c, img, ImageStatus.IMPORTING, live.id()); // the stale lock was broken meanwhile
        stage(c, img.id(), true);

        RecoveryReport r = c.recover();

        assertThat(r.interruptedTasks()).containsExactly(dead.id());
        assertInterrupted(c, dead);
        assertThat(stored(c, img)).isEqualTo(locked);
        assertThat(stagingFiles(c)).hasSize(2);
        assertThat(r.stagingRemoved()).isEmpty();
    }

    @Test
    void theImportsHalfWrittenStoreDataIsSweptWithIt() throws Exception {
        ImageCatalog c = catalog();
        Image img = image(c);
        Task t = task(c, img.id(), TaskStatus.PROCESSING, OTHER, Instant.now().minus(Duration.ofHours(1)));
        ImageStore store = c.backends().stores().get("mem");
        StoreLocation written;
        try (ImageWriter w = store.openWriter(img.id(), 3)) {
            w.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            written = w.commit();
        }
        ImageWriter cutOff = store.openWriter(img.id(), -1);
        cutOff.write(ByteBuffer.wrap(new byte[] {4}));
        Instant stale = Instant.now().minus(Duration.ofHours(1));
        repo(c).recordWriteIntent(new WriteIntent(UUID.randomUUID().toString(), img.id(), "mem", OTHER, stale, stale));
        Image current = held(c, img, ImageStatus.IMPORTING, t.id());
        repo(c).update(current.toBuilder().locations(List.of(new ImageLocation(written, LocationStatus.PENDING))).build());

        RecoveryReport r = c.recover();

        assertInterrupted(c, t);
        assertThat(stored(c, img).status()).isEqualTo(ImageStatus.QUEUED);
        assertThat(stored(c, img).locations()).isEmpty();
        List<StoredObject> left = new ArrayList<>();
        store.forEachOwned(left::add);
        assertThat(left).isEmpty();
        assertThat(r.removedObjects()).hasSize(2);
        assertThat(repo(c).writeIntents()).isEmpty();
    }

    // ------------------------------------------------------------------ stages and the staging area

    @Test
    void aStageWhoseWriterDiedIsUndoneUnlessItWasPublished() throws Exception {
        ImageCatalog c = catalog();
        Instant stale = Instant.now().minus(Duration.ofHours(1));
        Image cut = repo(c).update(stored(c, image(c)).toBuilder().status(ImageStatus.UPLOADING).build());
        stage(c, cut.id(), false);
        Image done = repo(c).update(stored(c, image(c)).toBuilder().status(ImageStatus.UPLOADING).size(3L).build());
        stage(c, done.id(), true);
        Image writing = repo(c).update(stored(c, image(c)).toBuilder().status(ImageStatus.UPLOADING).build());
        stage(c, writing.id(), false);
        for (Image i : List.of(cut, done)) {
            repo(c).recordWriteIntent(new WriteIntent(UUID.randomUUID().toString(), i.id(), STAGING_STORE, OTHER,
                    stale, stale));
        }
        WriteIntent live = new WriteIntent(UUID.randomUUID().toString(), writing.id(), STAGING_STORE, OTHER,
                Instant.now(), Instant.now());
        repo(c).recordWriteIntent(live);

        RecoveryReport r = c.recover();

        assertThat(stored(c, cut).status()).isEqualTo(ImageStatus.QUEUED);
        assertThat(stored(c, done).status()).isEqualTo(ImageStatus.UPLOADING);
        assertThat(stored(c, writing).status()).isEqualTo(ImageStatus.UPLOADING);
        assertThat(r.resetImageIds()).containsExactly(cut.id());
        assertThat(r.stagingRemoved()).containsExactly(cut.id());
        assertThat(stagingFiles(c)).noneMatch(f -> f.startsWith(cut.id())).hasSize(3);
        assertThat(repo(c).writeIntents()).containsExactly(live);
    }

    @Test
    void atStartUpStagingFilesNobodyWillUseAreRemoved() throws Exception {
        Path root = stagingDir;
        ImageCatalog c = catalog("recovery.on-start", "false");
        String gone = UUID.randomUUID().toString();
        stage(c, gone, true);
        Image queued = image(c);
        stage(c, queued.id(), true);
        Image staged = repo(c).update(stored(c, image(c)).toBuilder().status(ImageStatus.UPLOADING).build());
        stage(c, staged.id(), true);
        Image importing = image(c);
        Task live = task(c, importing.id(), TaskStatus.PROCESSING, "this-host", Instant.now());
        held(c, importing, ImageStatus.IMPORTING, live.id());
        stage(c, importing.id(), true);
        Image lockedByEnded = image(c);
        Task ended = tasks(c).update(task(c, lockedByEnded.id(), TaskStatus.PROCESSING, OTHER, Instant.now())
                .toBuilder().status(TaskStatus.SUCCESS).build());
        repo(c).update(stored(c, lockedByEnded).toBuilder().property(LOCK, ended.id()).build());
        stage(c, lockedByEnded.id(), false);
        Files.writeString(root.resolve("another-catalog"), "not ours");

        RecoveryReport plan = c.recoveryPlan();
        assertThat(stagingFiles(c)).hasSize(9);
        // the exclusive back-end's start-up interrupts the live task too, and with it goes its staging
        assertThat(plan.stagingRemoved()).containsExactlyInAnyOrder(gone, queued.id(), importing.id(),
                lockedByEnded.id());

        RecoveryReport r = c.recover();
        assertThat(r.stagingRemoved()).containsExactlyInAnyOrder(gone, queued.id(), importing.id(),
                lockedByEnded.id());
        assertThat(stagingFiles(c)).allMatch(f -> f.startsWith(staged.id())).hasSize(2);
        assertThat(Files.readString(root.resolve("another-catalog"))).isEqualTo("not ours");

        // after start-up the staging area is left to the imports
        Path stray = Files.write(stagingRoot(c).resolve(UUID.randomUUID().toString()), new byte[] {1});
        assertThat(c.recover().stagingRemoved()).isEmpty();
        assertThat(stray).exists();
    }

    @Test
    void theStagingOfAnImportOfALiveInstanceSurvivesStartUpCleanup() throws Exception {
        ImageCatalog c = catalog("recovery.on-start", "false");
        c.recover(); // start-up done: the exclusive back-end's rule no longer applies
        Image importing = image(c);
        Task live = task(c, importing.id(), TaskStatus.PROCESSING, OTHER, Instant.now());
        held(c, importing, ImageStatus.IMPORTING, live.id());
        stage(c, importing.id(), true);
        assertThat(c.recover().stagingRemoved()).isEmpty();
        assertThat(stagingFiles(c)).hasSize(2);
    }

    // ------------------------------------------------------------------ the periodic run

    @Test
    void aLiveInstanceEndsADeadOnesTaskOnItsOwnAfterTheGrace() throws Exception {
        ImageCatalog c = catalog("recovery.orphan-grace", "2s", "recovery.intent-heartbeat", "100ms");
        Image img = image(c);
        Task t = task(c, img.id(), TaskStatus.PROCESSING, OTHER, Instant.now());
        held(c, img, ImageStatus.IMPORTING, t.id());

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (stored(c, t).status() != TaskStatus.FAILURE && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            Thread.sleep(20);
        }
        assertInterrupted(c, t);
        assertThat(stored(c, t).updatedAt()).isAfterOrEqualTo(t.heartbeatAt().plus(Duration.ofSeconds(2)));
        assertThat(stored(c, img).status()).isEqualTo(ImageStatus.QUEUED);
    }
}
