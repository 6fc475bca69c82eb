package dev.imagecatalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.contract.FaultyImageStore;
import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.error.CatalogConfigurationException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.recovery.RecoveryReport;
import dev.imagecatalog.recovery.Scrubber;
import dev.imagecatalog.spi.ImageWriter;
import dev.imagecatalog.spi.MetadataRepository;
import dev.imagecatalog.spi.StoreContext;
import dev.imagecatalog.spi.StoredObject;
import dev.imagecatalog.spi.WriteIntent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The recovery sweep and the write intents around uploads, on the memory back-ends (the store wrapped in
 * {@link FaultyImageStore} to block or fail a write): what is swept, what never is, and the dry runs.
 */
class RecoverySweepTest {
    private static final byte[] DATA = "recovery sweep data".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private static final String OTHER_INSTANCE = "another-host";

    private final List<ImageCatalog> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(ImageCatalog::close);
    }

    private ImageCatalog catalog(String... kv) {
        Map<String, String> s = new HashMap<>();
        s.put("metadata.type", "memory");
        s.put("stores", "mem");
        s.put("store.mem.type", "faulty");
        s.put("store.mem.delegate.type", "memory");
        s.put("catalog.instance", "this-host");
        s.put("delete.delayed", "true");
        for (int i = 0; i < kv.length; i += 2) {
            s.put(kv[i], kv[i + 1]);
        }
        ImageCatalog c = ImageCatalog.builder().settings(s).build();
        opened.add(c);
        return c;
    }

    private static ImageService alice(ImageCatalog c) {
        return c.images(RequestContext.member("p1", "alice"));
    }

    private static Image queued(ImageCatalog c) {
        return alice(c).create(ImageDraft.builder().name("i").diskFormat("raw").containerFormat("bare").build());
    }

    private static FaultyImageStore store(ImageCatalog c) {
        return (FaultyImageStore) c.backends().stores().get("mem");
    }

    /** Everything the store lists as this catalog's. */
    private static List<StoredObject> owned(ImageCatalog c) throws IOException {
        List<StoredObject> all = new ArrayList<>();
        store(c).forEachOwned(all::add);
        return all;
    }

    private static List<StoreLocation> ownedLocations(ImageCatalog c) throws IOException {
        return owned(c).stream().map(StoredObject::location).toList();
    }

    /** A committed object for {@code imageId} written straight to the store, with no intent and no reference. */
    private static StoreLocation committed(ImageCatalog c, String imageId) throws IOException {
        try (ImageWriter w = store(c).delegate().openWriter(imageId, 3)) {
            w.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            return w.commit();
        }
    }

    /** A write left open: the leftover of an incomplete write. */
    private static ImageWriter leftover(ImageCatalog c, String imageId) throws IOException {
        ImageWriter w = store(c).delegate().openWriter(imageId, -1);
        w.write(ByteBuffer.wrap(new byte[] {4, 5}));
        return w;
    }

    private static WriteIntent intent(String imageId, String instance, Instant touchedAt) {
        return new WriteIntent(UUID.randomUUID().toString(), imageId, "mem", instance, touchedAt, touchedAt);
    }

    private static Image toSaving(ImageCatalog c, Image img) {
        MetadataRepository repo = c.backends().metadataRepository();
        Image current = repo.find(img.id()).orElseThrow();
        return repo.update(current.toBuilder().status(ImageStatus.SAVING).build());
    }

    private static ImageStatus status(ImageCatalog c, String id) {
        return c.backends().metadataRepository().find(id).orElseThrow().status();
    }

    // ------------------------------------------------------------------ what is swept

    @Test
    void anUnreferencedObjectAndALeftoverWithoutIntentAreRemoved() throws Exception {
        ImageCatalog c = catalog();
        Image active = alice(c).upload(queued(c).id(), new ByteArrayInputStream(DATA));
        StoreLocation orphan = committed(c, UUID.randomUUID().toString());
        ImageWriter abandoned = leftover(c, UUID.randomUUID().toString());
        assertThat(owned(c)).hasSize(3);

        RecoveryReport r = c.recover();
        assertThat(r.orphansDeleted()).isEqualTo(1);
        assertThat(r.incompleteWritesSwept()).isEqualTo(1);
        assertThat(r.removedObjects()).extracting(StoredObject::location).contains(orphan);
        assertThat(ownedLocations(c)).containsExactlyElementsOf(active.activeLocations());
        // the writer whose leftover was swept cannot commit it any more
        assertThatThrownBy(abandoned::commit).isInstanceOf(IOException.class);
        assertThat(c.recover().removedObjects()).isEmpty();
    }

    @Test
    void aLiveIntentOfAnotherInstanceKeepsItsObjectAndLeftover() throws Exception {
        ImageCatalog c = catalog();
        String image = UUID.randomUUID().toString();
        c.backends().metadataRepository().recordWriteIntent(intent(image, OTHER_INSTANCE, Instant.now()));
        StoreLocation inFlight = committed(c, image); // committed, not yet activated by the other instance
        ImageWriter writing = leftover(c, image);

        RecoveryReport r = c.recover();
        assertThat(r.removedObjects()).isEmpty();
        assertThat(r.removedIntents()).isEmpty();
        assertThat(owned(c)).hasSize(2).extracting(StoredObject::location).contains(inFlight);
        assertThat(c.backends().metadataRepository().writeIntents()).hasSize(1);
        assertThat(writing.commit()).isNotNull(); // the other instance's write goes on
    }

    @Test
    void aStaleIntentIsRemovedAfterItsData() throws Exception {
        ImageCatalog c = catalog("recovery.orphan-grace", "10m", "recovery.intent-heartbeat", "1m");
        String image = UUID.randomUUID().toString();
        WriteIntent stale = intent(image, OTHER_INSTANCE, Instant.now().minus(Duration.ofMinutes(11)));
        c.backends().metadataRepository().recordWriteIntent(stale);
        StoreLocation dead = committed(c, image);
        leftover(c, image);

        RecoveryReport r = c.recover();
        assertThat(r.orphansDeleted()).isEqualTo(1);
        assertThat(r.incompleteWritesSwept()).isEqualTo(1);
        assertThat(r.removedObjects()).extracting(StoredObject::location).contains(dead);
        assertThat(r.removedIntents()).containsExactly(stale);
        assertThat(owned(c)).isEmpty();
        assertThat(c.backends().metadataRepository().writeIntents()).isEmpty();
    }

    @Test
    void aSavingImageIsResetOnlyWithoutALiveIntent() throws Exception {
        ImageCatalog c = catalog();
        Image live = toSaving(c, queued(c));
        Image stale = toSaving(c, queued(c));
        Image none = toSaving(c, queued(c));
        c.backends().metadataRepository().recordWriteIntent(intent(live.id(), OTHER_INSTANCE, Instant.now()));
        WriteIntent staleIntent = intent(stale.id(), OTHER_INSTANCE, Instant.now().minus(Duration.ofHours(2)));
        c.backends().metadataRepository().recordWriteIntent(staleIntent);

        RecoveryReport r = c.recover();
        assertThat(r.resetImageIds()).containsExactlyInAnyOrder(stale.id(), none.id());
        assertThat(r.imagesReset()).isEqualTo(2);
        assertThat(status(c, live.id())).isEqualTo(ImageStatus.SAVING);
        assertThat(status(c, stale.id())).isEqualTo(ImageStatus.QUEUED);
        assertThat(status(c, none.id())).isEqualTo(ImageStatus.QUEUED);
        assertThat(r.removedIntents()).containsExactly(staleIntent);
    }

    @Test
    void atStartUpIntentsInABackEndExclusiveToThisProcessAreDead() throws Exception {
        // the memory back-end is exclusive to this process: an intent found at the first sweep has no live writer
        ImageCatalog c = catalog("recovery.on-start", "false");
        Image saving = toSaving(c, queued(c));
        WriteIntent fresh = intent(saving.id(), OTHER_INSTANCE, Instant.now());
        c.backends().metadataRepository().recordWriteIntent(fresh);
        committed(c, saving.id());

        RecoveryReport first = c.recover();
        assertThat(first.resetImageIds()).containsExactly(saving.id());
        assertThat(first.orphansDeleted()).isEqualTo(1);
        assertThat(first.removedIntents()).containsExactly(fresh);

        // after the start-up sweep, a fresh intent is live again
        Image other = toSaving(c, queued(c));
        c.backends().metadataRepository().recordWriteIntent(intent(other.id(), OTHER_INSTANCE, Instant.now()));
        assertThat(c.recover().resetImageIds()).isEmpty();
        assertThat(status(c, other.id())).isEqualTo(ImageStatus.SAVING);
    }

    // ------------------------------------------------------------------ dry runs

    /** One of everything: kept, removed, reset and left alone. */
    private void mixedState(ImageCatalog c) throws IOException {
        alice(c).upload(queued(c).id(), new ByteArrayInputStream(DATA));
        committed(c, UUID.randomUUID().toString());
        leftover(c, UUID.randomUUID().toString());
        String kept = UUID.randomUUID().toString();
        c.backends().metadataRepository().recordWriteIntent(intent(kept, OTHER_INSTANCE, Instant.now()));
        committed(c, kept);
        String dead = UUID.randomUUID().toString();
        c.backends().metadataRepository().recordWriteIntent(intent(dead, OTHER_INSTANCE, Instant.now().minus(Duration.ofHours(3))));
        committed(c, dead);
        toSaving(c, queued(c));
    }

    @Test
    void aRecoveryPlanChangesNothingAndListsExactlyWhatTheRunThenDoes() throws Exception {
        ImageCatalog c = catalog();
        mixedState(c);
        List<StoredObject> before = owned(c);
        List<WriteIntent> intentsBefore = c.backends().metadataRepository().writeIntents();

        RecoveryReport plan = c.recoveryPlan();
        assertThat(plan.dryRun()).isTrue();
        assertThat(owned(c)).containsExactlyInAnyOrderElementsOf(before);
        assertThat(c.backends().metadataRepository().writeIntents()).isEqualTo(intentsBefore);
        assertThat(c.backends().metadataRepository().findByStatus(ImageStatus.SAVING, 10)).hasSize(1);
        assertThat(plan.removedObjects()).hasSize(3); // the orphan, the leftover, the dead intent's object
        assertThat(plan.resetImageIds()).hasSize(1);
        assertThat(plan.removedIntents()).hasSize(1);

        RecoveryReport run = c.recover();
        assertThat(run.dryRun()).isFalse();
        assertThat(run.removedObjects()).containsExactlyInAnyOrderElementsOf(plan.removedObjects());
        assertThat(run.resetImageIds()).isEqualTo(plan.resetImageIds());
        assertThat(run.removedIntents()).isEqualTo(plan.removedIntents());
        assertThat(List.of(run.imagesReset(), run.incompleteWritesSwept(), run.orphansDeleted()))
                .isEqualTo(List.of(plan.imagesReset(), plan.incompleteWritesSwept(), plan.orphansDeleted()));
        List<StoredObject> after = owned(c);
        assertThat(after).hasSize(before.size() - plan.removedObjects().size());
        assertThat(after).doesNotContainAnyElementsOf(plan.removedObjects());
    }

    @Test
    void aScrubberPlanChangesNothingAndListsExactlyWhatTheRunThenDoes() throws Exception {
        ImageCatalog c = catalog();
        mixedState(c);
        Image pending = alice(c).upload(queued(c).id(), new ByteArrayInputStream(DATA));
        alice(c).delete(pending.id());
        List<StoredObject> before = owned(c);

        Scrubber.Report plan = c.scrubber().plan();
        assertThat(plan.dryRun()).isTrue();
        assertThat(plan.scrubbedImageIds()).containsExactly(pending.id());
        assertThat(owned(c)).containsExactlyInAnyOrderElementsOf(before);
        assertThat(c.backends().metadataRepository().findPendingDelete(pending.id())).isPresent();

        Scrubber.Report run = c.scrubber().runOnce();
        assertThat(run.scrubbedImageIds()).isEqualTo(plan.scrubbedImageIds());
        assertThat(run.sweep().removedObjects()).containsExactlyInAnyOrderElementsOf(plan.sweep().removedObjects());
        assertThat(run.sweep().resetImageIds()).isEqualTo(plan.sweep().resetImageIds());
        assertThat(run.sweep().removedIntents()).isEqualTo(plan.sweep().removedIntents());
        assertThat(run.orphansDeleted()).isEqualTo(plan.orphansDeleted()).isEqualTo(2);
        assertThat(c.backends().metadataRepository().findPendingDelete(pending.id())).isEmpty();
        // the scrubbed image's data and the sweep's removals are gone, nothing else
        assertThat(owned(c)).hasSize(before.size() - 1 - plan.sweep().removedObjects().size());
    }

    // ------------------------------------------------------------------ intents around uploads

    @Test
    void anUploadRecordsItsIntentBeforeWritingHeartbeatsItAndRemovesItAfterActivation() throws Exception {
        ImageCatalog c = catalog("recovery.intent-heartbeat", "50ms", "recovery.orphan-grace", "1h");
        Image img = queued(c);
        store(c).inject(FaultyImageStore.Fault.BLOCK_ON_WRITE, 0);
        CompletableFuture<Image> upload = CompletableFuture.supplyAsync(
                () -> alice(c).upload(img.id(), new ByteArrayInputStream(DATA)));
        assertThat(store(c).awaitBlocked(10)).isTrue();
        List<WriteIntent> intents = c.backends().metadataRepository().writeIntents();
        assertThat(intents).hasSize(1);
        WriteIntent i = intents.get(0);
        assertThat(List.of(i.imageId(), i.storeId(), i.instance())).isEqualTo(List.of(img.id(), "mem", "this-host"));
        // the heartbeat touches it while the write lasts
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!c.backends().metadataRepository().writeIntents().get(0).touchedAt().isAfter(i.startedAt())
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(c.backends().metadataRepository().writeIntents().get(0).touchedAt()).isAfter(i.startedAt());
        // a sweep now (this catalog's or another's) leaves the write in flight alone, without waiting for it
        RecoveryReport r = c.recover();
        assertThat(r.removedObjects()).isEmpty();
        assertThat(r.resetImageIds()).isEmpty();
        assertThat(owned(c)).singleElement().extracting(StoredObject::committed).isEqualTo(false);
        store(c).release();
        assertThat(upload.get(10, TimeUnit.SECONDS).status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(c.backends().metadataRepository().writeIntents()).isEmpty();
        assertThat(ownedLocations(c)).containsExactlyElementsOf(alice(c).get(img.id()).activeLocations());
    }

    @Test
    void aFailedUploadRemovesItsBytesThenItsIntent() throws Exception {
        ImageCatalog c = catalog();
        for (FaultyImageStore.Fault f : List.of(FaultyImageStore.Fault.IO_ERROR_ON_WRITE,
                FaultyImageStore.Fault.IO_ERROR_ON_COMMIT)) {
            Image img = queued(c);
            store(c).inject(f, 0);
            assertThatThrownBy(() -> alice(c).upload(img.id(), new ByteArrayInputStream(DATA)))
                    .isInstanceOf(BackendUnavailableException.class);
            assertThat(status(c, img.id())).as(f.name()).isEqualTo(ImageStatus.QUEUED);
            assertThat(owned(c)).as(f.name()).isEmpty();
            assertThat(c.backends().metadataRepository().writeIntents()).as(f.name()).isEmpty();
        }
        store(c).inject(FaultyImageStore.Fault.NONE, 0);
        Image ok = queued(c);
        assertThat(alice(c).upload(ok.id(), new ByteArrayInputStream(DATA)).status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(c.backends().metadataRepository().writeIntents()).isEmpty();
    }

    @Test
    void anUploadWhoseIntentCannotBeRecordedWritesNothingAndStaysQueued() throws Exception {
        ImageCatalog c = catalog("metadata.type", "faulty-metadata", "metadata.fail", "recordWriteIntent");
        Image img = queued(c);
        assertThatThrownBy(() -> alice(c).upload(img.id(), new ByteArrayInputStream(DATA)))
                .isInstanceOf(BackendUnavailableException.class).hasMessageContaining(img.id())
                .hasMessageContaining("recording the write");
        assertThat(status(c, img.id())).isEqualTo(ImageStatus.QUEUED);
        assertThat(owned(c)).isEmpty();
    }

    @Test
    void anUploadWhoseIntentCouldNotBeKeptAliveIsNotActivated() throws Exception {
        // the heartbeat fails: after half the grace a sweep elsewhere may treat the write as dead, so the upload
        // must not activate bytes that may be gone
        ImageCatalog c = catalog("metadata.type", "faulty-metadata", "metadata.fail", "touchWriteIntents",
                "recovery.orphan-grace", "1s", "recovery.intent-heartbeat", "100ms");
        Image img = queued(c);
        store(c).inject(FaultyImageStore.Fault.BLOCK_ON_WRITE, 0);
        CompletableFuture<Image> upload = CompletableFuture.supplyAsync(
                () -> alice(c).upload(img.id(), new ByteArrayInputStream(DATA)));
        assertThat(store(c).awaitBlocked(10)).isTrue();
        Thread.sleep(800);
        store(c).release();
        assertThatThrownBy(() -> upload.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("kept alive");
        assertThat(status(c, img.id())).isEqualTo(ImageStatus.QUEUED);
        assertThat(owned(c)).isEmpty();
        assertThat(c.backends().metadataRepository().writeIntents()).isEmpty();
    }

    // ------------------------------------------------------------------ catalog id and settings

    @Test
    void theCatalogIdComesFromTheSettingElseFromTheMetadataBackEndAndMarksTheStoresKeys() throws Exception {
        ImageCatalog c = catalog();
        assertThat(StoreContext.validCatalogId(c.catalogId())).isTrue();
        assertThat(c.catalogId()).isEqualTo(c.backends().metadataRepository().catalogId("ignored"));
        Image img = alice(c).upload(queued(c).id(), new ByteArrayInputStream(DATA));
        assertThat(img.activeLocations()).singleElement().extracting(StoreLocation::key).asString()
                .startsWith(c.catalogId() + "/" + img.id() + "/");

        ImageCatalog named = catalog("catalog.id", "team-b");
        assertThat(named.catalogId()).isEqualTo("team-b");
        Image other = alice(named).upload(queued(named).id(), new ByteArrayInputStream(DATA));
        assertThat(other.activeLocations().get(0).key()).startsWith("team-b/");
    }

    @Test
    void badRecoverySettingsNameTheirKey() {
        assertThatThrownBy(() -> catalog("catalog.id", "Team_B")).isInstanceOf(CatalogConfigurationException.class)
                .hasMessageContaining("catalog.id");
        assertThatThrownBy(() -> catalog("catalog.instance", "ho\u0001st")).isInstanceOf(CatalogConfigurationException.class)
                .hasMessageContaining("catalog.instance");
        assertThatThrownBy(() -> catalog("catalog.instance", "h".repeat(256)))
                .isInstanceOf(CatalogConfigurationException.class).hasMessageContaining("catalog.instance");
        assertThatThrownBy(() -> catalog("recovery.orphan-grace", "0s"))
                .isInstanceOf(CatalogConfigurationException.class).hasMessageContaining("recovery.orphan-grace");
        assertThatThrownBy(() -> catalog("recovery.orphan-grace", "10m", "recovery.intent-heartbeat", "5m"))
                .isInstanceOf(CatalogConfigurationException.class).hasMessageContaining("recovery.intent-heartbeat");
        assertThatThrownBy(() -> catalog("recovery.orphan-grace", "1m"))
                .isInstanceOf(CatalogConfigurationException.class).hasMessageContaining("recovery.intent-heartbeat");
        assertThatThrownBy(() -> catalog("recovery.intent-heartbeat", "0s"))
                .isInstanceOf(CatalogConfigurationException.class).hasMessageContaining("recovery.intent-heartbeat");
    }

}
