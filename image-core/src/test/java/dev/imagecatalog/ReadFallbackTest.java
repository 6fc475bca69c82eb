package dev.imagecatalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.contract.FaultyImageStore;
import dev.imagecatalog.contract.FaultyImageStore.Open;
import dev.imagecatalog.contract.FaultyImageStore.ReadFault;
import dev.imagecatalog.data.ByteRange;
import dev.imagecatalog.data.DownloadOptions;
import dev.imagecatalog.data.ImageData;
import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.error.ForbiddenException;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.event.CatalogEvent;
import dev.imagecatalog.event.CatalogEventListener;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageLocation;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.spi.ImageWriter;
import dev.imagecatalog.spi.MetadataRepository;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A download reads an image's copies in weight order and falls back to the next copy when a store fails at open or
 * mid-stream, resuming at the first byte not yet delivered; faults come from {@link FaultyImageStore} over memory
 * stores, each image held by stores a, b and c (in that order).
 */
class ReadFallbackTest {
    private static final int SIZE = 300_000;
    private static final byte[] DATA = new byte[SIZE];

    static {
        new Random(15).nextBytes(DATA);
    }

    private final List<CatalogEvent> events = new CopyOnWriteArrayList<>();
    private final RequestContext alice = RequestContext.member("p1", "alice");

    /** Stores a, b, c (faulty over memory) with these weights; a is the default. */
    private ImageCatalog catalog(int wa, int wb, int wc) {
        CatalogEventListener recorder = events::add;
        return ImageCatalog.builder().setting("metadata.type", "memory").setting("stores", "a, b, c")
                .setting("stores.default", "a").settings(store("a", wa)).settings(store("b", wb))
                .settings(store("c", wc)).listener(recorder).build();
    }

    private static Map<String, String> store(String id, int weight) {
        return Map.of("store." + id + ".type", "faulty", "store." + id + ".delegate.type", "memory",
                "store." + id + ".weight", Integer.toString(weight));
    }

    private static FaultyImageStore faulty(ImageCatalog c, String id) {
        return (FaultyImageStore) c.backends().stores().get(id);
    }

    /** An active image uploaded to a, its bytes also written to b and c and recorded as their locations. */
    private Image image(ImageCatalog c) throws IOException {
        ImageService svc = c.images(alice);
        Image img = svc.create(ImageDraft.builder().name("r").diskFormat("raw").containerFormat("bare").build());
        svc.upload(img.id(), new ByteArrayInputStream(DATA));
        return addCopies(c, img.id(), "b", "c");
    }

    private static Image addCopies(ImageCatalog c, String imageId, String... storeIds) throws IOException {
        MetadataRepository repo = c.backends().metadataRepository();
        Image img = repo.find(imageId).orElseThrow();
        List<ImageLocation> locations = new ArrayList<>(img.locations());
        for (String id : storeIds) {
            try (ImageWriter w = faulty(c, id).delegate().openWriter(imageId, SIZE)) {
                w.write(ByteBuffer.wrap(DATA));
                locations.add(ImageLocation.active(w.commit()));
            }
        }
        return repo.update(img.toBuilder().locations(locations).build());
    }

    private static byte[] read(ImageService svc, String id, DownloadOptions options) throws IOException {
        try (ImageData d = svc.download(id, options)) {
            return d.stream().readAllBytes();
        }
    }

