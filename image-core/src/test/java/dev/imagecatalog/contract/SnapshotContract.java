package dev.imagecatalog.contract;

import static dev.imagecatalog.contract.SnapshotSources.bytes;
import static dev.imagecatalog.contract.SnapshotSources.failingAfter;
import static dev.imagecatalog.contract.SnapshotSources.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.data.ImageData;
import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.error.ForbiddenException;
import dev.imagecatalog.error.ImageCatalogException;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.event.CatalogEvent;
import dev.imagecatalog.event.CatalogEventTypes;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImagePatch;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.Visibility;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.snapshot.BackupResult;
import dev.imagecatalog.snapshot.Instance;
import dev.imagecatalog.snapshot.SnapshotOptions;
import dev.imagecatalog.snapshot.SnapshotQuery;
import dev.imagecatalog.snapshot.SnapshotService;
import dev.imagecatalog.spi.MetadataRepository;
import dev.imagecatalog.spi.StoredObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract of {@link SnapshotService} through the public API only, run on every metadata back-end and store:
 * Nova's properties and the base image's inherited ones (a table over each inheritable and each non-inheritable
 * key), the bytes, the defaults and overrides, listing, rotation (oldest first, ties broken by id, protected and
 * undeletable backups skipped and reported), a source failing mid-stream (no new image left in any status, nothing
 * rotated, no bytes in the store), the store failing while writing or committing (the same), bad arguments, and the
 * events. A module extends it with the settings of its store ({@link #storeUnderTest()}, wrapped in a
 * {@link FaultyImageStore}) and metadata ({@link #metadataSettings()}). One catalog serves the whole class;
 * every test works on its own instance uuid. Times are controlled by rewriting {@code created_at} through the
 * metadata repository of {@link ImageCatalog#backends()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SnapshotContract {
    protected static final RequestContext ALICE = RequestContext.member("project-a", "alice");
    protected static final RequestContext ADMIN = RequestContext.admin("project-admin", "root");
    /** A backup with this name is one alice may not delete (the catalog's {@code delete_image} rule). */
    static final String UNDELETABLE = "kept-by-policy";
    static final int SIZE = 48 * 1024;

    protected ImageCatalog catalog;
    protected final List<CatalogEvent> events = new CopyOnWriteArrayList<>();
    private InstanceRecords records;
    private SnapshotService snapshots;
    private ImageService alice;
    private ImageService admin;
    private Image base;
    private Instance inheritingInstance;
    private Image inheriting;

    /** The settings of store {@code a}, the only store (keys below {@code store.a.}, with its {@code type}). */
    protected abstract Map<String, String> storeUnderTest() throws Exception;

    /** The metadata settings (keys with the {@code metadata.} prefix); memory unless overridden. */
    protected Map<String, String> metadataSettings() throws Exception {
        return Map.of("metadata.type", "memory");
    }

    @BeforeAll
    void openCatalog() throws Exception {
        Map<String, String> s = new HashMap<>(metadataSettings());
        s.put("stores", "a");
        s.put("stores.default", "a");
        s.putAll(FaultyImageStoreProvider.wrapping("a", storeUnderTest()));
        s.put("policy.delete_image", "role:admin or (role:member and project_id:%(project_id)s and not '"
                + UNDELETABLE + "':%(name)s)");
        catalog = ImageCatalog.builder().settings(s).listener(events::add).build();
        records = new InstanceRecords(catalog);
        snapshots = catalog.snapshots(ALICE);
        alice = catalog.images(ALICE);
        admin = catalog.images(ADMIN);
    }

    @AfterAll
    void closeCatalog() {
        if (catalog != null) {
            catalog.close();
        }
    }

    // ------------------------------------------------------------------ properties

    /** A public base image with every key of {@link SnapshotPropertyTable}, and its snapshot by alice (made once). */
    synchronized Image inheriting() {
        if (inheriting == null) {
            Map<String, String> reserved = new LinkedHashMap<>();
            ImageDraft.Builder draft = ImageDraft.builder().name("base").diskFormat("qcow2").containerFormat("ovf")
                    .minDisk(5).minRam(512).visibility(Visibility.PUBLIC);
            SnapshotPropertyTable.rows().forEach(a -> {
                String key = (String) a.get()[0];
                String value = (String) a.get()[1];
                if (key.startsWith("os_glance")) {
                    reserved.put(key, value);
                } else {
                    draft.property(key, value);
                }
            });
            Image created = admin.create(draft.build());
            admin.upload(created.id(), new ByteArrayInputStream(bytes(2 * SIZE, 1)));
            MetadataRepository repo = catalog.backends().metadataRepository();
            Image stored = repo.find(created.id()).orElseThrow();
            repo.update(stored.toBuilder().properties(withAll(stored.properties(), reserved)).build());
            base = admin.get(created.id());
            assertThat(base.properties()).containsAllEntriesOf(reserved);
            inheritingInstance = Instance.builder(newInstance()).baseImageRef(base.id()).build();
            inheriting = snapshots.snapshot(inheritingInstance, "inherits", stream(bytes(SIZE, 2)),
                    SnapshotOptions.defaults());
        }
        return inheriting;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.imagecatalog.contract.SnapshotPropertyTable#rows")
    void eachBasePropertyIsInheritedOrNotAsNovaDoes(String key, String onBase, String expected) {
        Image snap = inheriting();
        assertThat(base.properties()).as("the base").containsEntry(key, onBase);
        String want = expected == null ? null : expected.replace("$instance", inheritingInstance.uuid())
                .replace("$base", base.id());
        assertThat(snap.properties().get(key)).as(key).isEqualTo(want);
        assertThat(alice.get(snap.id()).properties().get(key)).as(key + " as stored").isEqualTo(want);
    }

    @Test
    void aSnapshotInheritsTheBaseFormatsAndMinimaButNotItsDataFieldsAndIsPrivate() {
        Image snap = inheriting();
        assertThat(snap.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(snap.diskFormat()).isEqualTo("qcow2");
        assertThat(snap.containerFormat()).isEqualTo("ovf");
        assertThat(snap.minDisk()).isEqualTo(5);
        assertThat(snap.minRam()).isEqualTo(512);
        assertThat(snap.visibility()).as("private by default, though the base is public")
                .isEqualTo(Visibility.PRIVATE);
        assertThat(snap.owner()).isEqualTo("project-a");
        assertThat(snap.size()).isEqualTo(SIZE).isNotEqualTo(base.size());
        assertThat(snap.checksum()).isEqualTo(SeededBytes.digest("MD5", stream(bytes(SIZE, 2))))
                .isNotEqualTo(base.checksum());
        assertThat(snap.activeLocations()).doesNotContainAnyElementsOf(base.activeLocations());
    }

    @Test
    void novasPropertiesComeFromTheInstance() {
        Instance vm = Instance.builder(newInstance()).userId("u-42").userName("Alice A").projectName("Project A")
                .build();
        Image snap = snapshots.snapshot(vm, "named", stream(bytes(SIZE, 3)), SnapshotOptions.defaults());
        assertThat(snap.properties()).containsEntry("image_type", "snapshot").containsEntry("instance_uuid", vm.uuid())
                .containsEntry("user_id", "u-42").containsEntry("owner_user_name", "Alice A")
                .containsEntry("owner_project_name", "Project A").doesNotContainKey("backup_type");
        assertThat(snap.properties().get("base_image_ref")).as("booted from a volume: no base").isNullOrEmpty();
        assertThat(snap.diskFormat()).as("no base: raw").isEqualTo("raw");
        assertThat(snap.containerFormat()).as("no base: bare").isEqualTo("bare");
        assertThat(snap.minDisk()).isZero();
        assertThat(snap.minRam()).isZero();

        BackupResult backup = snapshots.backup(vm, "named-backup", "daily", 2, stream(bytes(SIZE, 4)),
                SnapshotOptions.defaults());
        assertThat(backup.backup().properties()).containsEntry("image_type", "backup")
                .containsEntry("backup_type", "daily").containsEntry("instance_uuid", vm.uuid())
                .containsEntry("user_id", "u-42");
        assertThat(backup.backup().visibility()).isEqualTo(Visibility.PRIVATE);

        Image plain = alice.create(ImageDraft.builder().name("plain-base").diskFormat("raw").containerFormat("bare")
                .build());
        Image fromPlain = snapshots.snapshot(Instance.builder(vm.uuid()).baseImageRef(plain.id()).build(),
                "from-plain", stream(bytes(SIZE, 14)), SnapshotOptions.defaults());
        assertThat(fromPlain.properties()).as("a base without base_image_ref: its id")
                .containsEntry("base_image_ref", plain.id());

        Image hidden = admin.create(ImageDraft.builder().name("not-alices").owner("project-b").visibility(Visibility.PRIVATE).diskFormat("qcow2")
                .containerFormat("ovf").minDisk(9).property("os_distro", "secret").build());
        Image fromHidden = snapshots.snapshot(Instance.builder(vm.uuid()).baseImageRef(hidden.id()).build(),
                "from-hidden", stream(bytes(SIZE, 17)), SnapshotOptions.defaults());
        assertThat(fromHidden.properties()).as("a base the caller cannot see: named, nothing inherited")
                .containsEntry("base_image_ref", hidden.id()).doesNotContainKey("os_distro");
        assertThat(fromHidden.diskFormat()).isEqualTo("raw");
        assertThat(fromHidden.minDisk()).isZero();
    }

    @Test
    void optionsOverrideWhatIsInherited() {
        inheriting();
        Instance vm = Instance.builder(newInstance()).baseImageRef(base.id()).build();
        SnapshotOptions options = SnapshotOptions.builder().diskFormat("raw").containerFormat("bare").minDisk(20)
                .minRam(2048).visibility(Visibility.SHARED).property("os_distro", "debian")
                .property("purpose", "pre-upgrade").build();
        Image snap = snapshots.snapshot(vm, "overridden", stream(bytes(SIZE, 5)), options);
        assertThat(snap.diskFormat()).isEqualTo("raw");
        assertThat(snap.containerFormat()).isEqualTo("bare");
        assertThat(snap.minDisk()).isEqualTo(20);
        assertThat(snap.minRam()).isEqualTo(2048);
        assertThat(snap.visibility()).isEqualTo(Visibility.SHARED);
        assertThat(snap.properties()).containsEntry("os_distro", "debian").containsEntry("purpose", "pre-upgrade")
                .containsEntry("hw_disk_bus", "virtio").containsEntry("image_type", "snapshot")
                .doesNotContainKey("img_signature");
    }

    // ------------------------------------------------------------------ bytes

    @Test
    void theBytesStreamedOfUnknownLengthAreWhatIsDownloadedAndProgressIsReported() throws IOException {
        byte[] data = bytes(3 * SIZE + 17, 6);
        List<long[]> progress = new CopyOnWriteArrayList<>();
        SnapshotOptions options = SnapshotOptions.builder()
                .progress((soFar, total) -> progress.add(new long[] {soFar, total})).build();
        Image snap = snapshots.snapshot(Instance.builder(newInstance()).build(), "bytes", stream(data), options);
        assertThat(snap.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(snap.size()).isEqualTo(data.length);
        assertThat(snap.checksum()).isEqualTo(SeededBytes.digest("MD5", new ByteArrayInputStream(data)));
        try (ImageData d = alice.download(snap.id()); InputStream in = d.stream()) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        assertThat(progress).as("progress reports").isNotEmpty();
        long[] last = progress.get(progress.size() - 1);
        assertThat(last[0]).as("bytes so far at the end").isEqualTo(data.length);
        assertThat(last[1]).as("the total of a stream of unknown length").isEqualTo(-1);
        assertThat(records.objects(snap.id())).hasSize(1).allMatch(StoredObject::committed);
    }

    // ------------------------------------------------------------------ list

    @Test
    void listIsNewestFirstAndFilteredByKindAndBackupType() {
        Instance vm = Instance.builder(newInstance()).build();
        Image snap = snapshots.snapshot(vm, "s", stream(bytes(SIZE, 7)), SnapshotOptions.defaults());
        Image daily = backup(vm, "d", "daily", 5).backup();
        Image weekly = backup(vm, "w", "weekly", 5).backup();
        Image daily2 = backup(vm, "d2", "daily", 5).backup();
        Instance other = Instance.builder(newInstance()).build();
        Image elsewhere = backup(other, "o", "daily", 5).backup();
        alice.create(ImageDraft.builder().name("unrelated").property("instance_uuid", "not-" + vm.uuid()).build());

        assertThat(ids(snapshots.list(vm.uuid(), SnapshotQuery.all())))
                .containsExactly(daily2.id(), weekly.id(), daily.id(), snap.id());
        assertThat(ids(snapshots.list(vm.uuid(), SnapshotQuery.snapshots()))).containsExactly(snap.id());
        assertThat(ids(snapshots.list(vm.uuid(), SnapshotQuery.backups(null))))
                .containsExactly(daily2.id(), weekly.id(), daily.id());
        assertThat(ids(snapshots.list(vm.uuid(), SnapshotQuery.backups("daily"))))
                .containsExactly(daily2.id(), daily.id());
        assertThat(ids(snapshots.list(vm.uuid(), SnapshotQuery.backups("monthly")))).isEmpty();
        assertThat(ids(snapshots.list(other.uuid(), SnapshotQuery.all()))).containsExactly(elsewhere.id());
        assertThat(snapshots.list(newInstance(), SnapshotQuery.all())).isEmpty();
    }

    // ------------------------------------------------------------------ rotation

    @Test
    void rotationDeletesTheOldestBeyondTheRotationAndOnlyThatInstancesActiveBackupsOfThatType() {
        Instance vm = Instance.builder(newInstance()).build();
        Image weekly = backup(vm, "w", "weekly", 1).backup();
        Image snap = snapshots.snapshot(vm, "s", stream(bytes(SIZE, 8)), SnapshotOptions.defaults());
        Image otherVm = backup(Instance.builder(newInstance()).build(), "o", "daily", 1).backup();
        Image queued = alice.create(ImageDraft.builder().name("q").property("image_type", "backup")
                .property("instance_uuid", vm.uuid()).property("backup_type", "daily").build());
        List<Image> made = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            BackupResult r = backup(vm, "d" + i, "daily", 3);
            assertThat(r.rotated()).as("below the rotation").isEmpty();
            assertThat(r.skipped()).isEmpty();
            made.add(r.backup());
        }
        BackupResult fourth = backup(vm, "d3", "daily", 3);
        assertThat(ids(fourth.rotated())).containsExactly(made.get(0).id());
        BackupResult fifth = backup(vm, "d4", "daily", 2);
        assertThat(ids(fifth.rotated())).as("oldest first").containsExactly(made.get(1).id(), made.get(2).id());
        assertThat(fifth.skipped()).isEmpty();

        assertThat(ids(snapshots.list(vm.uuid(), SnapshotQuery.backups("daily")))).as("the list shows every status")
                .containsExactly(fifth.backup().id(), fourth.backup().id(), queued.id());
        for (Image gone : made) {
            assertThatThrownBy(() -> alice.get(gone.id())).isInstanceOf(NotFoundException.class);
            assertThat(records.objects(gone.id())).as("bytes of a rotated backup").isEmpty();
        }
        assertThat(alice.get(weekly.id()).status()).as("another backup type").isEqualTo(ImageStatus.ACTIVE);
        assertThat(alice.get(snap.id()).status()).as("a snapshot").isEqualTo(ImageStatus.ACTIVE);
        assertThat(alice.get(otherVm.id()).status()).as("another instance").isEqualTo(ImageStatus.ACTIVE);
        assertThat(alice.get(queued.id()).status()).as("not active: not counted, not rotated")
                .isEqualTo(ImageStatus.QUEUED);
    }

    @Test
    void equalCreationTimesAreOrderedByIdInListAndRotation() {
        Instance vm = Instance.builder(newInstance()).build();
        List<Image> made = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            made.add(backup(vm, "t" + i, "daily", 10).backup());
        }
        Instant tie = made.get(0).createdAt().minusSeconds(60);
        made.forEach(b -> records.setCreatedAt(b.id(), tie));
        List<String> byIdDesc = made.stream().map(Image::id).sorted(Comparator.reverseOrder()).toList();
        assertThat(ids(snapshots.list(vm.uuid(), SnapshotQuery.backups("daily")))).as("ties newest first by id")
                .containsExactlyElementsOf(byIdDesc);

        BackupResult r = backup(vm, "t4", "daily", 3);
        assertThat(ids(r.rotated())).as("the two smallest ids, smallest (oldest) first")
                .containsExactly(byIdDesc.get(3), byIdDesc.get(2));
        assertThat(ids(snapshots.list(vm.uuid(), SnapshotQuery.backups("daily"))))
                .containsExactly(r.backup().id(), byIdDesc.get(0), byIdDesc.get(1));
    }

    @Test
    void aNewBackupOlderThanTheKeptOnesIsItselfRotated() {
        Instance vm = Instance.builder(newInstance()).build();
        List<Image> made = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            made.add(backup(vm, "f" + i, "daily", 10).backup());
        }
        Instant future = Instant.now().plus(Duration.ofDays(1));
        made.forEach(b -> records.setCreatedAt(b.id(), future));
        BackupResult r = backup(vm, "late", "daily", 2);
        assertThat(r.backup().status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(ids(r.rotated())).containsExactly(r.backup().id());
        assertThat(ids(snapshots.list(vm.uuid(), SnapshotQuery.backups("daily"))))
                .containsExactlyInAnyOrderElementsOf(ids(made));
    }

    @Test
    void protectedAndUndeletableBackupsAreSkippedAndReported() {
        Instance vm = Instance.builder(newInstance()).build();
        Image guarded = backup(vm, "guarded", "daily", 10).backup();
        alice.update(guarded.id(), ImagePatch.builder().replace("/protected", true).build());
        Image policy = backup(vm, UNDELETABLE, "daily", 10).backup();
        Image plain = backup(vm, "plain", "daily", 10).backup();

        BackupResult r = backup(vm, "newest", "daily", 1);
        assertThat(ids(r.rotated())).containsExactly(plain.id());
        assertThat(ids(r.skipped())).as("oldest first").containsExactly(guarded.id(), policy.id());
        assertThat(alice.get(guarded.id()).status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(alice.get(policy.id()).status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(ids(snapshots.list(vm.uuid(), SnapshotQuery.backups("daily"))))
                .containsExactly(r.backup().id(), policy.id(), guarded.id());

        BackupResult again = backup(vm, "newest-2", "daily", 1);
        assertThat(ids(again.rotated())).containsExactly(r.backup().id());
        assertThat(ids(again.skipped())).containsExactly(guarded.id(), policy.id());
    }

    // ------------------------------------------------------------------ failures

    @Test
    void aBackupWhoseSourceFailsMidStreamLeavesNoImageAndRotatesNothing() {
        Instance vm = Instance.builder(newInstance()).build();
        Image older = backup(vm, "b0", "daily", 10).backup();
        Image newer = backup(vm, "b1", "daily", 10).backup();
        Throwable t = catchThrowable(() -> snapshots.backup(vm, "broken", "daily", 1,
                failingAfter(bytes(4 * SIZE, 9), 2 * SIZE + 5), SnapshotOptions.defaults()));
        assertThat(t).as("a failing read of the disk").isInstanceOf(InvalidInputException.class)
                .hasRootCauseInstanceOf(IOException.class);
        assertThat(ids(snapshots.list(vm.uuid(), SnapshotQuery.all()))).as("nothing rotated")
                .containsExactly(newer.id(), older.id());
        assertThat(alice.get(older.id()).status()).isEqualTo(ImageStatus.ACTIVE);
        records.assertOnlyDeletedRowsBesides(vm.uuid(), older.id(), newer.id());
        assertThat(records.objects(older.id())).hasSize(1);
    }

    @Test
    void aStoreFailingMidWriteOrAtCommitLeavesNoImageAndRotatesNothing() {
        Instance vm = Instance.builder(newInstance()).build();
        Image kept = backup(vm, "k0", "daily", 10).backup();
        FaultyImageStore store = (FaultyImageStore) catalog.backends().stores().get("a");
        try {
            store.inject(FaultyImageStore.Fault.IO_ERROR_ON_WRITE, SIZE);
            assertThatThrownBy(() -> snapshots.backup(vm, "write-fails", "daily", 1,
                    stream(bytes(3 * SIZE, 15)), SnapshotOptions.defaults()))
                    .isInstanceOf(BackendUnavailableException.class);
            store.inject(FaultyImageStore.Fault.IO_ERROR_ON_COMMIT, 0);
            assertThatThrownBy(() -> snapshots.backup(vm, "commit-fails", "daily", 1,
                    stream(bytes(3 * SIZE, 16)), SnapshotOptions.defaults()))
                    .isInstanceOf(ImageCatalogException.class);
        } finally {
            store.restart();
        }
        assertThat(ids(snapshots.list(vm.uuid(), SnapshotQuery.all()))).containsExactly(kept.id());
        records.assertOnlyDeletedRowsBesides(vm.uuid(), kept.id());
        assertThat(records.rows(vm.uuid())).as("the two failed backups, deleted").hasSize(3);
        assertThat(records.objects(kept.id())).hasSize(1);
    }

    @Test
    void aSnapshotWhoseSourceThrowsLeavesNoImageAndRethrowsTheSourcesError() {
        Instance vm = Instance.builder(newInstance()).build();
        IllegalStateException bug = new IllegalStateException("disk read failed");
        assertThatThrownBy(() -> snapshots.snapshot(vm, "broken", failingAfter(bytes(2 * SIZE, 10), SIZE, bug),
                SnapshotOptions.defaults())).isSameAs(bug);
        assertThat(snapshots.list(vm.uuid(), SnapshotQuery.all())).isEmpty();
        records.assertOnlyDeletedRowsBesides(vm.uuid());
    }

    @Test
    void badArgumentsAreInvalidInputAndCreateNothing() {
        Instance vm = Instance.builder(newInstance()).build();
        assertThatThrownBy(() -> snapshots.backup(vm, "r0", "daily", 0, stream(bytes(SIZE, 11)),
                SnapshotOptions.defaults())).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> snapshots.backup(vm, "r-1", "daily", -1, stream(bytes(SIZE, 11)),
                SnapshotOptions.defaults())).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> snapshots.backup(vm, "blank", " ", 2, stream(bytes(SIZE, 11)),
                SnapshotOptions.defaults())).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> snapshots.backup(vm, "empty", "", 2, stream(bytes(SIZE, 11)),
                SnapshotOptions.defaults())).isInstanceOf(InvalidInputException.class);
        records.assertOnlyDeletedRowsBesides(vm.uuid());
        assertThat(records.rows(vm.uuid())).as("not even a deleted row").isEmpty();
    }

    @Test
    void aCallerWhoMayNotCreateInTheInstancesProjectIsForbiddenAndNothingIsMade() {
        Instance vm = Instance.builder(newInstance()).projectId("project-b").build();
        assertThatThrownBy(() -> snapshots.snapshot(vm, "theirs", stream(bytes(SIZE, 12)),
                SnapshotOptions.defaults())).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> snapshots.backup(vm, "theirs", "daily", 2, stream(bytes(SIZE, 12)),
                SnapshotOptions.defaults())).isInstanceOf(ForbiddenException.class);
        records.assertOnlyDeletedRowsBesides(vm.uuid());

        Image forB = catalog.snapshots(ADMIN).snapshot(vm, "for-b", stream(bytes(SIZE, 13)),
                SnapshotOptions.defaults());
        assertThat(forB.owner()).as("an admin snapshots into the instance's project").isEqualTo("project-b");
    }

    // ------------------------------------------------------------------ events

    @Test
    void eachImageMadeAndRotatedIsNotified() throws InterruptedException {
        Instance vm = Instance.builder(newInstance()).build();
        Image first = backup(vm, "e0", "daily", 1).backup();
        BackupResult r = backup(vm, "e1", "daily", 1);
        assertThat(ids(r.rotated())).containsExactly(first.id());
        assertThat(catalog.awaitEvents(Duration.ofSeconds(30))).isTrue();
        assertThat(typesOf(r.backup().id())).containsSubsequence(CatalogEventTypes.IMAGE_CREATE,
                CatalogEventTypes.IMAGE_UPLOAD, CatalogEventTypes.IMAGE_ACTIVATE).doesNotContain(
                CatalogEventTypes.IMAGE_DELETE);
        assertThat(typesOf(first.id())).containsSubsequence(CatalogEventTypes.IMAGE_CREATE,
                CatalogEventTypes.IMAGE_UPLOAD, CatalogEventTypes.IMAGE_DELETE);
        assertThat(typesOf(first.id()).stream().filter(CatalogEventTypes.IMAGE_DELETE::equals)).hasSize(1);
    }

    // ------------------------------------------------------------------ helpers

    static String newInstance() {
        return UUID.randomUUID().toString();
    }

    BackupResult backup(Instance vm, String name, String type, int rotation) {
        return snapshots.backup(vm, name, type, rotation, stream(bytes(SIZE, name.hashCode())),
                SnapshotOptions.defaults());
    }

    static List<String> ids(List<Image> images) {
        return images.stream().map(Image::id).toList();
    }

    static Map<String, String> withAll(Map<String, String> a, Map<String, String> b) {
        Map<String, String> m = new LinkedHashMap<>(a);
        m.putAll(b);
        return m;
    }

    List<String> typesOf(String imageId) {
        return events.stream().filter(e -> imageId.equals(e.subjectId())).map(CatalogEvent::type).toList();
    }
}
