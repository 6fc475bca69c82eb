package dev.imagecatalog.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.event.CatalogEvent;
import dev.imagecatalog.event.CatalogEventListener;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImagePatch;
import dev.imagecatalog.image.ImageQuery;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.spi.MetadataRepository;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Backup rotation: the order it deletes in, what it skips, failures, concurrency and events. */
class BackupRotationTest {
    private static final RequestContext ALICE = RequestContext.member("p1", "alice");
    private static final RequestContext ADMIN = RequestContext.admin("ops", "root");
    private static final byte[] DISK = "a small disk".getBytes(StandardCharsets.UTF_8);
    private static final Comparator<Image> NEWEST_FIRST = Comparator.comparing(Image::createdAt)
            .thenComparing(Image::id).reversed();

    private static final List<CatalogEvent> EVENTS = new CopyOnWriteArrayList<>();
    private static ImageCatalog catalog;

    @BeforeAll
    static void start() {
        CatalogEventListener listener = EVENTS::add;
        catalog = settings(ImageCatalog.builder()).listener(listener).build();
    }

    @AfterAll
    static void stop() {
        catalog.close();
    }

    private static ImageCatalog.Builder settings(ImageCatalog.Builder b) {
        return b.setting("metadata.type", "memory").setting("stores", "mem").setting("store.mem.type", "memory");
    }

    private static Instance vm() {
        return Instance.builder(UUID.randomUUID().toString()).build();
    }

    private static InputStream disk() {
        return new ByteArrayInputStream(DISK);
    }

    private static BackupResult backup(ImageCatalog c, RequestContext ctx, Instance vm, String name, int rotation) {
        return c.snapshots(ctx).backup(vm, name, "daily", rotation, disk(), SnapshotOptions.defaults());
    }

    private static List<String> ids(List<Image> images) {
        return images.stream().map(Image::id).toList();
    }