    private static StoreLocation in(Image img, String storeId) {
        return img.activeLocations().stream().filter(l -> l.storeId().equals(storeId)).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @EnumSource(value = ReadFault.class, names = {"IO_ERROR_ON_OPEN", "MISSING_ON_OPEN"})
    void aStoreFailingAtOpenIsReplacedByTheNextCopy(ReadFault fault) throws Exception {
        try (ImageCatalog c = catalog(0, 0, 0)) {
            Image img = image(c);
            faulty(c, "a").injectRead(fault, 0);
            assertThat(read(c.images(alice), img.id(), DownloadOptions.whole())).isEqualTo(DATA);
            assertThat(faulty(c, "a").opens()).containsExactly(new Open(in(img, "a"), 0, SIZE));
            assertThat(faulty(c, "b").opens()).containsExactly(new Open(in(img, "b"), 0, SIZE));
            assertThat(faulty(c, "c").opens()).isEmpty();
        }
    }

    @Test
    void aCopyInAStoreThisCatalogDoesNotConfigureIsSkipped() throws Exception {
        try (ImageCatalog c = catalog(0, 0, 0)) {
            Image img = image(c);
            MetadataRepository repo = c.backends().metadataRepository();
            List<ImageLocation> locations = new ArrayList<>();
            locations.add(ImageLocation.active(new StoreLocation("memory", "gone", "x/y")));
            locations.addAll(img.locations());
            repo.update(img.toBuilder().locations(locations).build());
            assertThat(read(c.images(alice), img.id(), DownloadOptions.whole())).isEqualTo(DATA);
            assertThat(faulty(c, "a").opens()).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ReadFault.class, names = {"IO_ERROR_AT", "ENDS_AT"})
    void aStoreFailingMidStreamIsReplacedAtTheFirstByteNotDelivered(ReadFault fault) throws Exception {
        try (ImageCatalog c = catalog(0, 0, 0)) {
            for (long at : new long[] {1, 8191, 8192, 150_001, SIZE - 1}) {
                Image img = image(c);
                faulty(c, "a").injectRead(fault, at);
                int bOpens = faulty(c, "b").opens().size();
                assertThat(read(c.images(alice), img.id(), DownloadOptions.whole())).as("fault at %d", at)
                        .isEqualTo(DATA);
                List<Open> b = faulty(c, "b").opens();
                assertThat(b.subList(bOpens, b.size())).as("fault at %d", at)
                        .containsExactly(new Open(in(img, "b"), at, SIZE - at));
            }
        }
    }

    @Test
    void aStreamGivingMoreThanAskedIsFailedBeforeItsLastBytesAreDeliveredAndReadLastAfterwards() throws Exception {
        try (ImageCatalog c = catalog(0, 0, 0)) {
            Image img = image(c);
            faulty(c, "a").injectRead(ReadFault.EXCESS_BYTE, 0);
            assertThat(read(c.images(alice), img.id(), DownloadOptions.whole())).isEqualTo(DATA);
            Open b = faulty(c, "b").opens().get(0);
            assertThat(b.offset() + b.length()).isEqualTo(SIZE);
            assertThat(b.offset()).isBetween(0L, SIZE - 1L);
            // a is suspect now: the next download starts with b
            assertThat(read(c.images(alice), img.id(), DownloadOptions.whole())).isEqualTo(DATA);
            assertThat(faulty(c, "a").opens()).hasSize(1);
            assertThat(faulty(c, "b").opens()).hasSize(2).last().isEqualTo(new Open(in(img, "b"), 0, SIZE));
        }
    }

    @Test
    void whenEveryCopyFailsAtOpenTheErrorNamesEachStore() throws Exception {
        try (ImageCatalog c = catalog(0, 0, 0)) {
            Image img = image(c);
            faulty(c, "a").injectRead(ReadFault.IO_ERROR_ON_OPEN, 0);
            faulty(c, "b").injectRead(ReadFault.MISSING_ON_OPEN, 0);
            faulty(c, "c").injectRead(ReadFault.IO_ERROR_ON_OPEN, 0);
            assertThatThrownBy(() -> c.images(alice).download(img.id()))
                    .isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("store 'a'").hasMessageContaining("connection refused")
                    .hasMessageContaining("store 'b' is missing the data").hasMessageContaining("store 'c'");
        }
    }

    @Test
    void whenEveryCopyFailsMidStreamTheReadFailsNamingEachStoreAndImageSendCountsWhatWasDelivered()
            throws Exception {
        try (ImageCatalog c = catalog(0, 0, 0)) {
            Image img = image(c);
            faulty(c, "a").injectRead(ReadFault.IO_ERROR_AT, 1000);
            faulty(c, "b").injectRead(ReadFault.ENDS_AT, 5000);
            faulty(c, "c").injectRead(ReadFault.IO_ERROR_AT, 7000);
            ImageData d = c.images(alice).download(img.id());
            byte[] got = new byte[SIZE];
            int n = 0;
            IOException failure = null;
            try (InputStream in = d.stream()) {
                for (int r; (r = in.read(got, n, Math.min(4096, SIZE - n))) > 0; ) {
                    n += r;
                }
            } catch (IOException e) {
                failure = e;
            }
            assertThat(failure).isNotNull().hasCauseInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("store 'a'").hasMessageContaining("store 'b'")
                    .hasMessageContaining("store 'c'").hasMessageContaining("from byte 7000");
            assertThat(n).isEqualTo(7000);
            assertThat(Arrays.copyOf(got, n)).isEqualTo(Arrays.copyOf(DATA, n));
            assertThat(faulty(c, "c").opens()).containsExactly(new Open(in(img, "c"), 5000, SIZE - 5000));
            assertThat(c.awaitEvents(Duration.ofSeconds(10))).isTrue();
            List<CatalogEvent> sends = events.stream().filter(e -> e.type().equals("image.send")).toList();
            assertThat(sends).hasSize(1);
            assertThat(sends.get(0).payload()).containsEntry("bytes_sent", 7000L).containsEntry("complete", false);
        }
    }

    @Test
    void copiesAreReadByWeightHighestFirstAndEqualWeightsKeepTheirOrder() throws Exception {
        try (ImageCatalog c = catalog(0, 5, 5)) {
            Image img = image(c);
            assertThat(read(c.images(alice), img.id(), DownloadOptions.whole())).isEqualTo(DATA);
            assertThat(faulty(c, "a").opens()).isEmpty();
            assertThat(faulty(c, "b").opens()).hasSize(1);
            assertThat(faulty(c, "c").opens()).isEmpty();
        }
        try (ImageCatalog c = catalog(0, 5, 5)) {
            Image img = image(c);
            faulty(c, "b").injectRead(ReadFault.IO_ERROR_ON_OPEN, 0);
            assertThat(read(c.images(alice), img.id(), DownloadOptions.whole())).isEqualTo(DATA);
            assertThat(faulty(c, "c").opens()).hasSize(1);
            assertThat(faulty(c, "a").opens()).isEmpty();
            Image second = image(c);
            faulty(c, "c").injectRead(ReadFault.IO_ERROR_AT, 10);
            assertThat(read(c.images(alice), second.id(), DownloadOptions.whole())).isEqualTo(DATA);
            assertThat(faulty(c, "a").opens()).containsExactly(new Open(in(second, "a"), 10, SIZE - 10));
        }
        try (ImageCatalog c = catalog(-1, 0, 0)) {
            Image img = image(c);
            read(c.images(alice), img.id(), DownloadOptions.whole());
            assertThat(faulty(c, "a").opens()).isEmpty();
            assertThat(faulty(c, "b").opens()).hasSize(1);
        }
    }

    @Test
    void aRangeFallsBackAtItsOwnOffsets() throws Exception {
        try (ImageCatalog c = catalog(0, 0, 0)) {
            Image img = image(c);
            faulty(c, "a").injectRead(ReadFault.IO_ERROR_AT, 50_000);
            byte[] got = read(c.images(alice), img.id(), DownloadOptions.range(ByteRange.of(1000, 99_999)));
            assertThat(got).isEqualTo(Arrays.copyOfRange(DATA, 1000, 100_000));
            assertThat(faulty(c, "a").opens()).containsExactly(new Open(in(img, "a"), 1000, 99_000));
            assertThat(faulty(c, "b").opens()).containsExactly(new Open(in(img, "b"), 50_000, 50_000));

            Image second = image(c);
            faulty(c, "a").injectRead(ReadFault.IO_ERROR_ON_OPEN, 0);
            got = read(c.images(alice), second.id(), DownloadOptions.range(ByteRange.suffix(10)));
            assertThat(got).isEqualTo(Arrays.copyOfRange(DATA, SIZE - 10, SIZE));
            assertThat(faulty(c, "b").opens()).last().isEqualTo(new Open(in(second, "b"), SIZE - 10, 10));
        }
    }

    @Test
    void aVerifiedDownloadVerifiesEveryByteDeliveredAcrossTheSwitch() throws Exception {
        try (ImageCatalog c = catalog(0, 0, 0)) {
            Image img = image(c);
            faulty(c, "a").injectRead(ReadFault.IO_ERROR_AT, 123_456);
            assertThat(read(c.images(alice), img.id(), DownloadOptions.verified())).isEqualTo(DATA);
            assertThat(faulty(c, "b").opens()).containsExactly(new Open(in(img, "b"), 123_456, SIZE - 123_456));
        }
    }

    @Test
    void aChecksumMismatchFailsTheStreamNamingTheStoresAndTheirCopiesAreReadLastAfterwards() throws Exception {
        try (ImageCatalog c = catalog(0, 0, 0)) {
            Image img = image(c);
            faulty(c, "a").injectRead(ReadFault.CORRUPT_AT, 10);
            assertThatThrownBy(() -> read(c.images(alice), img.id(), DownloadOptions.verified()))
                    .isInstanceOf(IOException.class).hasMessageContaining("corrupt in store 'a'")
                    .hasMessageContaining("md5");
            // a's copy is suspect: the next download reads b, and unverified bytes are right again
            assertThat(read(c.images(alice), img.id(), DownloadOptions.whole())).isEqualTo(DATA);
            assertThat(faulty(c, "a").opens()).hasSize(1);
            assertThat(faulty(c, "b").opens()).containsExactly(new Open(in(img, "b"), 0, SIZE));

            Image second = image(c);
            faulty(c, "a").injectRead(ReadFault.IO_ERROR_AT, 1000);
            faulty(c, "b").injectRead(ReadFault.CORRUPT_AT, 5000);
            assertThatThrownBy(() -> read(c.images(alice), second.id(), DownloadOptions.verified()))
                    .isInstanceOf(IOException.class).hasMessageContaining("corrupt in stores 'a', 'b'");
            faulty(c, "a").injectRead(ReadFault.NONE, 0);
            faulty(c, "b").injectRead(ReadFault.NONE, 0);
            int cOpens = faulty(c, "c").opens().size();
            assertThat(read(c.images(alice), second.id(), DownloadOptions.verified())).isEqualTo(DATA);
            assertThat(faulty(c, "c").opens()).hasSize(cOpens + 1).last()
                    .isEqualTo(new Open(in(second, "c"), 0, SIZE));
        }
    }

    @Test
    void aDownloadAcrossASwitchSendsOneImageSendWithEveryByte() throws Exception {
        try (ImageCatalog c = catalog(0, 0, 0)) {
            Image img = image(c);
            faulty(c, "a").injectRead(ReadFault.ENDS_AT, 77_777);
            faulty(c, "b").injectRead(ReadFault.IO_ERROR_AT, 200_000);
            assertThat(read(c.images(alice), img.id(), DownloadOptions.whole())).isEqualTo(DATA);
            assertThat(faulty(c, "c").opens()).containsExactly(new Open(in(img, "c"), 200_000, SIZE - 200_000));
            assertThat(c.awaitEvents(Duration.ofSeconds(10))).isTrue();
            List<CatalogEvent> sends = events.stream().filter(e -> e.type().equals("image.send")).toList();
            assertThat(sends).hasSize(1);
            assertThat(sends.get(0).payload()).containsEntry("bytes_sent", (long) SIZE)
                    .containsEntry("complete", true);
        }
    }

    @Test
    void anInterruptedReaderIsNotFailedOverAndLeavesNoSuspect() throws Exception {
        try (ImageCatalog c = catalog(0, 0, 0)) {
            Image img = image(c);
            faulty(c, "a").injectRead(ReadFault.IO_ERROR_AT, 1000);
            try (ImageData d = c.images(alice).download(img.id())) {
                byte[] buf = new byte[SIZE];
                assertThat(d.stream().readNBytes(buf, 0, 1000)).isEqualTo(1000);
                Thread.currentThread().interrupt();
                try {
                    assertThatThrownBy(() -> d.stream().read(buf, 0, 10)).isInstanceOf(IOException.class)
                            .hasMessageContaining("injected");
                } finally {
                    assertThat(Thread.interrupted()).isTrue();
                }
            }
            assertThat(faulty(c, "b").opens()).isEmpty();
            faulty(c, "a").injectRead(ReadFault.NONE, 0);
            assertThat(read(c.images(alice), img.id(), DownloadOptions.whole())).isEqualTo(DATA);
            assertThat(faulty(c, "a").opens()).hasSize(2);
            assertThat(faulty(c, "b").opens()).isEmpty();
        }
    }

    @Test
    void visibilityDeactivationAndOptionsAreCheckedBeforeAnyStoreIsAsked() throws Exception {
        try (ImageCatalog c = catalog(0, 0, 0)) {
            Image img = image(c);
            faulty(c, "a").injectRead(ReadFault.IO_ERROR_ON_OPEN, 0);
            ImageService admin = c.images(RequestContext.admin("ops", "root"));
            ImageService stranger = c.images(RequestContext.member("p2", "bob"));
            assertThatThrownBy(() -> stranger.download(img.id())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> c.images(alice).download(img.id(),
                    new DownloadOptions(ByteRange.of(0, 9), true))).isInstanceOf(InvalidInputException.class);
            admin.deactivate(img.id());
            assertThatThrownBy(() -> c.images(alice).download(img.id())).isInstanceOf(ForbiddenException.class);
            assertThat(faulty(c, "a").opens()).isEmpty();
            assertThat(faulty(c, "b").opens()).isEmpty();
            assertThat(read(admin, img.id(), DownloadOptions.whole())).isEqualTo(DATA);
            assertThat(faulty(c, "b").opens()).hasSize(1);
        }
    }
}
