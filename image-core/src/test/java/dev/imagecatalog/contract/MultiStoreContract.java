package dev.imagecatalog.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.data.ByteRange;
import dev.imagecatalog.data.DownloadOptions;
import dev.imagecatalog.data.ImageData;
import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.error.ForbiddenException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageLocation;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.LocationStatus;
import dev.imagecatalog.image.StoreCopyResult;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multi-store behaviour over a pair of real stores of different types, {@code a} (the default store) and
 * {@code b}, plus a memory store {@code c} as a third copy target: copies (verified, skipped when present), a copy
 * whose target fails (fault-injected) with and without {@code allMustSucceed}, a copy whose source stops mid-read
 * (it goes on from the other copy), delete from one store, the refusal to
 * delete the last location, reads that fall back to the other store when the one being read stops in the middle of
 * a download (the bytes identical, the other store opened at the offset already delivered), and a copy killed by
 * SIGKILL in a child JVM ({@link StoreCopyCrashChild}) that the next catalog's recovery cleans up: no pending
 * location, no orphan in any store.
 *
 * <p>Each store is a {@link StoreUnderTest}; the catalog wraps every store in a {@link FaultyImageStore}
 * (which records the offsets core opens reads at). A local store fails in that wrapper, a network store on the wire
 * through a {@link FaultProxy}. What is left in a store is listed through {@code catalog.backends()} (the wrapped
 * store's {@code forEachOwned}). Metadata is in memory, except in the crash test (an H2 file, from
 * image-metadata-jdbc at test scope). A module extends this with {@link #createStoreA()} and {@link #createStoreB()},
 * fresh for each test.
 */
public abstract class MultiStoreContract {
    /** One MiB. */
    protected static final int MIB = 1 << 20;
    private static final String A = "a";
    private static final String B = "b";
    private static final String C = "c";
    private static final String PROJECT = "multi";
    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path multiStoreWork;

    private StoreUnderTest storeA;
    private StoreUnderTest storeB;
    private final List<ImageCatalog> catalogs = new ArrayList<>();

    /** Store {@code a}, the default store, where images are uploaded; fresh for each test. */
    protected abstract StoreUnderTest createStoreA() throws Exception;

    /** Store {@code b}, of another type than {@code a}; fresh for each test. */
    protected abstract StoreUnderTest createStoreB() throws Exception;

    /** The size of the images of most tests. */
    protected long imageSize() {
        return 3L * MIB + 4321;
    }

    /** The size of the image the crash test copies. */
    protected long crashImageSize() {
        return 8L * MIB + 17;
    }

    /** How many bytes the crash test's copy writes into {@code b} before it is held and killed. */
    protected long crashHoldAfter() {
        return 6L * MIB;
    }

    @BeforeEach
    void createStores() throws Exception {
        storeA = createStoreA();
        storeB = createStoreB();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (ImageCatalog c : catalogs) {
            c.close();
        }
        if (storeA != null) {
            storeA.close();
        }
        if (storeB != null) {
            storeB.close();
        }
    }

    // ------------------------------------------------------------------ copies

    @Test
    void copyWritesAVerifiedActiveCopyAndSkipsStoresHoldingTheImage() throws Exception {
        ImageCatalog catalog = open(Map.of());
        ImageService admin = admin(catalog);
        Image img = uploaded(catalog, 1, imageSize());
        assertThat(img.stores()).containsExactly(A);

        StoreCopyResult result = admin.copyToStores(img.id(), List.of(B), false);
        assertThat(result.copied()).containsExactly(B);
        assertThat(result.skipped()).isEmpty();
        assertThat(result.failed()).isEmpty();
        assertThat(result.image().stores()).containsExactlyInAnyOrder(A, B);

        Image after = admin.get(img.id());
        assertThat(after.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(after.stores()).containsExactlyInAnyOrder(A, B);
        assertThat(after.checksum()).isEqualTo(img.checksum());
        assertThat(after.osHashValue()).isEqualTo(img.osHashValue());
        assertThat(after.size()).isEqualTo(img.size());
        assertThat(admin.get(img.id()).locations()).extracting(ImageLocation::storeId, ImageLocation::status)
                .containsExactlyInAnyOrder(tuple(A, LocationStatus.ACTIVE),
                        tuple(B, LocationStatus.ACTIVE));
        assertThat(md5Of(store(catalog, B).delegate(), locationIn(admin, img.id(), B)))
                .as("the bytes of the copy in %s", B).isEqualTo(img.checksum());
        assertThat(owned(catalog, B, img.id())).hasSize(1).allMatch(StoredObject::committed);

        StoreCopyResult again = admin.copyToStores(img.id(), List.of(A, B, C), false);
        assertThat(again.skipped()).containsExactly(A, B);
        assertThat(again.copied()).containsExactly(C);
        assertThat(again.image().stores()).containsExactlyInAnyOrder(A, B, C);
        assertThat(owned(catalog, A, img.id())).hasSize(1);
        assertThat(owned(catalog, B, img.id())).as("a skipped store gets no second object").hasSize(1);
    }

    @Test
    void aFailingTargetIsReportedAndKeepsNothingWhileTheOthersAreCopied() throws Exception {
        ImageCatalog catalog = open(Map.of());
        ImageService admin = admin(catalog);
        Image img = uploaded(catalog, 2, imageSize());
        storeB.failWritesAfter(store(catalog, B), imageSize() / 2);

        StoreCopyResult result = admin.copyToStores(img.id(), List.of(B, C), false);
        assertThat(result.copied()).containsExactly(C);
        assertThat(result.failed()).containsOnlyKeys(B);
        assertThat(result.image().stores()).containsExactlyInAnyOrder(A, C);
        assertCopyFailedLeavingNothingIn(catalog, img, B);

        storeB.healWrites(store(catalog, B));
        assertThat(admin.copyToStores(img.id(), List.of(B, C), false).copied())
                .as("the failed store once healed").containsExactly(B);
        assertThat(admin.get(img.id()).stores()).containsExactlyInAnyOrder(A, B, C);
    }

    @Test
    void withAllMustSucceedOneFailingTargetFailsTheCopyAndNothingNewRemains() throws Exception {
        ImageCatalog catalog = open(Map.of());
        ImageService admin = admin(catalog);
        Image img = uploaded(catalog, 3, imageSize());
        storeB.failWritesAfter(store(catalog, B), imageSize() / 2);

        assertThatThrownBy(() -> admin.copyToStores(img.id(), List.of(C, B), true))
                .isInstanceOf(ConflictException.class);
        assertCopyFailedLeavingNothingIn(catalog, img, B);
        assertThat(owned(catalog, C, img.id())).as("the copy into %s that succeeded, removed", C).isEmpty();
        assertThat(admin.get(img.id()).locations()).noneMatch(l -> l.storeId().equals(C));
    }

    @Test
    void aCopyWhoseSourceStopsMidReadGoesOnFromTheOtherCopy() throws Exception {
        ImageCatalog catalog = open(Map.of("store.a.weight", "10", "store.b.weight", "1"));
        ImageService admin = admin(catalog);
        Image img = uploaded(catalog, 9, imageSize());
        admin.copyToStores(img.id(), List.of(B), true);
        long cut = imageSize() / 3 + 777;
        store(catalog, B).clearOpens();
        storeA.stopAfterReading(store(catalog, A), img.id(), cut);

        assertThat(admin.copyToStores(img.id(), List.of(C), true).copied()).containsExactly(C);
        assertThat(md5Of(store(catalog, C).delegate(), locationIn(admin, img.id(), C))).isEqualTo(img.checksum());
        assertThat(store(catalog, B).readOffsets()).as("reads of b, after a stopped in the middle of the copy")
                .containsExactly(cut);
    }

    private void assertCopyFailedLeavingNothingIn(ImageCatalog catalog, Image img, String failed) throws Exception {
        ImageService admin = admin(catalog);
        Image after = admin.get(img.id());
        assertThat(after.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(after.stores()).doesNotContain(failed);
        assertThat(after.locations()).as("locations after the failed copy").noneMatch(l -> l.storeId().equals(failed));
        assertThat(admin.get(img.id()).locations()).noneMatch(l -> l.status() != LocationStatus.ACTIVE);
        assertThat(owned(catalog, failed, img.id())).as("what store %s holds of the image", failed).isEmpty();
        assertThat(md5Of(admin.download(img.id(), DownloadOptions.verified()))).isEqualTo(img.checksum());
    }

    // ------------------------------------------------------------------ delete from one store

    @Test
    void deleteFromOneStoreRemovesItsBytesAndKeepsTheOtherCopy() throws Exception {
        ImageCatalog catalog = open(Map.of());
        ImageService admin = admin(catalog);
        Image img = uploaded(catalog, 4, imageSize());
        admin.copyToStores(img.id(), List.of(B), true);

        Image after = admin.deleteFromStore(img.id(), A);
        assertThat(after.stores()).containsExactly(B);
        assertThat(after.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(admin.get(img.id()).locations()).extracting(ImageLocation::storeId).containsExactly(B);
        assertThat(owned(catalog, A, img.id())).as("the bytes in %s", A).isEmpty();
        assertThat(owned(catalog, B, img.id())).hasSize(1);
        assertThat(md5Of(admin.download(img.id(), DownloadOptions.verified()))).isEqualTo(img.checksum());
        assertThatThrownBy(() -> admin.deleteFromStore(img.id(), A)).as("a store not holding it")
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void theLastLocationIsNotDeleted() throws Exception {
        ImageCatalog catalog = open(Map.of());
        ImageService admin = admin(catalog);
        Image img = uploaded(catalog, 5, imageSize());
        admin.copyToStores(img.id(), List.of(B), true);
        admin.deleteFromStore(img.id(), B);

        assertThatThrownBy(() -> admin.deleteFromStore(img.id(), A)).isInstanceOf(ForbiddenException.class);
        Image after = admin.get(img.id());
        assertThat(after.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(after.stores()).containsExactly(A);
        assertThat(owned(catalog, A, img.id())).hasSize(1);
        assertThat(owned(catalog, B, img.id())).isEmpty();
        assertThat(md5Of(admin.download(img.id(), DownloadOptions.verified()))).isEqualTo(img.checksum());
    }

    // ------------------------------------------------------------------ reads that fall back

    @Test
    void aReadFallsBackToBWhenAStopsMidDownloadAndResumesAtTheOffsetDelivered() throws Exception {
        readFallsBack(A, B, null);
    }

    @Test
    void aReadFallsBackToAWhenBStopsMidDownloadAndResumesAtTheOffsetDelivered() throws Exception {
        readFallsBack(B, A, null);
    }

    @Test
    void aRangeReadFallsBackAndResumesInsideTheRange() throws Exception {
        readFallsBack(A, B, ByteRange.of(MIB + 99, imageSize() - 1001));
    }

    /**
     * Uploads into a, copies to b, makes {@code first} the store read first (weight), stops it after a third of the
     * bytes wanted, and reads: every byte arrives, the first ones from {@code first}, the rest from {@code second},
     * opened once, at the first byte not delivered (exactly the cut for a local store; a network store's client may
     * drop what it had buffered when the answer breaks off).
     */
    private void readFallsBack(String first, String second, ByteRange range) throws Exception {
        ImageCatalog catalog = open(Map.of("store." + first + ".weight", "10", "store." + second + ".weight", "1"));
        ImageService admin = admin(catalog);
        Image img = uploaded(catalog, 6, imageSize());
        admin.copyToStores(img.id(), List.of(B), true);
        byte[] image = SeededBytes.stream(6, imageSize()).readAllBytes();
        long start = range == null ? 0 : range.resolve(imageSize()).offset();
        byte[] wanted = range == null ? image : Arrays.copyOfRange(image, (int) start,
                (int) (start + range.resolve(imageSize()).length()));
        long cut = wanted.length / 3 + 777;
        FaultyImageStore firstStore = store(catalog, first);
        FaultyImageStore secondStore = store(catalog, second);
        firstStore.clearOpens();
        secondStore.clearOpens();
        under(first).stopAfterReading(firstStore, img.id(), cut);

        byte[] got;
        try (ImageData d = admin.download(img.id(), range == null ? DownloadOptions.verified()
                : DownloadOptions.range(range))) {
            got = d.stream().readAllBytes();
        }
        assertThat(got.length).as("bytes delivered").isEqualTo(wanted.length);
        assertSameBytes(Arrays.copyOfRange(got, 0, (int) cut), Arrays.copyOfRange(wanted, 0, (int) cut),
                "the bytes before the cut");
        assertSameBytes(Arrays.copyOfRange(got, (int) cut, got.length),
                Arrays.copyOfRange(wanted, (int) cut, wanted.length), "the bytes after the cut");
        assertThat(firstStore.readOffsets()).as("reads of %s", first).first().isEqualTo(start);
        assertThat(secondStore.readOffsets()).as("reads of %s, which %s stopped in the middle of", second, first)
                .hasSize(1);
        if (under(first).onTheWire()) {
            // an HTTP client may drop the bytes it had buffered when the answer breaks off, so fewer than the cut
            // reach the download; the next store opens at the first byte not delivered, never at the start
            assertThat(secondStore.readOffsets().get(0)).as("where %s was opened", second)
                    .isGreaterThan(start).isLessThanOrEqualTo(start + cut);
        } else {
            assertThat(secondStore.readOffsets()).as("where %s was opened", second).containsExactly(start + cut);
        }
    }

    @Test
    void aDownloadFailsOnlyWhenEveryLocationFailed() throws Exception {
        ImageCatalog catalog = open(Map.of("store.a.weight", "10", "store.b.weight", "1"));
        ImageService admin = admin(catalog);
        Image img = uploaded(catalog, 8, imageSize());
        admin.copyToStores(img.id(), List.of(B), true);
        storeB.stop(store(catalog, B));
        storeA.stopAfterReading(store(catalog, A), img.id(), imageSize() / 2);

        assertThatThrownBy(() -> {
            try (ImageData d = admin.download(img.id(), DownloadOptions.verified())) {
                d.stream().readAllBytes();
            }
        }).isInstanceOf(IOException.class);
    }

    // ------------------------------------------------------------------ a copy killed

    @Test
    void aCopyKilledBySigkillLeavesNoPendingLocationAndNoOrphanAfterRecovery() throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("metadata.type", "jdbc");
        settings.put("metadata.jdbc.url", "jdbc:h2:file:" + multiStoreWork.resolve("catalog"));
        settings.put("catalog.instance", "multi-store-crash");
        settings.put("stores", A + "," + B);
        settings.put("stores.default", A);
        settings.putAll(storeA.catalogSettings(A));
        settings.putAll(storeB.catalogSettings(B));
        Path file = multiStoreWork.resolve("child.properties");
        Properties childSettings = new Properties();
        childSettings.putAll(settings);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            childSettings.store(w, "copy crash child of " + getClass().getSimpleName());
        }

        String id;
        try (ChildJvm child = ChildJvm.start("copy-crash", StoreCopyCrashChild.class, List.of(),
                List.of(file.toString(), String.valueOf(crashImageSize()), String.valueOf(crashHoldAfter())))) {
            String[] held = child.awaitLine("held ", CHILD_TIMEOUT).split(" ");
            id = held[1];
            assertThat(held[2]).as("what b's medium held of the copy when it was killed (%s)", child.output())
                    .isNotEqualTo("leftovers=0");
            assertThat(held[3]).as("the image's locations when it was killed").contains(B + ":pending");
            child.kill();
        }

        try (ImageCatalog catalog = ImageCatalog.builder().settings(settings).build()) {
            assertRecoveredFromTheKilledCopy(catalog, id);
            catalog.recover();
            assertRecoveredFromTheKilledCopy(catalog, id);
            if (storeA.durable()) {
                ImageService admin = catalog.images(RequestContext.admin(StoreCopyCrashChild.PROJECT, "parent"));
                assertThat(admin.copyToStores(id, List.of(B), true).copied()).as("the copy done again")
                        .containsExactly(B);
                assertThat(md5Of(store(catalog, B).delegate(), locationIn(admin, id, B)))
                        .isEqualTo(SeededBytes.md5(7, crashImageSize()));
            }
        }
    }

    private void assertRecoveredFromTheKilledCopy(ImageCatalog catalog, String id) throws Exception {
        ImageService admin = catalog.images(RequestContext.admin(StoreCopyCrashChild.PROJECT, "parent"));
        Image img = admin.get(id);
        assertThat(img.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(img.locations()).as("locations after recovery")
                .allMatch(l -> l.status() == LocationStatus.ACTIVE)
                .extracting(ImageLocation::storeId).containsExactly(A);
        assertThat(img.stores()).containsExactly(A);
        assertThat(owned(catalog, B, null)).as("what b holds after recovery").isEmpty();
        assertNoOrphans(catalog);
        if (storeA.durable()) {
            assertThat(md5Of(admin.download(id, DownloadOptions.verified())))
                    .isEqualTo(SeededBytes.md5(7, crashImageSize()));
        }
    }

    /** Every object each store owns is committed and an active location of its image. */
    private void assertNoOrphans(ImageCatalog catalog) throws Exception {
        ImageService admin = catalog.images(RequestContext.admin(StoreCopyCrashChild.PROJECT, "parent"));
        for (String storeId : catalog.backends().stores().keySet()) {
            for (StoredObject o : owned(catalog, storeId, null)) {
                assertThat(o.committed()).as("an incomplete write left in %s: %s", storeId, o).isTrue();
                assertThat(admin.get(o.imageId()).locations()).as("%s in %s is an active location", o, storeId)
                        .anyMatch(l -> l.isActive() && l.location().url().equals(o.location().url()));
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private StoreUnderTest under(String storeId) {
        return storeId.equals(A) ? storeA : storeB;
    }

    /** A catalog over a, b and c with memory metadata and {@code extra} settings. */
    private ImageCatalog open(Map<String, String> extra) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("metadata.type", "memory");
        s.put("stores", A + "," + B + "," + C);
        s.put("stores.default", A);
        s.putAll(storeA.catalogSettings(A));
        s.putAll(storeB.catalogSettings(B));
        s.putAll(StoreUnderTest.memory().catalogSettings(C));
        s.putAll(extra);
        ImageCatalog catalog = ImageCatalog.builder().settings(s).build();
        catalogs.add(catalog);
        return catalog;
    }

    private static ImageService admin(ImageCatalog catalog) {
        return catalog.images(RequestContext.admin(PROJECT, "admin"));
    }

    private static FaultyImageStore store(ImageCatalog catalog, String storeId) {
        return (FaultyImageStore) catalog.backends().stores().get(storeId);
    }

    /** An active image of {@link SeededBytes} of {@code seed}, uploaded into the default store a. */
    private static Image uploaded(ImageCatalog catalog, long seed, long size) {
        ImageService admin = admin(catalog);
        Image img = admin.create(ImageDraft.builder().name("multi-" + seed).diskFormat("raw").containerFormat("bare")
                .build());
        admin.upload(img.id(), SeededBytes.stream(seed, size));
        Image active = admin.get(img.id());
        assertThat(active.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(active.checksum()).isEqualTo(SeededBytes.md5(seed, size));
        return active;
    }

    /** What the store (its medium, bypassing the wrapper) owns of {@code imageId}, or of every image if null. */
    private static List<StoredObject> owned(ImageCatalog catalog, String storeId, String imageId) throws IOException {
        List<StoredObject> out = new ArrayList<>();
        store(catalog, storeId).delegate().forEachOwned(o -> {
            if (imageId == null || o.imageId().equals(imageId)) {
                out.add(o);
            }
        });
        return out;
    }

    private static StoreLocation locationIn(ImageService admin, String imageId, String storeId) {
        return admin.get(imageId).locations().stream().filter(l -> l.storeId().equals(storeId)).findFirst()
                .orElseThrow(() -> new AssertionError("no location of " + imageId + " in " + storeId)).location();
    }

    private static String md5Of(ImageStore store, StoreLocation location) throws IOException {
        try (InputStream in = store.openStream(location, 0, -1)) {
            return SeededBytes.digest("MD5", in);
        }
    }

    private static String md5Of(ImageData data) throws IOException {
        try (data) {
            return SeededBytes.digest("MD5", data.stream());
        }
    }

    /** Equal arrays, or a failure naming the first differing offset (not the arrays). */
    private static void assertSameBytes(byte[] got, byte[] expected, String what) {
        assertThat(got.length).as("length of %s", what).isEqualTo(expected.length);
        int mismatch = Arrays.mismatch(got, expected);
        assertThat(mismatch).as("first differing offset in %s", what).isEqualTo(-1);
    }
}
