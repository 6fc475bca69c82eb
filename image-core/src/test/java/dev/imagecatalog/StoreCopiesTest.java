package dev.imagecatalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.contract.FaultyImageStore;
import dev.imagecatalog.contract.SeededBytes;
import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.error.ForbiddenException;
import dev.imagecatalog.error.ImageCatalogException;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.event.CatalogEvent;
import dev.imagecatalog.event.CatalogEventTypes;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageLocation;
import dev.imagecatalog.image.ImagePatch;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.LocationStatus;
import dev.imagecatalog.image.StoreCopyResult;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageWriter;
import dev.imagecatalog.spi.MetadataRepository;
import dev.imagecatalog.spi.StoredObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Copies between stores and removal from one store, on three memory stores each wrapped in {@link FaultyImageStore}
 * (store {@code a} the default): the bytes in every store, skips, a target failing with and without
 * {@code allMustSucceed}, the checks, a failing or corrupt source, and the image changing, deleted or deactivated
 * mid-copy. Whatever fails leaves no pending location, no bytes and no write intent.
 */
class StoreCopiesTest {
    /** Three and a half buffers of the default 1 MiB: the streaming path with workers. */
    private static final int SIZE = 3 * 1024 * 1024 + 512 * 1024;
    private static final long SEED = 15;