    @Test
    void theOldestBeyondTheRotationAreDeletedOldestFirstAndListingIsNewestFirst() {
        Instance vm = vm();
        List<Image> made = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            BackupResult r = backup(catalog, ALICE, vm, "b" + i, 10);
            assertThat(r.rotated()).isEmpty();
            made.add(r.backup());
        }
        BackupResult last = backup(catalog, ALICE, vm, "b4", 2);
        assertThat(last.backup().properties()).containsEntry("image_type", "backup")
                .containsEntry("backup_type", "daily").containsEntry("instance_uuid", vm.uuid());
        assertThat(ids(last.rotated())).containsExactly(made.get(0).id(), made.get(1).id(), made.get(2).id());
        assertThat(last.skipped()).isEmpty();
        assertThat(ids(catalog.snapshots(ALICE).list(vm.uuid(), SnapshotQuery.all())))
                .containsExactly(last.backup().id(), made.get(3).id());
    }

    @Test
    void equalCreationTimesAreOrderedByIdDescending() {
        Instance vm = vm();
        List<Image> made = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            made.add(backup(catalog, ALICE, vm, "same" + i, 10).backup());
        }
        // stamps are distinct through the catalog; two catalogs on one database may give equal ones
        MetadataRepository repo = catalog.backends().metadataRepository();
        Instant same = made.get(0).createdAt();
        List<Image> equal = new ArrayList<>();
        for (Image i : made) {
            Image stored = repo.find(i.id()).orElseThrow();
            equal.add(repo.update(stored.toBuilder().createdAt(same).build()));
        }
        equal.sort(NEWEST_FIRST);
        assertThat(ids(catalog.snapshots(ALICE).list(vm.uuid(), SnapshotQuery.backups("daily"))))
                .containsExactlyElementsOf(ids(equal));
        BackupResult r = backup(catalog, ALICE, vm, "newest", 2);
        // kept: the new one and the highest id; deleted: the rest, lowest id first
        assertThat(ids(r.rotated())).containsExactly(equal.get(3).id(), equal.get(2).id(), equal.get(1).id());
        assertThat(ids(catalog.snapshots(ALICE).list(vm.uuid(), SnapshotQuery.all())))
                .containsExactly(r.backup().id(), equal.get(0).id());
    }

    @Test
    void otherTypesSnapshotsAndOtherInstancesAreNotRotatedAndListFiltersByKind() {
        Instance vm = vm();
        SnapshotService s = catalog.snapshots(ALICE);
        Image snap = s.snapshot(vm, "snap", disk(), SnapshotOptions.defaults());
        Image weekly = s.backup(vm, "weekly", "weekly", 1, disk(), SnapshotOptions.defaults()).backup();
        Image otherVm = backup(catalog, ALICE, vm(), "other", 1).backup();
        Image d1 = backup(catalog, ALICE, vm, "d1", 1).backup();
        BackupResult d2 = backup(catalog, ALICE, vm, "d2", 1);
        assertThat(ids(d2.rotated())).containsExactly(d1.id());
        assertThat(ids(s.list(vm.uuid(), SnapshotQuery.all()))).containsExactly(d2.backup().id(), weekly.id(),
                snap.id());
        assertThat(ids(s.list(vm.uuid(), SnapshotQuery.snapshots()))).containsExactly(snap.id());
        assertThat(ids(s.list(vm.uuid(), SnapshotQuery.backups(null)))).containsExactly(d2.backup().id(),
                weekly.id());
        assertThat(ids(s.list(vm.uuid(), SnapshotQuery.backups("weekly")))).containsExactly(weekly.id());
        assertThat(catalog.images(ALICE).get(otherVm.id()).status()).isEqualTo(ImageStatus.ACTIVE);
    }

    @Test
    void aBackupStillUploadingNeitherCountsNorIsDeleted() {
        Instance vm = vm();
        Image older = backup(catalog, ALICE, vm, "older", 10).backup();
        // another backup's image, created and not yet uploaded (as a concurrent backup() leaves it for a while)
        Image uploading = catalog.images(ALICE).create(ImageDraft.builder().name("uploading")
                .diskFormat("raw").containerFormat("bare").property("image_type", "backup")
                .property("backup_type", "daily").property("instance_uuid", vm.uuid()).build());
        BackupResult r = backup(catalog, ALICE, vm, "newest", 1);
        assertThat(ids(r.rotated())).containsExactly(older.id());
        assertThat(catalog.images(ALICE).get(uploading.id()).status()).isEqualTo(ImageStatus.QUEUED);
        assertThat(ids(catalog.snapshots(ALICE).list(vm.uuid(), SnapshotQuery.all())))
                .containsExactly(r.backup().id(), uploading.id());
    }

    @Test
    void listingReadsEveryPage() {
        try (ImageCatalog small = settings(ImageCatalog.builder()).setting("list.limit.default", "2").build()) {
            Instance vm = vm();
            List<Image> made = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                made.add(backup(small, ALICE, vm, "p" + i, 10).backup());
            }
            made.sort(NEWEST_FIRST);
            assertThat(ids(small.snapshots(ALICE).list(vm.uuid(), SnapshotQuery.all())))
                    .containsExactlyElementsOf(ids(made));
            BackupResult r = backup(small, ALICE, vm, "p5", 1);
            assertThat(r.rotated()).hasSize(5);
            assertThat(ids(small.snapshots(ALICE).list(vm.uuid(), SnapshotQuery.all())))
                    .containsExactly(r.backup().id());
        }
    }

    @Test
    void protectedBackupsAreSkippedAndReportedAndCountTowardsTheRotation() {
        Instance vm = vm();
        Image kept = backup(catalog, ALICE, vm, "keep", 10).backup();
        catalog.images(ALICE).update(kept.id(), ImagePatch.builder().replace("protected", true).build());
        Image b1 = backup(catalog, ALICE, vm, "b1", 10).backup();
        BackupResult r = backup(catalog, ALICE, vm, "b2", 1);
        assertThat(ids(r.rotated())).containsExactly(b1.id());
        assertThat(ids(r.skipped())).containsExactly(kept.id());
        assertThat(r.skipped().get(0).isProtected()).isTrue();
        assertThat(ids(catalog.snapshots(ALICE).list(vm.uuid(), SnapshotQuery.all())))
                .containsExactly(r.backup().id(), kept.id());
    }

    @Test
    void backupsTheCallerMayNotDeleteAreSkippedAndReported() {
        try (ImageCatalog strict = settings(ImageCatalog.builder()).setting("policy.delete_image", "role:admin")
                .build()) {
            Instance vm = vm();
            Image b0 = backup(strict, ALICE, vm, "b0", 10).backup();
            Image b1 = backup(strict, ALICE, vm, "b1", 10).backup();
            BackupResult r = backup(strict, ALICE, vm, "b2", 1);
            assertThat(r.rotated()).isEmpty();
            assertThat(ids(r.skipped())).containsExactly(b0.id(), b1.id());
            assertThat(strict.snapshots(ALICE).list(vm.uuid(), SnapshotQuery.all())).hasSize(3);
        }
    }

    @Test
    void invalidTypeOrRotationIsRefusedBeforeAnythingIsMade() {
        Instance vm = vm();
        SnapshotService s = catalog.snapshots(ALICE);
        assertThatThrownBy(() -> s.backup(vm, "x", " ", 1, disk(), SnapshotOptions.defaults()))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> s.backup(vm, "x", null, 1, disk(), SnapshotOptions.defaults()))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> s.backup(vm, "x", "daily", 0, disk(), SnapshotOptions.defaults()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("rotation");
        assertThat(catalog.images(ADMIN).list(ImageQuery.builder().property("instance_uuid", vm.uuid()).build())
                .items()).isEmpty();
    }

    @Test
    void aSourceFailingMidStreamLeavesNoNewImageRotatesNothingAndThrowsTheTypedError() {
        Instance vm = vm();
        Image b0 = backup(catalog, ALICE, vm, "b0", 10).backup();
        Image b1 = backup(catalog, ALICE, vm, "b1", 10).backup();
        InputStream failing = new FailingStream(3000);
        assertThatThrownBy(() -> catalog.snapshots(ALICE).backup(vm, "broken", "daily", 1, failing,
                SnapshotOptions.defaults())).isInstanceOf(InvalidInputException.class)
                .hasRootCauseInstanceOf(IOException.class);
        assertThatThrownBy(() -> catalog.snapshots(ALICE).snapshot(vm, "broken-snap", new FailingStream(10),
                SnapshotOptions.defaults())).isInstanceOf(InvalidInputException.class)
                .hasRootCauseInstanceOf(IOException.class);
        // every status an admin can list: nothing queued, saving or killed is left
        assertThat(ids(catalog.images(ADMIN).list(ImageQuery.builder().property("instance_uuid", vm.uuid())
                .build()).items())).containsExactlyInAnyOrder(b0.id(), b1.id());
    }

    @Test
    void eachImageMadeOrRotatedIsAnnounced() throws Exception {
        Instance vm = vm();
        Image old = backup(catalog, ALICE, vm, "old", 10).backup();
        BackupResult r = backup(catalog, ALICE, vm, "new", 1);
        assertThat(catalog.awaitEvents(Duration.ofSeconds(10))).isTrue();
        List<String> forOld = EVENTS.stream().filter(e -> old.id().equals(e.subjectId())).map(CatalogEvent::type)
                .toList();
        List<String> forNew = EVENTS.stream().filter(e -> r.backup().id().equals(e.subjectId()))
                .map(CatalogEvent::type).toList();
        assertThat(forOld).startsWith("image.create").contains("image.upload", "image.activate")
                .endsWith("image.delete");
        assertThat(forNew).startsWith("image.create").contains("image.upload", "image.activate")
                .doesNotContain("image.delete");
    }

    @Test
    void concurrentBackupsOfOneInstanceLeaveExactlyTheNewestRotation() throws Exception {
        Instance vm = vm();
        int threads = 8;
        int rotation = 3;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<BackupResult>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String name = "c" + t;
                results.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return backup(catalog, ALICE, vm, name, rotation);
                }));
            }
            List<Image> made = new ArrayList<>();
            List<String> rotated = new ArrayList<>();
            for (Future<BackupResult> f : results) {
                BackupResult r = f.get(60, TimeUnit.SECONDS);
                made.add(r.backup());
                rotated.addAll(ids(r.rotated()));
                assertThat(r.skipped()).isEmpty();
            }
            made.sort(NEWEST_FIRST);
            List<String> remaining = ids(catalog.snapshots(ALICE).list(vm.uuid(), SnapshotQuery.all()));
            assertThat(remaining).containsExactlyElementsOf(ids(made.subList(0, rotation)));
            // each deleted backup is reported by exactly one rotation
            assertThat(rotated).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(ids(made.subList(rotation, threads)));
        } finally {
            pool.shutdownNow();
        }
    }

    /** A disk whose read fails after {@code limit} bytes. */
    private static final class FailingStream extends InputStream {
        private final int limit;
        private int read;

        FailingStream(int limit) {
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            if (read >= limit) {
                throw new IOException("disk read failed");
            }
            read++;
            return 'x';
        }
    }
}
