package dev.imagecatalog.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.data.UploadOptions;
import dev.imagecatalog.error.TooLargeException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImagePatch;
import dev.imagecatalog.image.ImageQuery;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.QuotaUsage;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.spi.ImageStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Quotas (Glance's unified limits image_count_total, image_size_total, image_stage_total, image_count_uploading,
 * and the per-image limits on properties, tags, members and locations): enforced atomically, while streaming,
 * refused as {@link TooLargeException} with nothing left behind. A metadata module extends it and returns a fresh
 * catalog over its back-end from {@link #createCatalog(Map)}.
 */
public abstract class ImageQuotaContract {

    /** A fresh, empty catalog over the back-end under test with {@code settings} added (core keys). */
    protected abstract ImageCatalog createCatalog(Map<String, String> settings) throws Exception;

    private static final RequestContext ALICE = RequestContext.member("quota-a", "alice");
    private static final RequestContext BOB = RequestContext.member("quota-b", "bob");

    private static ImageDraft draft(String name) {
        return ImageDraft.builder().name(name).diskFormat("raw").containerFormat("bare").build();
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    private static List<StoreLocation> stored(ImageCatalog catalog) throws IOException {
        List<StoreLocation> all = new ArrayList<>();
        for (ImageStore s : catalog.backends().stores().values()) {
            s.forEachOwned(o -> {
                if (o.committed()) {
                    all.add(o.location());
                }
            });
        }
        return all;
    }

    private static Map<String, QuotaUsage> usage(ImageService s) {
        Map<String, QuotaUsage> m = new HashMap<>();
        for (QuotaUsage u : s.usage()) {
            m.put(u.name(), u);
        }
        return m;
    }

    private static void assertQueuedWithoutData(ImageService s, String id) {
        Image img = s.get(id);
        assertThat(img.status()).isEqualTo(ImageStatus.QUEUED);
        assertThat(img.size()).isNull();
        assertThat(img.checksum()).isNull();
        assertThat(img.locations()).isEmpty();
    }

    /** 8 uploads race for a stored-bytes quota that fits 3 images: exactly 3 win. */
    private void eightUploadsRaceForThreeSlots(boolean declareSize, int size) throws Exception {
        try (ImageCatalog catalog = createCatalog(Map.of("quota.image-size-total", (3L * size + size / 2) + "B",
                "upload.buffer-size", "64KiB", "upload.buffers", "2"))) {
            ImageService alice = catalog.images(ALICE);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ids.add(alice.create(draft("race-" + i)).id());
            }
            CyclicBarrier start = new CyclicBarrier(8);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Image>> results = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    String id = ids.get(i);
                    int seed = i;
                    results.add(pool.submit(() -> {
                        start.await(30, TimeUnit.SECONDS);
                        UploadOptions opt = declareSize ? UploadOptions.builder().declaredSize(size).build()
                                : UploadOptions.defaults();
                        return alice.upload(id, new ByteArrayInputStream(bytes(size, seed)), opt);
                    }));
                }
                int active = 0;
                int refused = 0;
                for (Future<Image> f : results) {
                    try {
                        assertThat(f.get(60, TimeUnit.SECONDS).status()).isEqualTo(ImageStatus.ACTIVE);
                        active++;
                    } catch (java.util.concurrent.ExecutionException e) {
                        assertThat(e.getCause()).isInstanceOf(TooLargeException.class)
                                .hasMessageContaining("image_size_total");
                        refused++;
                    }
                }
                assertThat(active).isEqualTo(3);
                assertThat(refused).isEqualTo(5);
            } finally {
                pool.shutdownNow();
            }
            long activeBytes = 0;
            int activeCount = 0;
            for (String id : ids) {
                Image img = alice.get(id);
                if (img.status() == ImageStatus.ACTIVE) {
                    activeBytes += img.size();
                    activeCount++;
                } else {
                    assertQueuedWithoutData(alice, id);
                }
            }
            assertThat(activeCount).isEqualTo(3);
            assertThat(activeBytes).isEqualTo(3L * size);
            assertThat(usage(alice).get("image_size_total").usage()).isEqualTo(3L * size);
            assertThat(usage(alice).get("image_stage_total").usage()).isZero();
            assertThat(usage(alice).get("image_count_uploading").usage()).isZero();
            assertThat(stored(catalog)).hasSize(3);
        }
    }

    @Test
    void eightConcurrentUploadsWithDeclaredSizesAgainstAQuotaForThreeLeaveExactlyThree() throws Exception {
        eightUploadsRaceForThreeSlots(true, 200_000); // several buffers each: streamed
    }

    @Test
    void eightConcurrentSmallUploadsWithoutDeclaredSizeAgainstAQuotaForThreeLeaveExactlyThree() throws Exception {
        eightUploadsRaceForThreeSlots(false, 20_000); // one buffer each: taken whole
    }

    @Test
    void aStreamedUploadIsCutOffWhenItPassesTheRemainingAllowance() throws Exception {
        try (ImageCatalog catalog = createCatalog(Map.of("quota.image-size-total", "300000B",
                "upload.buffer-size", "64KiB", "upload.buffers", "2"))) {
            ImageService alice = catalog.images(ALICE);
            Image first = alice.create(draft("first"));
            alice.upload(first.id(), new ByteArrayInputStream(bytes(200_000, 1)));
            Image second = alice.create(draft("second"));
            // unknown length: refused once the stream passes the 100000 bytes left, not at its end
            CountingStream src = new CountingStream(bytes(1_000_000, 2));
            assertThatThrownBy(() -> alice.upload(second.id(), src)).isInstanceOf(TooLargeException.class)
                    .hasMessageContaining("image_size_total");
            assertThat(src.read).isLessThan(400_000);
            assertQueuedWithoutData(alice, second.id());
            assertThat(stored(catalog)).hasSize(1);
            // declared too big: refused before a byte is read
            CountingStream src2 = new CountingStream(bytes(150_000, 3));
            assertThatThrownBy(() -> alice.upload(second.id(), src2, UploadOptions.builder().declaredSize(150_000).build()))
                    .isInstanceOf(TooLargeException.class);
            assertThat(src2.read).isZero();
            assertQueuedWithoutData(alice, second.id());
            // what fits still fits; another project is not affected
            assertThat(alice.upload(second.id(), new ByteArrayInputStream(bytes(100_000, 4))).status())
                    .isEqualTo(ImageStatus.ACTIVE);
            ImageService bob = catalog.images(BOB);
            Image b = bob.create(draft("bob"));
            assertThat(bob.upload(b.id(), new ByteArrayInputStream(bytes(250_000, 5))).status()).isEqualTo(ImageStatus.ACTIVE);
            // deleting frees the allowance
            alice.delete(first.id());
            Image third = alice.create(draft("third"));
            assertThat(alice.upload(third.id(), new ByteArrayInputStream(bytes(150_000, 6))).status())
                    .isEqualTo(ImageStatus.ACTIVE);
            assertThat(usage(alice).get("image_size_total")).isEqualTo(new QuotaUsage("image_size_total", 300_000, 250_000));
        }
    }

    @Test
    void imageCountQuotaHoldsUnderConcurrentCreates() throws Exception {
        try (ImageCatalog catalog = createCatalog(Map.of("quota.image-count-total", "3"))) {
            ImageService alice = catalog.images(ALICE);
            CyclicBarrier start = new CyclicBarrier(8);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            int created = 0;
            int refused = 0;
            try {
                List<Future<Image>> results = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    int n = i;
                    results.add(pool.submit(() -> {
                        start.await(30, TimeUnit.SECONDS);
                        return alice.create(draft("c" + n));
                    }));
                }
                for (Future<Image> f : results) {
                    try {
                        f.get(60, TimeUnit.SECONDS);
                        created++;
                    } catch (java.util.concurrent.ExecutionException e) {
                        assertThat(e.getCause()).isInstanceOf(TooLargeException.class)
                                .hasMessageContaining("image_count_total");
                        refused++;
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(created).isEqualTo(3);
            assertThat(refused).isEqualTo(5);
            List<Image> mine = alice.list(ImageQuery.builder().owner("quota-a").build()).items();
            assertThat(mine).hasSize(3);
            assertThat(usage(alice).get("image_count_total")).isEqualTo(new QuotaUsage("image_count_total", 3, 3));
            // another project has its own count; a delete frees one
            assertThat(catalog.images(BOB).create(draft("b")).owner()).isEqualTo("quota-b");
            alice.delete(mine.get(0).id());
            assertThat(alice.create(draft("again")).owner()).isEqualTo("quota-a");
        }
    }

    @Test
    void projectLimitsOverrideTheCatalogWideOnes() throws Exception {
        try (ImageCatalog catalog = createCatalog(Map.of("quota.image-count-total", "2",
                "quota.project.quota-a.image-count-total", "1",
                "quota.project.quota-b.image-size-total", "1000B"))) {
            ImageService alice = catalog.images(ALICE);
            ImageService bob = catalog.images(BOB);
            alice.create(draft("a1"));
            assertThatThrownBy(() -> alice.create(draft("a2"))).isInstanceOf(TooLargeException.class)
                    .hasMessageContaining("image_count_total limit is 1");
            // bob's count comes from the catalog-wide limit, his bytes from his own
            Image b1 = bob.create(draft("b1"));
            bob.create(draft("b2"));
            assertThatThrownBy(() -> bob.create(draft("b3"))).isInstanceOf(TooLargeException.class)
                    .hasMessageContaining("image_count_total limit is 2");
            assertThatThrownBy(() -> bob.upload(b1.id(), new ByteArrayInputStream(bytes(1001, 3))))
                    .isInstanceOf(TooLargeException.class).hasMessageContaining("image_size_total limit of 1000");
            assertQueuedWithoutData(bob, b1.id());
            assertThat(stored(catalog)).isEmpty();
            bob.upload(b1.id(), new ByteArrayInputStream(bytes(1000, 3)));
            assertThat(bob.get(b1.id()).status()).isEqualTo(ImageStatus.ACTIVE);
            assertThat(usage(alice).get("image_count_total")).isEqualTo(new QuotaUsage("image_count_total", 1, 1));
            assertThat(usage(alice).get("image_size_total").limit()).isEqualTo(-1);
            assertThat(usage(bob).get("image_count_total")).isEqualTo(new QuotaUsage("image_count_total", 2, 2));
            assertThat(usage(bob).get("image_size_total")).isEqualTo(new QuotaUsage("image_size_total", 1000, 1000));
            // a project not named gets the catalog-wide limits
            ImageService carol = catalog.images(RequestContext.member("quota-c", "carol"));
            assertThat(usage(carol).get("image_count_total").limit()).isEqualTo(2);
            assertThat(usage(carol).get("image_size_total").limit()).isEqualTo(-1);
        }
    }

    @Test
    void aProjectLimitOfMinusOneExemptsItFromTheCatalogWideLimit() throws Exception {
        try (ImageCatalog catalog = createCatalog(Map.of("quota.image-count-total", "1",
                "quota.project.quota-a.image-count-total", "-1"))) {
            ImageService alice = catalog.images(ALICE);
            for (int i = 0; i < 3; i++) {
                alice.create(draft("a" + i));
            }
            assertThat(usage(alice).get("image_count_total")).isEqualTo(new QuotaUsage("image_count_total", -1, 3));
            ImageService bob = catalog.images(BOB);
            bob.create(draft("b1"));
            assertThatThrownBy(() -> bob.create(draft("b2"))).isInstanceOf(TooLargeException.class)
                    .hasMessageContaining("image_count_total limit is 1");
        }
    }

    @Test
    void uploadsAtOnceQuotaRefusesASecondConcurrentUpload() throws Exception {
        try (ImageCatalog catalog = createCatalog(Map.of("quota.image-count-uploading", "1"))) {
            ImageService alice = catalog.images(ALICE);
            Image one = alice.create(draft("one"));
            Image two = alice.create(draft("two"));
            CountDownLatch reading = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            InputStream slow = new InputStream() {
                int left = 1000;

                @Override
                public int read() throws IOException {
                    if (left == 1000) {
                        reading.countDown();
                        try {
                            release.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            throw new IOException(e);
                        }
                    }
                    return left-- > 0 ? 7 : -1;
                }
            };
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<Image> first = pool.submit(() -> alice.upload(one.id(), slow));
                assertThat(reading.await(30, TimeUnit.SECONDS)).isTrue();
                assertThat(usage(alice).get("image_count_uploading").usage()).isEqualTo(1);
                assertThatThrownBy(() -> alice.upload(two.id(), new ByteArrayInputStream(bytes(10, 1))))
                        .isInstanceOf(TooLargeException.class).hasMessageContaining("image_count_uploading");
                assertQueuedWithoutData(alice, two.id());
                // another project is not limited by alice's upload
                ImageService bob = catalog.images(BOB);
                Image b = bob.create(draft("b"));
                assertThat(bob.upload(b.id(), new ByteArrayInputStream(bytes(10, 2))).status()).isEqualTo(ImageStatus.ACTIVE);
                release.countDown();
                assertThat(first.get(30, TimeUnit.SECONDS).size()).isEqualTo(1000L);
            } finally {
                release.countDown();
                pool.shutdownNow();
            }
            assertThat(alice.upload(two.id(), new ByteArrayInputStream(bytes(10, 1))).status()).isEqualTo(ImageStatus.ACTIVE);
            assertThat(usage(alice).get("image_count_uploading").usage()).isZero();
        }
    }

    @Test
    void stagedBytesQuotaCapsWhatIsInFlightAtOnce() throws Exception {
        try (ImageCatalog catalog = createCatalog(Map.of("quota.image-stage-total", "100000B",
                "upload.buffer-size", "64KiB", "upload.buffers", "2"))) {
            ImageService alice = catalog.images(ALICE);
            Image big = alice.create(draft("big"));
            assertThatThrownBy(() -> alice.upload(big.id(), new ByteArrayInputStream(bytes(300_000, 1))))
                    .isInstanceOf(TooLargeException.class).hasMessageContaining("image_stage_total");
            assertQueuedWithoutData(alice, big.id());
            assertThat(stored(catalog)).isEmpty();
            // in flight only: many uploads one after another each fit
            for (int i = 0; i < 3; i++) {
                Image img = alice.create(draft("small" + i));
                assertThat(alice.upload(img.id(), new ByteArrayInputStream(bytes(90_000, i))).status())
                        .isEqualTo(ImageStatus.ACTIVE);
            }
            assertThat(usage(alice).get("image_stage_total")).isEqualTo(new QuotaUsage("image_stage_total", 100_000, 0));
        }
    }

    @Test
    void usageReportsEveryQuotaWithLimitAndUse() throws Exception {
        try (ImageCatalog catalog = createCatalog(Map.of("quota.image-count-total", "10", "quota.image-size-total", "1MiB"))) {
            ImageService alice = catalog.images(ALICE);
            Map<String, QuotaUsage> before = usage(alice);
            assertThat(before.keySet()).containsExactlyInAnyOrder("image_count_total", "image_size_total",
                    "image_stage_total", "image_count_uploading");
            assertThat(before.get("image_count_total")).isEqualTo(new QuotaUsage("image_count_total", 10, 0));
            assertThat(before.get("image_size_total")).isEqualTo(new QuotaUsage("image_size_total", 1L << 20, 0));
            assertThat(before.get("image_stage_total").limit()).isEqualTo(-1);
            Image a = alice.create(draft("a"));
            alice.upload(a.id(), new ByteArrayInputStream(bytes(1234, 1)));
            alice.create(draft("b"));
            Map<String, QuotaUsage> after = usage(alice);
            assertThat(after.get("image_count_total").usage()).isEqualTo(2);
            assertThat(after.get("image_size_total").usage()).isEqualTo(1234);
            assertThat(usage(catalog.images(BOB)).get("image_count_total").usage()).isZero();
        }
    }

    @Test
    void perImageLimitsOnPropertiesTagsMembersAndLocations() throws Exception {
        try (ImageCatalog catalog = createCatalog(Map.of("limit.image-properties", "2", "limit.image-tags", "2",
                "limit.image-members", "2"))) {
            ImageService alice = catalog.images(ALICE);
            assertThatThrownBy(() -> alice.create(ImageDraft.builder().property("a", "1").property("b", "2")
                    .property("c", "3").build())).isInstanceOf(TooLargeException.class).hasMessageContaining("properties");
            assertThatThrownBy(() -> alice.create(ImageDraft.builder().tag("a").tag("b").tag("c").build()))
                    .isInstanceOf(TooLargeException.class).hasMessageContaining("tags");
            assertThat(usage(alice).get("image_count_total").usage()).isZero();
            Image img = alice.create(ImageDraft.builder().property("a", "1").property("b", "2").tag("x").tag("y").build());
            assertThatThrownBy(() -> alice.update(img.id(), ImagePatch.builder().add("c", "3").build()))
                    .isInstanceOf(TooLargeException.class);
            assertThatThrownBy(() -> alice.addTag(img.id(), "z")).isInstanceOf(TooLargeException.class);
            // replacing within the limit is fine
            assertThat(alice.update(img.id(), ImagePatch.builder().remove("a").add("c", "3").build()).properties())
                    .containsOnlyKeys("b", "c");
            alice.addMember(img.id(), "m1");
            alice.addMember(img.id(), "m2");
            assertThatThrownBy(() -> alice.addMember(img.id(), "m3")).isInstanceOf(TooLargeException.class)
                    .hasMessageContaining("members");
            assertThat(alice.listMembers(img.id())).hasSize(2);
            Image unchanged = alice.get(img.id());
            assertThat(unchanged.tags()).containsExactly("x", "y");
        }
        try (ImageCatalog catalog = createCatalog(Map.of("limit.image-locations", "0"))) {
            ImageService alice = catalog.images(ALICE);
            Image img = alice.create(draft("l"));
            assertThatThrownBy(() -> alice.upload(img.id(), new ByteArrayInputStream(bytes(10, 1))))
                    .isInstanceOf(TooLargeException.class).hasMessageContaining("locations");
            assertQueuedWithoutData(alice, img.id());
            assertThat(stored(catalog)).isEmpty();
        }
    }

    @Test
    void membersAddedConcurrentlyNeverPassTheMemberLimit() throws Exception {
        try (ImageCatalog catalog = createCatalog(Map.of("limit.image-members", "3"))) {
            ImageService alice = catalog.images(ALICE);
            Image img = alice.create(draft("m"));
            CyclicBarrier start = new CyclicBarrier(8);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            int added = 0;
            try {
                List<Future<?>> fs = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    String member = "member-" + i;
                    fs.add(pool.submit(() -> {
                        start.await(30, TimeUnit.SECONDS);
                        return alice.addMember(img.id(), member);
                    }));
                }
                for (Future<?> f : fs) {
                    try {
                        f.get(60, TimeUnit.SECONDS);
                        added++;
                    } catch (java.util.concurrent.ExecutionException e) {
                        assertThat(e.getCause()).isInstanceOf(TooLargeException.class);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(added).isEqualTo(3);
            assertThat(alice.listMembers(img.id())).hasSize(3);
        }
    }

    @Test
    void theSizeCapStillAppliesAndIsATooLarge() throws Exception {
        try (ImageCatalog catalog = createCatalog(Map.of("image.size-cap", "1000B"))) {
            ImageService alice = catalog.images(ALICE);
            Image img = alice.create(draft("cap"));
            assertThatThrownBy(() -> alice.upload(img.id(), new ByteArrayInputStream(bytes(1001, 1))))
                    .isInstanceOf(TooLargeException.class);
            assertQueuedWithoutData(alice, img.id());
            assertThat(stored(catalog)).isEmpty();
        }
    }

    /** A source that counts what was read from it. */
    private static final class CountingStream extends ByteArrayInputStream {
        volatile long read;

        CountingStream(byte[] b) {
            super(b);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            int n = super.read(b, off, len);
            if (n > 0) {
                read += n;
            }
            return n;
        }

        @Override
        public synchronized int read() {
            int c = super.read();
            if (c >= 0) {
                read++;
            }
            return c;
        }
    }
}