    private final List<ImageCatalog> opened = new ArrayList<>();
    private final List<CatalogEvent> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(ImageCatalog::close);
    }

    private ImageCatalog catalog(String... kv) {
        Map<String, String> s = new HashMap<>();
        s.put("metadata.type", "memory");
        s.put("stores", "a,b,c");
        s.put("stores.default", "a");
        for (String id : List.of("a", "b", "c")) {
            s.put("store." + id + ".type", "faulty");
            s.put("store." + id + ".delegate.type", "memory");
        }
        for (int i = 0; i < kv.length; i += 2) {
            s.put(kv[i], kv[i + 1]);
        }
        ImageCatalog c = ImageCatalog.builder().settings(s).listener(events::add).build();
        opened.add(c);
        return c;
    }

    private static ImageService alice(ImageCatalog c) {
        return c.images(RequestContext.member("p1", "alice"));
    }

    private static ImageService admin(ImageCatalog c) {
        return c.images(RequestContext.admin("ops", "root"));
    }

    private static Image uploaded(ImageCatalog c, int size) {
        Image img = alice(c).create(ImageDraft.builder().name("i").diskFormat("raw").containerFormat("bare").build());
        return alice(c).upload(img.id(), SeededBytes.stream(SEED, size));
    }

    private static FaultyImageStore store(ImageCatalog c, String id) {
        return (FaultyImageStore) c.backends().stores().get(id);
    }

    private static Image stored(ImageCatalog c, String id) {
        return c.backends().metadataRepository().find(id).orElseThrow();
    }

    private static byte[] bytesIn(ImageCatalog c, String storeId, Image image) throws IOException {
        StoreLocation loc = image.activeLocations().stream().filter(l -> l.storeId().equals(storeId)).findFirst()
                .orElseThrow();
        try (InputStream in = c.backends().stores().get(storeId).openStream(loc, 0, -1)) {
            return in.readAllBytes();
        }
    }

    private static byte[] expected(int size) throws IOException {
        return SeededBytes.stream(SEED, size).readAllBytes();
    }

    private static List<StoredObject> owned(ImageCatalog c, String storeId) throws IOException {
        List<StoredObject> all = new ArrayList<>();
        c.backends().stores().get(storeId).forEachOwned(all::add);
        return all;
    }

    /** Nothing of a failed copy remains: only the locations given, all active, no intent, nothing else stored. */
    private static void onlyIn(ImageCatalog c, String imageId, String... storeIds) throws IOException {
        Image img = stored(c, imageId);
        assertThat(img.locations()).allMatch(ImageLocation::isActive);
        assertThat(img.stores()).containsExactlyInAnyOrder(storeIds);
        assertThat(c.backends().metadataRepository().writeIntents()).isEmpty();
        for (String s : List.of("a", "b", "c")) {
            assertThat(owned(c, s)).as("what store %s holds", s).hasSize(List.of(storeIds).contains(s) ? 1 : 0);
        }
    }

    // ------------------------------------------------------------------ copies

    @Test
    void aCopyWritesTheSameBytesToEveryTargetAndActivatesTheirLocations() throws Exception {
        ImageCatalog c = catalog();
        Image img = uploaded(c, SIZE);

        StoreCopyResult r = admin(c).copyToStores(img.id(), List.of("b", "c"), true);

        assertThat(r.copied()).containsExactly("b", "c");
        assertThat(r.skipped()).isEmpty();
        assertThat(r.failed()).isEmpty();
        assertThat(r.image().stores()).containsExactly("a", "b", "c");
        Image after = stored(c, img.id());
        assertThat(after.locations()).hasSize(3).allMatch(ImageLocation::isActive);
        for (String s : List.of("a", "b", "c")) {
            assertThat(bytesIn(c, s, after)).as("bytes in %s", s).isEqualTo(expected(SIZE));
        }
        assertThat(after.checksum()).isEqualTo(img.checksum());
        assertThat(c.backends().metadataRepository().writeIntents()).isEmpty();
        assertThat(c.awaitEvents(java.time.Duration.ofSeconds(10))).isTrue();
        assertThat(events).filteredOn(e -> e.type().equals(CatalogEventTypes.IMAGE_UPDATE)).hasSize(1);
        // every copy serves downloads: with a and b gone the bytes still come from c
        store(c, "a").delegate().delete(after.activeLocations().get(0));
        store(c, "b").delegate().delete(after.activeLocations().get(1));
        try (InputStream in = alice(c).download(img.id()).stream()) {
            assertThat(in.readAllBytes()).isEqualTo(expected(SIZE));
        }
    }

    @Test
    void aSmallImageIsCopiedToo() throws Exception {
        ImageCatalog c = catalog();
        Image img = uploaded(c, 1000);
        StoreCopyResult r = admin(c).copyToStores(img.id(), List.of("c"), false);
        assertThat(r.copied()).containsExactly("c");
        assertThat(bytesIn(c, "c", stored(c, img.id()))).isEqualTo(expected(1000));
    }

    @Test
    void storesHoldingTheImageAreSkipped() throws Exception {
        ImageCatalog c = catalog();
        Image img = uploaded(c, SIZE);

        StoreCopyResult first = admin(c).copyToStores(img.id(), List.of("a", "b", "b"), true);
        assertThat(first.skipped()).containsExactly("a");
        assertThat(first.copied()).containsExactly("b");

        StoreCopyResult again = admin(c).copyToStores(img.id(), List.of("b"), true);
        assertThat(again.copied()).isEmpty();
        assertThat(again.skipped()).containsExactly("b");
        assertThat(again.image().stores()).containsExactly("a", "b");
        onlyIn(c, img.id(), "a", "b");
    }

    @Test
    void aFailingTargetIsReportedAndTheOthersAreCopied() throws Exception {
        ImageCatalog c = catalog();
        Image img = uploaded(c, SIZE);
        store(c, "c").inject(FaultyImageStore.Fault.IO_ERROR_ON_WRITE, 1024 * 1024);

        StoreCopyResult r = admin(c).copyToStores(img.id(), List.of("b", "c"), false);

        assertThat(r.copied()).containsExactly("b");
        assertThat(r.failed()).containsOnlyKeys("c");
        assertThat(r.failed().get("c")).contains("injected write failure");
        assertThat(r.image().stores()).containsExactly("a", "b");
        onlyIn(c, img.id(), "a", "b");
        assertThat(bytesIn(c, "b", stored(c, img.id()))).isEqualTo(expected(SIZE));
    }

    @Test
    void aTargetFailingToCommitIsReportedAndLeavesNothing() throws Exception {
        ImageCatalog c = catalog();
        Image img = uploaded(c, SIZE);
        store(c, "b").inject(FaultyImageStore.Fault.IO_ERROR_ON_COMMIT, 0);

        StoreCopyResult r = admin(c).copyToStores(img.id(), List.of("b", "c"), false);

        assertThat(r.copied()).containsExactly("c");
        assertThat(r.failed()).containsOnlyKeys("b");
        onlyIn(c, img.id(), "a", "c");
    }

    @Test
    void withAllMustSucceedOneFailingTargetFailsTheCopyAndNothingNewRemains() throws Exception {
        ImageCatalog c = catalog();
        Image img = uploaded(c, SIZE);
        store(c, "c").inject(FaultyImageStore.Fault.STORAGE_FULL_ON_WRITE, 2 * 1024 * 1024);

        assertThatThrownBy(() -> admin(c).copyToStores(img.id(), List.of("b", "c"), true))
                .isInstanceOf(ConflictException.class).hasMessageContaining("[c]");

        onlyIn(c, img.id(), "a");
        assertThat(stored(c, img.id()).locations()).hasSize(1);
    }

    @Test
    void withAllMustSucceedACommitFailureAfterAnotherTargetCommittedDeletesThatCopy() throws Exception {
        ImageCatalog c = catalog();
        Image img = uploaded(c, SIZE);
        store(c, "c").inject(FaultyImageStore.Fault.IO_ERROR_ON_COMMIT, 0);

        assertThatThrownBy(() -> admin(c).copyToStores(img.id(), List.of("b", "c"), true))
                .isInstanceOf(ConflictException.class).hasMessageContaining("c");
        onlyIn(c, img.id(), "a");
    }

    @Test
    void everyTargetFailingIsReportedWithoutAllMustSucceed() throws Exception {
        ImageCatalog c = catalog();
        Image img = uploaded(c, SIZE);
        store(c, "b").inject(FaultyImageStore.Fault.IO_ERROR_ON_WRITE, 0);
        store(c, "c").inject(FaultyImageStore.Fault.IO_ERROR_ON_WRITE, 1024 * 1024);

        StoreCopyResult r = admin(c).copyToStores(img.id(), List.of("b", "c"), false);
        assertThat(r.copied()).isEmpty();
        assertThat(r.failed()).containsOnlyKeys("b", "c");
        onlyIn(c, img.id(), "a");
    }

    @Test
    void aCopyPastTheLocationLimitFailsForTheStoresOverIt() throws Exception {
        ImageCatalog c = catalog("limit.image-locations", "2");
        Image img = uploaded(c, SIZE);

        assertThatThrownBy(() -> admin(c).copyToStores(img.id(), List.of("b", "c"), true))
                .isInstanceOf(ConflictException.class).hasMessageContaining("limit.image-locations");
        onlyIn(c, img.id(), "a");

        StoreCopyResult r = admin(c).copyToStores(img.id(), List.of("b", "c"), false);
        assertThat(r.copied()).containsExactly("b");
        assertThat(r.failed()).containsOnlyKeys("c");
        assertThat(r.failed().get("c")).contains("limit.image-locations");
        onlyIn(c, img.id(), "a", "b");
    }

    @Test
    void theChecksComeFirstAndChangeNothing() throws Exception {
        ImageCatalog c = catalog("store.c.read-only", "true");
        Image img = uploaded(c, 1000);
        Image queued = alice(c).create(ImageDraft.builder().name("q").diskFormat("raw").containerFormat("bare")
                .build());

        assertThatThrownBy(() -> admin(c).copyToStores(img.id(), List.of("c"), false))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("read-only");
        assertThatThrownBy(() -> admin(c).copyToStores(img.id(), List.of("b", "nowhere"), false))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("nowhere");
        assertThatThrownBy(() -> admin(c).copyToStores(img.id(), List.of(), false))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> admin(c).copyToStores(queued.id(), List.of("b"), false))
                .isInstanceOf(ConflictException.class).hasMessageContaining("queued");
        // copy_image is admin-only by default: the owner is refused, another project does not see the image
        assertThatThrownBy(() -> alice(c).copyToStores(img.id(), List.of("b"), false))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> c.images(RequestContext.member("p2", "bob")).copyToStores(img.id(), List.of("b"),
                false)).isInstanceOf(NotFoundException.class);
        onlyIn(c, img.id(), "a");
    }

    @Test
    void aPolicyLettingMembersCopyStillNeedsTheOwner() throws Exception {
        ImageCatalog c = catalog("policy.copy_image", "role:member");
        Image img = uploaded(c, 1000);
        Image shared = admin(c).update(img.id(), ImagePatch.builder().replace("/visibility", "public").build());
        assertThatThrownBy(() -> c.images(RequestContext.member("p2", "bob")).copyToStores(shared.id(),
                List.of("b"), false)).isInstanceOf(ForbiddenException.class);
        assertThat(alice(c).copyToStores(img.id(), List.of("b"), false).copied()).containsExactly("b");
    }

    @Test
    void aMissingSourceFailsTheCopyAndLeavesNothing() throws Exception {
        ImageCatalog c = catalog();
        Image img = uploaded(c, SIZE);
        store(c, "a").delegate().delete(img.activeLocations().get(0));

        assertThatThrownBy(() -> admin(c).copyToStores(img.id(), List.of("b", "c"), false))
                .isInstanceOf(BackendUnavailableException.class).hasMessageContaining("'a'");
        assertThat(stored(c, img.id()).locations()).hasSize(1).allMatch(ImageLocation::isActive);
        assertThat(owned(c, "b")).isEmpty();
        assertThat(owned(c, "c")).isEmpty();
        assertThat(c.backends().metadataRepository().writeIntents()).isEmpty();
    }

    @Test
    void aSourceWhoseBytesDoNotMatchTheImageFailsTheCopyBeforeAnyCommit() throws Exception {
        ImageCatalog c = catalog();
        Image img = uploaded(c, SIZE);
        // the same number of bytes, other content, in a, as the image's only location
        StoreLocation corrupt;
        try (ImageWriter w = store(c, "a").delegate().openWriter(img.id(), SIZE)) {
            w.write(ByteBuffer.wrap(SeededBytes.stream(SEED + 1, SIZE).readAllBytes()));
            corrupt = w.commit();
        }
        store(c, "a").delegate().delete(img.activeLocations().get(0));
        MetadataRepository repo = c.backends().metadataRepository();
        repo.update(stored(c, img.id()).toBuilder().activeLocation(corrupt).build());

        assertThatThrownBy(() -> admin(c).copyToStores(img.id(), List.of("b", "c"), false))
                .isInstanceOf(BackendUnavailableException.class).hasMessageContaining("md5");
        onlyIn(c, img.id(), "a");
    }

    @Test
    void aSourceFailingMidStreamWithNoOtherCopyFailsTheCopyAndLeavesNothing() throws Exception {
        ImageCatalog c = catalog();
        Image img = uploaded(c, SIZE);
        store(c, "a").injectRead(FaultyImageStore.ReadFault.IO_ERROR_AT, 2 * 1024 * 1024 + 5);

        assertThatThrownBy(() -> admin(c).copyToStores(img.id(), List.of("b", "c"), false))
                .isInstanceOf(BackendUnavailableException.class).hasMessageContaining("'a'");
        onlyIn(c, img.id(), "a");
    }

    @Test
    void aSourceFailingMidStreamIsReplacedByAnotherCopyAtTheSameByte() throws Exception {
        ImageCatalog c = catalog("store.a.weight", "10");
        Image img = uploaded(c, SIZE);
        admin(c).copyToStores(img.id(), List.of("b"), true);
        store(c, "a").injectRead(FaultyImageStore.ReadFault.IO_ERROR_AT, 2 * 1024 * 1024 + 5);

        StoreCopyResult r = admin(c).copyToStores(img.id(), List.of("c"), true);

        assertThat(r.copied()).containsExactly("c");
        assertThat(store(c, "b").opens()).extracting(FaultyImageStore.Open::offset)
                .containsExactly(2L * 1024 * 1024 + 5);
        assertThat(bytesIn(c, "c", stored(c, img.id()))).isEqualTo(expected(SIZE));
    }

    // ------------------------------------------------------------------ the image changing meanwhile

    /** Starts a copy to b and c whose write to c blocks after 1 MiB; returns once it is blocked. */
    private static CompletableFuture<StoreCopyResult> blockedCopy(ImageCatalog c, Image img, boolean all)
            throws InterruptedException {
        store(c, "c").inject(FaultyImageStore.Fault.BLOCK_ON_WRITE, 1024 * 1024);
        CompletableFuture<StoreCopyResult> copy = CompletableFuture.supplyAsync(
                () -> admin(c).copyToStores(img.id(), List.of("b", "c"), all));
        assertThat(store(c, "c").awaitBlocked(30)).isTrue();
        return copy;
    }

    @Test
    void anUpdateDuringACopyIsKeptAndTheCopyStillActivates() throws Exception {
        ImageCatalog c = catalog();
        Image img = uploaded(c, SIZE);
        CompletableFuture<StoreCopyResult> copy = blockedCopy(c, img, true);

        Image during = stored(c, img.id());
        assertThat(during.locations()).extracting(ImageLocation::storeId, ImageLocation::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", LocationStatus.ACTIVE),
                        org.assertj.core.groups.Tuple.tuple("b", LocationStatus.PENDING),
                        org.assertj.core.groups.Tuple.tuple("c", LocationStatus.PENDING));
        assertThat(during.stores()).containsExactly("a");
        assertThat(c.backends().metadataRepository().writeIntents()).hasSize(2);
        alice(c).update(img.id(), ImagePatch.builder().replace("/name", "renamed").build());
        store(c, "c").release();

        StoreCopyResult r = copy.get(60, TimeUnit.SECONDS);
        assertThat(r.copied()).containsExactly("b", "c");
        Image after = stored(c, img.id());
        assertThat(after.name()).isEqualTo("renamed");
        assertThat(after.stores()).containsExactly("a", "b", "c");
        assertThat(bytesIn(c, "c", after)).isEqualTo(expected(SIZE));
        assertThat(c.backends().metadataRepository().writeIntents()).isEmpty();
    }

    @Test
    void aSecondCopyToAStoreBeingCopiedToIsRefusedForThatStore() throws Exception {
        ImageCatalog c = catalog();
        Image img = uploaded(c, SIZE);
        CompletableFuture<StoreCopyResult> copy = blockedCopy(c, img, false);

        StoreCopyResult second = admin(c).copyToStores(img.id(), List.of("c"), false);
        assertThat(second.copied()).isEmpty();
        assertThat(second.failed()).containsOnlyKeys("c");
        store(c, "c").release();
        assertThat(copy.get(60, TimeUnit.SECONDS).copied()).containsExactly("b", "c");
        onlyIn(c, img.id(), "a", "b", "c");
    }

    @Test
    void anImageDeactivatedDuringACopyEndsItWithNothingLeft() throws Exception {
        ImageCatalog c = catalog();
        Image img = uploaded(c, SIZE);
        CompletableFuture<StoreCopyResult> copy = blockedCopy(c, img, false);
        admin(c).deactivate(img.id());
        store(c, "c").release();

        assertThat(copy).failsWithin(60, TimeUnit.SECONDS).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(ConflictException.class);
        onlyIn(c, img.id(), "a");
    }

    @Test
    void anImageDeletedDuringACopyEndsItWithNothingLeft() throws Exception {
        ImageCatalog c = catalog();
        Image img = uploaded(c, SIZE);
        CompletableFuture<StoreCopyResult> copy = blockedCopy(c, img, false);
        alice(c).delete(img.id());
        store(c, "c").release();

        assertThat(copy).failsWithin(60, TimeUnit.SECONDS).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(ImageCatalogException.class);
        for (String s : List.of("a", "b", "c")) {
            assertThat(owned(c, s)).as("store %s", s).isEmpty();
        }
        assertThat(c.backends().metadataRepository().writeIntents()).isEmpty();
    }

    // ------------------------------------------------------------------ delete from one store

    @Test
    void deletingFromOneStoreRemovesItsBytesAndKeepsTheImage() throws Exception {
        ImageCatalog c = catalog();
        Image img = uploaded(c, SIZE);
        admin(c).copyToStores(img.id(), List.of("b"), true);
        StoreLocation inA = img.activeLocations().get(0);

        Image after = admin(c).deleteFromStore(img.id(), "a");

        assertThat(after.stores()).containsExactly("b");
        assertThat(store(c, "a").exists(inA)).isFalse();
        onlyIn(c, img.id(), "b");
        try (InputStream in = alice(c).download(img.id()).stream()) {
            assertThat(in.readAllBytes()).isEqualTo(expected(SIZE));
        }
        assertThatThrownBy(() -> admin(c).deleteFromStore(img.id(), "b"))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("last");
        assertThatThrownBy(() -> admin(c).deleteFromStore(img.id(), "a"))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> admin(c).deleteFromStore(img.id(), "c"))
                .isInstanceOf(NotFoundException.class);
        onlyIn(c, img.id(), "b");
    }

    @Test
    void deletingFromAStoreNeedsThePolicyAnActiveImageAndAWritableStore() throws Exception {
        ImageCatalog c = catalog("store.c.read-only", "true");
        Image img = uploaded(c, 1000);
        admin(c).copyToStores(img.id(), List.of("b"), true);
        // a copy in a read-only store, as one added there by hand
        MetadataRepository repo = c.backends().metadataRepository();
        StoreLocation inC;
        try (ImageWriter w = store(c, "c").delegate().openWriter(img.id(), 1000)) {
            w.write(ByteBuffer.wrap(expected(1000)));
            inC = w.commit();
        }
        Image current = stored(c, img.id());
        List<ImageLocation> withC = new ArrayList<>(current.locations());
        withC.add(ImageLocation.active(inC));
        repo.update(current.toBuilder().locations(withC).build());

        assertThatThrownBy(() -> alice(c).deleteFromStore(img.id(), "a")).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> admin(c).deleteFromStore(img.id(), "c"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("read-only");
        admin(c).deactivate(img.id());
        assertThatThrownBy(() -> admin(c).deleteFromStore(img.id(), "a")).isInstanceOf(ConflictException.class);
        assertThat(stored(c, img.id()).stores()).containsExactly("a", "b", "c");
        assertThat(repo.writeIntents()).isEmpty();
    }

    @Test
    void whileTheStoreDeletesTheLocationIsDeletingAndNotRead() throws Exception {
        ImageCatalog c = catalog("recovery.orphan-grace", "10m", "recovery.intent-heartbeat", "1m");
        Image img = uploaded(c, 1000);
        admin(c).copyToStores(img.id(), List.of("b"), true);
        ImageStore a = c.backends().stores().get("a");
        store(c, "a").inject(FaultyImageStore.Fault.BLOCK_ON_DELETE, 0);
        CompletableFuture<Image> delete = CompletableFuture.supplyAsync(() -> admin(c).deleteFromStore(img.id(), "a"));
        assertThat(store(c, "a").awaitBlocked(30)).isTrue();
        assertThat(stored(c, img.id()).locations()).extracting(ImageLocation::status)
                .containsExactly(LocationStatus.DELETING, LocationStatus.ACTIVE);
        assertThat(stored(c, img.id()).stores()).containsExactly("b");
        store(c, "a").release();
        assertThat(delete.get(60, TimeUnit.SECONDS).stores()).containsExactly("b");
        assertThat(a.exists(img.activeLocations().get(0))).isFalse();
        onlyIn(c, img.id(), "b");
    }
}
