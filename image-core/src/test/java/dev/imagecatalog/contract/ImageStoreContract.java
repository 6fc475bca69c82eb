package dev.imagecatalog.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageWriter;
import dev.imagecatalog.spi.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link ImageStore} passes. A module extends this class, builds a store marking what it writes
 * with a given catalog id in {@link #createStore(String)} and, where it can, checks in {@link #assertNoLeftovers()}
 * that nothing of an aborted write remains (temporary files, multipart uploads, segments).
 *
 * <p>Ownership: every store of one test class works on one backing place (folder, bucket and prefix, container);
 * stores built with different catalog ids there never list nor remove each other's objects.
 */
public abstract class ImageStoreContract {

    /** The catalog id of {@link #store}: a fresh one for every test. */
    protected final String catalogId = "c" + UUID.randomUUID().toString().substring(0, 8);

    protected ImageStore store;

    /**
     * A new store of catalog {@code catalogId}, on the same backing place as every other store this class builds
     * (so stores of different catalogs share it), with the same store id; empty or holding only what earlier tests
     * of this class wrote.
     */
    protected abstract ImageStore createStore(String catalogId) throws Exception;

    /** A new store of this test's {@link #catalogId}. */
    protected ImageStore createStore() throws Exception {
        return createStore(catalogId);
    }

    /**
     * How many bytes an in-flight writer must have written before the store holds something of it (a temporary
     * file, a multipart upload, a segment). Default: {@link #largeObjectSize()}.
     */
    protected long inFlightLeftoverSize() {
        return largeObjectSize();
    }

    /**
     * A size that makes the store take its large-object path (multipart, segments) if it has one. Tests should
     * configure a low threshold so this stays small.
     */
    protected long largeObjectSize() {
        return 3L * 1024 * 1024 + 12345;
    }

    /** Asserts that no leftovers of uncommitted writes remain in the back-end. Default: nothing to check. */
    protected void assertNoLeftovers() throws Exception {
    }

    @BeforeEach
    void openStore() throws Exception {
        store = createStore();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    protected static String newImageId() {
        return UUID.randomUUID().toString();
    }

    protected static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Writes {@code data} in chunks of varying size, heap and direct, read-only and not. */
    protected StoreLocation writeAll(String imageId, byte[] data, boolean declareSize) throws IOException {
        try (ImageWriter w = store.openWriter(imageId, declareSize ? data.length : -1)) {
            writeChunks(w, data);
            return w.commit();
        }
    }

    protected static void writeChunks(ImageWriter w, byte[] data) throws IOException {
        int[] sizes = {1, 7, 4096, 65536, 1 << 20, 333};
        int pos = 0;
        int i = 0;
        while (pos < data.length) {
            int n = Math.min(sizes[i % sizes.length], data.length - pos);
            ByteBuffer buf;
            switch (i % 3) {
                case 0:
                    buf = ByteBuffer.wrap(data, pos, n).slice();
                    break;
                case 1:
                    buf = ByteBuffer.wrap(data, pos, n).slice().asReadOnlyBuffer();
                    break;
                default:
                    buf = ByteBuffer.allocateDirect(n);
                    buf.put(data, pos, n).flip();
                    break;
            }
            w.write(buf);
            assertThat(buf.hasRemaining()).as("write must consume the whole buffer").isFalse();
            pos += n;
            i++;
        }
    }

    protected byte[] readAll(StoreLocation loc) throws IOException {
        try (InputStream in = store.openStream(loc, 0, -1)) {
            return in.readAllBytes();
        }
    }

    protected static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** The committed objects {@link #store} lists as its catalog's. */
    protected List<StoreLocation> listed() throws IOException {
        List<StoreLocation> all = new ArrayList<>();
        for (StoredObject o : owned(store)) {
            if (o.committed()) {
                all.add(o.location());
            }
        }
        return all;
    }

    /** What {@code s} lists as its catalog's. */
    protected static List<StoredObject> owned(ImageStore s) throws IOException {
        List<StoredObject> all = new ArrayList<>();
        s.forEachOwned(all::add);
        return all;
    }

    /**
     * Opens a writer of {@code imageId} on {@code s} and writes {@link #inFlightLeftoverSize()} bytes without
     * committing, then waits (up to 30 s: parts and segments go out in the background) until {@code s} lists a
     * leftover of that image that stays the same for half a second, and returns the writer and the leftover.
     */
    protected InFlight startWrite(ImageStore s, String imageId) throws Exception {
        ImageWriter w = s.openWriter(imageId, -1);
        try {
            writeChunks(w, randomBytes((int) inFlightLeftoverSize(), imageId.hashCode()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            StoredObject seen = null;
            while (System.nanoTime() < deadline) {
                StoredObject now = null;
                for (StoredObject o : owned(s)) {
                    if (o.imageId().equals(imageId) && !o.committed()) {
                        now = o;
                    }
                }
                if (now != null && now.equals(seen)) {
                    return new InFlight(w, now);
                }
                seen = now;
                Thread.sleep(now == null ? 50 : 500);
            }
            throw new AssertionError("no settled leftover of the in-flight write of " + imageId + " listed by " + s.id()
                    + " (last seen: " + seen + ")");
        } catch (Exception | AssertionError e) {
            w.abort();
            throw e;
        }
    }

    /** A writer that has not committed, and the leftover its store lists for it. */
    protected record InFlight(ImageWriter writer, StoredObject leftover) {
    }

    @Test
    void smallObjectRoundTripsWithKnownSize() throws Exception {
        byte[] data = randomBytes(100_000, 1);
        StoreLocation loc = writeAll(newImageId(), data, true);
        assertThat(loc.storeId()).isEqualTo(store.id());
        assertThat(loc.scheme()).isEqualTo(store.scheme());
        assertThat(readAll(loc)).isEqualTo(data);
        assertThat(store.size(loc)).isEqualTo(data.length);
        assertThat(store.exists(loc)).isTrue();
    }

    @Test
    void smallObjectRoundTripsWithUnknownSize() throws Exception {
        byte[] data = randomBytes(70_001, 2);
        StoreLocation loc = writeAll(newImageId(), data, false);
        assertThat(readAll(loc)).isEqualTo(data);
        assertThat(store.size(loc)).isEqualTo(data.length);
    }

    @Test
    void largeObjectRoundTripsWithKnownAndUnknownSize() throws Exception {
        byte[] data = randomBytes((int) largeObjectSize(), 3);
        StoreLocation known = writeAll(newImageId(), data, true);
        StoreLocation unknown = writeAll(newImageId(), data, false);
        assertThat(sha256(readAll(known))).isEqualTo(sha256(data));
        assertThat(sha256(readAll(unknown))).isEqualTo(sha256(data));
        assertThat(store.size(known)).isEqualTo(data.length);
        assertThat(store.size(unknown)).isEqualTo(data.length);
        assertNoLeftovers();
    }

    @Test
    void emptyObjectRoundTrips() throws Exception {
        StoreLocation loc = writeAll(newImageId(), new byte[0], true);
        assertThat(readAll(loc)).isEmpty();
        assertThat(store.size(loc)).isZero();
        assertThat(store.exists(loc)).isTrue();
    }

    @Test
    void rangesReadTheRightBytes() throws Exception {
        byte[] data = randomBytes((int) largeObjectSize(), 4);
        StoreLocation loc = writeAll(newImageId(), data, true);
        long[][] ranges = {{0, 1}, {0, 100}, {5, 10}, {data.length - 1, 1}, {data.length - 1000, -1},
            {1024 * 1024 - 3, 10}, {123_456, 2 * 1024 * 1024}};
        for (long[] r : ranges) {
            try (InputStream in = store.openStream(loc, r[0], r[1])) {
                byte[] got = in.readAllBytes();
                int end = r[1] < 0 ? data.length : (int) Math.min(data.length, r[0] + r[1]);
                assertThat(got).as("range %d+%d", r[0], r[1]).isEqualTo(Arrays.copyOfRange(data, (int) r[0], end));
            }
        }
    }

    @Test
    void uncommittedWriteIsInvisibleAndAbortLeavesNothing() throws Exception {
        String id = newImageId();
        List<StoreLocation> before = listed();
        ImageWriter w = store.openWriter(id, -1);
        writeChunks(w, randomBytes((int) largeObjectSize(), 5));
        assertThat(listed()).containsExactlyInAnyOrderElementsOf(before);
        w.abort();
        w.abort(); // idempotent
        w.close();
        assertThat(listed()).containsExactlyInAnyOrderElementsOf(before);
        assertNoLeftovers();
    }

    @Test
    void closeWithoutCommitAborts() throws Exception {
        List<StoreLocation> before = listed();
        try (ImageWriter w = store.openWriter(newImageId(), 1000)) {
            writeChunks(w, randomBytes(1000, 6));
        }
        assertThat(listed()).containsExactlyInAnyOrderElementsOf(before);
        assertNoLeftovers();
    }

    @Test
    void writeAfterAbortFails() throws Exception {
        ImageWriter w = store.openWriter(newImageId(), -1);
        w.write(ByteBuffer.wrap(new byte[10]));
        w.abort();
        assertThatThrownBy(() -> {
            w.write(ByteBuffer.wrap(new byte[10]));
            w.commit();
        }).isInstanceOfAny(IOException.class, IllegalStateException.class);
        assertNoLeftovers();
    }

    @Test
    void committedObjectsAreListedAndDeleted() throws Exception {
        StoreLocation a = writeAll(newImageId(), randomBytes(10, 7), true);
        StoreLocation b = writeAll(newImageId(), randomBytes((int) largeObjectSize(), 8), false);
        assertThat(listed()).contains(a, b);
        assertThat(store.delete(a)).isTrue();
        assertThat(store.exists(a)).isFalse();
        assertThat(store.delete(a)).isFalse();
        assertThat(listed()).contains(b).doesNotContain(a);
        assertThat(store.delete(b)).isTrue();
        assertThat(listed()).doesNotContain(a, b);
        assertNoLeftovers();
    }

    @Test
    void missingObjectIsNotFound() throws Exception {
        StoreLocation missing = new StoreLocation(store.scheme(), store.id(), keyLike(writeAll(newImageId(), new byte[1], true)));
        store.delete(missing);
        assertThat(store.exists(missing)).isFalse();
        assertThatThrownBy(() -> store.openStream(missing, 0, -1).close()).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> store.size(missing)).isInstanceOf(NotFoundException.class);
        assertThat(store.delete(missing)).isFalse();
    }

    private static String keyLike(StoreLocation l) {
        return l.key();
    }

    @Test
    void readerClosedEarlyReleasesTheObject() throws Exception {
        byte[] data = randomBytes((int) largeObjectSize(), 9);
        StoreLocation loc = writeAll(newImageId(), data, true);
        for (int i = 0; i < 20; i++) {
            InputStream in = store.openStream(loc, 0, -1);
            assertThat(in.readNBytes(1000)).isEqualTo(Arrays.copyOf(data, 1000));
            in.close();
        }
        assertThat(sha256(readAll(loc))).isEqualTo(sha256(data));
        assertThat(store.delete(loc)).isTrue();
        assertThat(store.exists(loc)).isFalse();
    }

    @Test
    void concurrentWritesOfDifferentImagesDoNotMix() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<StoreLocation>> futures = new ArrayList<>();
            List<byte[]> payloads = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                byte[] data = randomBytes(200_000 + i * 1000, 100 + i);
                payloads.add(data);
                futures.add(pool.submit(() -> writeAll(newImageId(), data, false)));
            }
            for (int i = 0; i < futures.size(); i++) {
                assertThat(readAll(futures.get(i).get())).isEqualTo(payloads.get(i));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- ownership: what a store lists and removes ---------------------------------------------------------

    @Test
    void forEachOwnedListsCommittedObjectsAndLeftoversOfInFlightWrites() throws Exception {
        Instant start = Instant.now().minus(Duration.ofMinutes(5)); // the server's clock may differ a little
        String committedId = newImageId();
        StoreLocation loc = writeAll(committedId, randomBytes(1000, 20), true);
        String inFlightId = newImageId();
        InFlight inFlight = startWrite(store, inFlightId);
        try {
            List<StoredObject> all = owned(store);
            assertThat(all).filteredOn(o -> o.imageId().equals(committedId)).singleElement().satisfies(o -> {
                assertThat(o.committed()).isTrue();
                assertThat(o.location()).isEqualTo(loc);
                assertThat(o.lastModified()).isAfter(start).isBefore(Instant.now().plus(Duration.ofMinutes(5)));
            });
            assertThat(all).filteredOn(o -> o.imageId().equals(inFlightId)).singleElement().satisfies(o -> {
                assertThat(o.committed()).isFalse();
                assertThat(o.location().storeId()).isEqualTo(store.id());
                assertThat(o.lastModified()).isAfter(start).isBefore(Instant.now().plus(Duration.ofMinutes(5)));
            });
            assertThat(listed()).as("committed objects only").contains(loc)
                    .doesNotContain(inFlight.leftover().location());
        } finally {
            inFlight.writer().abort();
        }
        assertThat(owned(store)).noneMatch(o -> o.imageId().equals(inFlightId));
        assertNoLeftovers();
    }

    @Test
    void removeDeletesACommittedObjectAndALeftover() throws Exception {
        String committedId = newImageId();
        byte[] large = randomBytes((int) largeObjectSize(), 21);
        StoreLocation small = writeAll(committedId, randomBytes(1000, 22), true);
        StoreLocation big = writeAll(newImageId(), large, false);
        InFlight inFlight = startWrite(store, newImageId());
        try {
            for (StoredObject o : owned(store)) {
                if (o.location().equals(small) || o.location().equals(big)) {
                    assertThat(store.remove(o)).isTrue();
                    assertThat(store.exists(o.location())).isFalse();
                    assertThat(store.remove(o)).as("already gone").isFalse();
                }
            }
            assertThat(store.remove(inFlight.leftover())).isTrue();
            assertThat(store.remove(inFlight.leftover())).as("already gone").isFalse();
            assertThat(owned(store)).extracting(StoredObject::location)
                    .doesNotContain(small, big, inFlight.leftover().location());
        } finally {
            inFlight.writer().abort();
        }
        assertNoLeftovers();
    }

    @Test
    void storesOfDifferentCatalogsOnOnePlaceNeverListNorRemoveEachOthersObjects() throws Exception {
        String otherCatalog = "d" + UUID.randomUUID().toString().substring(0, 8);
        ImageStore other = createStore(otherCatalog);
        try {
            byte[] theirs = randomBytes((int) largeObjectSize(), 23);
            String theirCommittedId = newImageId();
            StoreLocation theirSmall = writeStore(other, theirCommittedId, randomBytes(500, 24));
            StoreLocation theirLarge = writeStore(other, newImageId(), theirs);
            String theirInFlightId = newImageId();
            InFlight theirWrite = startWrite(other, theirInFlightId);
            String ourId = newImageId();
            StoreLocation ours = writeAll(ourId, randomBytes(700, 25), true);
            InFlight ourWrite = startWrite(store, newImageId());
            try {
                List<StoredObject> theirList = owned(other);
                assertThat(theirList).extracting(StoredObject::location)
                        .contains(theirSmall, theirLarge, theirWrite.leftover().location())
                        .doesNotContain(ours, ourWrite.leftover().location());
                List<StoredObject> ourList = owned(store);
                assertThat(ourList).extracting(StoredObject::location)
                        .contains(ours, ourWrite.leftover().location())
                        .doesNotContain(theirSmall, theirLarge, theirWrite.leftover().location());
                assertThat(ourList).extracting(StoredObject::imageId)
                        .doesNotContain(theirCommittedId, theirInFlightId);
                for (StoredObject o : theirList) {
                    assertThatThrownBy(() -> store.remove(o)).as("removing %s", o)
                            .isInstanceOf(IllegalArgumentException.class);
                }
                for (StoredObject o : ourList) {
                    assertThatThrownBy(() -> other.remove(o)).as("removing %s", o)
                            .isInstanceOf(IllegalArgumentException.class);
                }
                assertThat(sha256(readAll(other, theirLarge))).isEqualTo(sha256(theirs));
                assertThat(other.exists(theirSmall)).isTrue();
                assertThat(owned(other)).extracting(StoredObject::location).contains(theirWrite.leftover().location());
                assertThat(readAll(ours)).hasSize(700);
                assertThat(owned(store)).extracting(StoredObject::location).contains(ourWrite.leftover().location());
                ourWrite.writer().abort();
                StoreLocation theirCompleted = theirWrite.writer().commit();
                assertThat(readAll(other, theirCompleted)).hasSize((int) inFlightLeftoverSize());
                assertThat(other.delete(theirCompleted)).isTrue();
            } finally {
                theirWrite.writer().abort();
                ourWrite.writer().abort();
            }
            assertThat(other.delete(theirSmall)).isTrue();
            assertThat(other.delete(theirLarge)).isTrue();
        } finally {
            other.close();
        }
        assertNoLeftovers();
    }

    @Test
    void removeRefusesWhatIsNotThisCatalogs() throws Exception {
        String imageId = newImageId();
        StoreLocation loc = writeAll(imageId, randomBytes(100, 26), true);
        Instant now = Instant.now();
        StoreLocation otherStore = new StoreLocation(loc.scheme(), loc.storeId() + "-other", loc.key());
        StoreLocation otherScheme = new StoreLocation(loc.scheme() + "x", loc.storeId(), loc.key());
        StoreLocation outside = new StoreLocation(loc.scheme(), loc.storeId(), "elsewhere/" + imageId);
        StoreLocation bare = new StoreLocation(loc.scheme(), loc.storeId(), imageId);
        for (StoreLocation foreign : List.of(otherStore, otherScheme, outside, bare)) {
            for (boolean committed : new boolean[] {true, false}) {
                assertThatThrownBy(() -> store.remove(new StoredObject(imageId, committed, foreign, now)))
                        .as("remove %s (committed %s)", foreign, committed)
                        .isInstanceOf(IllegalArgumentException.class);
            }
        }
        assertThat(readAll(loc)).hasSize(100);
    }

    private static StoreLocation writeStore(ImageStore s, String imageId, byte[] data) throws IOException {
        try (ImageWriter w = s.openWriter(imageId, -1)) {
            writeChunks(w, data);
            return w.commit();
        }
    }

    private static byte[] readAll(ImageStore s, StoreLocation loc) throws IOException {
        try (InputStream in = s.openStream(loc, 0, -1)) {
            return in.readAllBytes();
        }
    }
}
