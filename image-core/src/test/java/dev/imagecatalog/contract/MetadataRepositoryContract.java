package dev.imagecatalog.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.error.VersionConflictException;
import dev.imagecatalog.image.ImageLocation;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageMember;
import dev.imagecatalog.image.ImageQuery;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.LocationStatus;
import dev.imagecatalog.image.MemberStatus;
import dev.imagecatalog.image.Page;
import dev.imagecatalog.image.SortKey;
import dev.imagecatalog.image.SortOrder.Direction;
import dev.imagecatalog.image.SortOrder;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.image.TimeOp;
import dev.imagecatalog.image.Visibility;
import dev.imagecatalog.spi.MetadataRepository;
import dev.imagecatalog.spi.OwnerUsage;
import dev.imagecatalog.spi.Viewer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link MetadataRepository} passes. A module extends this class and returns a fresh, empty
 * repository from {@link #createRepository()}; it is closed after each test. The catalog id and write intent cases
 * are in {@link RecoveryRecordsContract}, which this class extends.
 *
 * <p>Fixtures use explicit, millisecond-precision {@code createdAt}/{@code updatedAt} instants and ids of the form
 * {@code 00000000-0000-0000-0000-00000000000N}, so every order is deterministic. Names and formats are lower-case
 * ASCII, so string order is the same in Java and in SQL collations.
 *
 * <p>Points a SQL implementation must take care of: nulls sort first ascending and last descending (say
 * {@code NULLS FIRST}/{@code NULLS LAST} explicitly); an empty in-list ({@code ids(List.of())}) matches nothing;
 * a marker that is not a UUID ({@code "not-a-uuid"}) is invalid input, not a database error; status, name,
 * property and tag comparisons are case-sensitive; {@code update} is one atomic compare-and-set on the version.
 */
public abstract class MetadataRepositoryContract extends RecoveryRecordsContract {

    /** The base instant of the fixtures; {@link #at(int)} adds seconds. */
    protected static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    protected static final Viewer P1 = new Viewer("p1", false);
    protected static final Viewer P2 = new Viewer("p2", false);
    protected static final Viewer ADMIN = new Viewer("adm", true);

    protected MetadataRepository repo;
    private int sequence;

    /** A new, empty repository. */
    protected abstract MetadataRepository createRepository() throws Exception;

    @Override
    protected MetadataRepository repository() {
        return repo;
    }

    @BeforeEach
    void openRepository() throws Exception {
        repo = createRepository();
        sequence = 0;
    }

    @AfterEach
    void closeRepository() {
        if (repo != null) {
            repo.close();
        }
    }

    // ------------------------------------------------------------------ fixtures

    protected static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    /** A deterministic UUID-shaped id. */
    protected static String id(int n) {
        return String.format("00000000-0000-0000-0000-%012d", n);
    }

    /**
     * A builder for the next fixture: id {@code id(n)}, created and updated {@code n} seconds after {@link #T0},
     * owner {@code p1}, private, queued, version 1.
     */
    protected Image.Builder next() {
        int n = ++sequence;
        return Image.builder().id(id(n)).name("image-" + n).status(ImageStatus.QUEUED)
                .visibility(Visibility.PRIVATE).owner("p1").createdAt(at(n)).updatedAt(at(n)).version(1);
    }

    protected Image create(Image.Builder b) {
        Image image = b.build();
        repo.create(image);
        return image;
    }

    protected Image create(Function<Image.Builder, Image.Builder> customize) {
        return create(customize.apply(next()));
    }

    protected static ImageQuery.Builder query() {
        return ImageQuery.builder().limit(1000);
    }

    protected List<String> ids(ImageQuery.Builder q, Viewer viewer) {
        return ids(repo.list(q.build(), viewer).items());
    }

    protected static List<String> ids(List<Image> images) {
        return images.stream().map(Image::id).collect(Collectors.toList());
    }

    protected static Set<String> idSet(Image... images) {
        Set<String> s = new LinkedHashSet<>();
        for (Image i : images) {
            s.add(i.id());
        }
        return s;
    }

    protected static StoreLocation location(String key) {
        return new StoreLocation("memory", "mem", key);
    }

    /** Walks every page of {@code q} with page size {@code pageSize}; fails on a loop. */
    protected List<String> walk(ImageQuery.Builder q, Viewer viewer, int pageSize) {
        List<String> all = new ArrayList<>();
        String marker = null;
        for (int guard = 0; guard < 10_000; guard++) {
            Page<Image> page = repo.list(q.limit(pageSize).marker(marker).build(), viewer);
            assertThat(page.items().size()).isLessThanOrEqualTo(pageSize);
            all.addAll(ids(page.items()));
            if (!page.hasNext()) {
                return all;
            }
            assertThat(page.items()).isNotEmpty();
            assertThat(page.nextMarker()).contains(page.items().get(page.items().size() - 1).id());
            marker = page.nextMarker().get();
        }
        throw new AssertionError("pagination did not end");
    }

    // ------------------------------------------------------------------ create / find

    @Test
    void createThenFindReturnsTheSameImage() {
        Image image = create(next().name("full").visibility(Visibility.SHARED).isProtected(true).osHidden(true)
                .checksum("0123456789abcdef0123456789abcdef").osHashAlgo("sha512").osHashValue("ab".repeat(64))
                .size(1234L).virtualSize(4096L).diskFormat("qcow2").containerFormat("bare").minDisk(3).minRam(512)
                .status(ImageStatus.ACTIVE).tags(List.of("b", "a")).property("os_distro", "ubuntu")
                .property("hw_disk_bus", "virtio").locations(List.of(ImageLocation.active(location("k1")), ImageLocation.active(location("k2"))))
                .createdAt(Instant.parse("2026-03-01T10:00:00.123Z")).updatedAt(Instant.parse("2026-03-01T10:00:01.456Z")));

        Optional<Image> found = repo.find(image.id());

        assertThat(found).contains(image);
        assertThat(found.get().activeLocations()).containsExactly(location("k1"), location("k2"));
        assertThat(found.get().version()).isEqualTo(1);
    }

    @Test
    void createKeepsNullOptionalFields() {
        Image image = create(next().name(null).owner(null).diskFormat(null).containerFormat(null));

        assertThat(repo.find(image.id())).contains(image);
    }

    @Test
    void findOfAnUnknownIdIsEmpty() {
        create(next());

        assertThat(repo.find(id(999))).isEmpty();
    }

    @Test
    void duplicateIdIsAConflictAndKeepsTheFirstImage() {
        Image first = create(next().name("first"));

        assertThatThrownBy(() -> repo.create(first.toBuilder().name("second").build()))
                .isInstanceOf(ConflictException.class);
        assertThat(repo.find(first.id()).map(Image::name)).contains("first");
    }

    @Test
    void duplicateIdOfASoftDeletedImageIsAConflict() {
        Image first = create(next());
        repo.update(first.toBuilder().status(ImageStatus.DELETED).updatedAt(at(100)).build());

        assertThatThrownBy(() -> repo.create(first.toBuilder().version(1).build()))
                .isInstanceOf(ConflictException.class);
        assertThat(repo.find(first.id())).isEmpty();
    }

    // ------------------------------------------------------------------ update (compare-and-set)

    @Test
    void updateIncrementsTheVersionAndStoresTheImage() {
        Image image = create(next().name("before"));

        Image updated = repo.update(image.toBuilder().name("after").updatedAt(at(50)).build());

        assertThat(updated.version()).isEqualTo(2);
        assertThat(updated.name()).isEqualTo("after");
        assertThat(repo.find(image.id())).contains(updated);
        Image again = repo.update(updated.toBuilder().status(ImageStatus.SAVING).build());
        assertThat(again.version()).isEqualTo(3);
        assertThat(repo.find(image.id()).map(Image::status)).contains(ImageStatus.SAVING);
    }

    @Test
    void updateWithAStaleVersionIsAConflictAndChangesNothing() {
        Image image = create(next().name("before"));
        Image current = repo.update(image.toBuilder().name("winner").build());

        assertThatThrownBy(() -> repo.update(image.toBuilder().name("loser").status(ImageStatus.SAVING).build()))
                .isInstanceOf(VersionConflictException.class);
        assertThat(repo.find(image.id())).contains(current);
    }

    @Test
    void updateWithAFutureVersionIsAConflict() {
        Image image = create(next());

        assertThatThrownBy(() -> repo.update(image.toBuilder().version(7).name("x").build()))
                .isInstanceOf(VersionConflictException.class);
        assertThat(repo.find(image.id())).contains(image);
    }

    @Test
    void updateOfAnAbsentImageIsNotFound() {
        Image never = next().build();

        assertThatThrownBy(() -> repo.update(never)).isInstanceOf(NotFoundException.class);
        assertThat(repo.find(never.id())).isEmpty();
    }

    @Test
    void updateReplacesTagsPropertiesAndLocationsWholesale() {
        Image image = create(next().tags(List.of("a", "b")).property("k1", "v1").property("k2", "v2")
                .locations(List.of(ImageLocation.active(location("x")), ImageLocation.active(location("y")))));

        Image updated = repo.update(image.toBuilder().tags(List.of("b", "c")).properties(Map.of("k2", "w", "k3", "v3"))
                .locations(List.of(ImageLocation.active(location("z")))).build());

        Image found = repo.find(image.id()).orElseThrow();
        assertThat(found).isEqualTo(updated);
        assertThat(found.tags()).containsExactly("b", "c");
        assertThat(found.properties()).containsExactly(Map.entry("k2", "w"), Map.entry("k3", "v3"));
        assertThat(found.activeLocations()).containsExactly(location("z"));
        assertThat(ids(query().tag("a"), P1)).isEmpty();
        assertThat(ids(query().tag("c"), P1)).containsExactly(image.id());
        assertThat(ids(query().property("k1", "v1"), P1)).isEmpty();
        assertThat(ids(query().property("k3", "v3"), P1)).containsExactly(image.id());
    }

    @Test
    void updateCanClearTagsPropertiesAndLocations() {
        Image image = create(next().tags(List.of("a")).property("k", "v").locations(List.of(ImageLocation.active(location("x")))));

        repo.update(image.toBuilder().tags(List.of()).properties(Map.of()).locations(List.of()).build());

        Image found = repo.find(image.id()).orElseThrow();
        assertThat(found.tags()).isEmpty();
        assertThat(found.properties()).isEmpty();
        assertThat(found.locations()).isEmpty();
        assertThat(repo.isReferenced(location("x"))).isFalse();
    }

    @Test
    void concurrentUpdatesOfOneVersionHaveExactlyOneWinner() throws Exception {
        Image image = create(next());
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            AtomicInteger conflicts = new AtomicInteger();
            List<Future<Image>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String name = "writer-" + t;
                results.add(pool.submit(() -> {
                    try {
                        return repo.update(image.toBuilder().name(name).status(ImageStatus.SAVING).build());
                    } catch (VersionConflictException e) {
                        conflicts.incrementAndGet();
                        return null;
                    }
                }));
            }
            List<Image> winners = new ArrayList<>();
            for (Future<Image> f : results) {
                Image r = f.get(30, TimeUnit.SECONDS);
                if (r != null) {
                    winners.add(r);
                }
            }
            assertThat(winners).hasSize(1);
            assertThat(conflicts.get()).isEqualTo(threads - 1);
            assertThat(repo.find(image.id())).contains(winners.get(0));
            assertThat(winners.get(0).version()).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ soft delete, findByStatus, purge

    @Test
    void deletedAndPendingDeleteImagesAreSoftDeleted() {
        Image keep = create(next().status(ImageStatus.ACTIVE).visibility(Visibility.PUBLIC));
        Image deleted = create(next().status(ImageStatus.ACTIVE).visibility(Visibility.PUBLIC));
        Image pending = create(next().status(ImageStatus.ACTIVE).visibility(Visibility.PUBLIC));

        repo.update(deleted.toBuilder().status(ImageStatus.DELETED).updatedAt(at(100)).build());
        repo.update(pending.toBuilder().status(ImageStatus.PENDING_DELETE).updatedAt(at(101)).build());

        assertThat(repo.find(deleted.id())).isEmpty();
        assertThat(repo.find(pending.id())).isEmpty();
        assertThat(repo.find(keep.id())).isPresent();
        assertThat(ids(query(), P1)).containsExactly(keep.id());
        assertThat(ids(query(), ADMIN)).containsExactly(keep.id());
        assertThat(ids(query().allVisibilities(), ADMIN)).containsExactly(keep.id());
        assertThat(ids(query().statuses(ImageStatus.DELETED, ImageStatus.PENDING_DELETE), ADMIN)).isEmpty();
        assertThat(ids(repo.findByStatus(ImageStatus.DELETED, 10))).containsExactly(deleted.id());
        assertThat(repo.findByStatus(ImageStatus.PENDING_DELETE, 10)).singleElement()
                .satisfies(i -> assertThat(i.version()).isEqualTo(2));
    }

    @Test
    void aSoftDeletedImageCanStillBeUpdatedAndRestored() {
        Image image = create(next().status(ImageStatus.ACTIVE).tags(List.of("t")));
        Image pending = repo.update(image.toBuilder().status(ImageStatus.PENDING_DELETE).updatedAt(at(100)).build());

        Image restored = repo.update(pending.toBuilder().status(ImageStatus.ACTIVE).updatedAt(at(101)).build());

        assertThat(restored.version()).isEqualTo(3);
        assertThat(repo.find(image.id())).contains(restored);
        assertThat(ids(query().tag("t"), P1)).containsExactly(image.id());
        assertThat(repo.findByStatus(ImageStatus.PENDING_DELETE, 10)).isEmpty();
    }

    @Test
    void pendingDeleteCanMoveToDeleted() {
        Image image = create(next().status(ImageStatus.ACTIVE));
        Image pending = repo.update(image.toBuilder().status(ImageStatus.PENDING_DELETE).updatedAt(at(100)).build());

        Image deleted = repo.update(pending.toBuilder().status(ImageStatus.DELETED).updatedAt(at(200)).build());

        assertThat(deleted.version()).isEqualTo(3);
        assertThat(repo.find(image.id())).isEmpty();
        assertThat(repo.findByStatus(ImageStatus.DELETED, 10)).containsExactly(deleted);
        assertThat(repo.findByStatus(ImageStatus.PENDING_DELETE, 10)).isEmpty();
    }

    @Test
    void findByStatusReturnsOldestUpdateFirstAndHonoursTheLimit() {
        Image a = create(next().status(ImageStatus.SAVING).updatedAt(at(30)));
        Image b = create(next().status(ImageStatus.SAVING).updatedAt(at(10)));
        Image c = create(next().status(ImageStatus.SAVING).updatedAt(at(20)));
        create(next().status(ImageStatus.ACTIVE).updatedAt(at(5)));

        assertThat(ids(repo.findByStatus(ImageStatus.SAVING, 10))).containsExactly(b.id(), c.id(), a.id());
        assertThat(ids(repo.findByStatus(ImageStatus.SAVING, 2))).containsExactly(b.id(), c.id());
        assertThat(repo.findByStatus(ImageStatus.KILLED, 10)).isEmpty();
    }

    @Test
    void purgeDeletedRemovesOnlyRowsDeletedBeforeTheCutoffInBatches() {
        List<Image> old = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Image image = create(next().status(ImageStatus.ACTIVE));
            old.add(repo.update(image.toBuilder().status(ImageStatus.DELETED).updatedAt(at(100 + i)).build()));
        }
        Image recent = create(next().status(ImageStatus.ACTIVE));
        recent = repo.update(recent.toBuilder().status(ImageStatus.DELETED).updatedAt(at(500)).build());
        Image pendingOld = create(next().status(ImageStatus.ACTIVE));
        pendingOld = repo.update(pendingOld.toBuilder().status(ImageStatus.PENDING_DELETE).updatedAt(at(50)).build());
        Image live = create(next().status(ImageStatus.ACTIVE).updatedAt(at(1)));

        assertThat(repo.purgeDeleted(at(300), 2)).isEqualTo(2);
        assertThat(repo.findByStatus(ImageStatus.DELETED, 100)).hasSize(4);
        assertThat(repo.purgeDeleted(at(300), 2)).isEqualTo(2);
        assertThat(repo.purgeDeleted(at(300), 2)).isEqualTo(2);
        assertThat(repo.purgeDeleted(at(300), 2)).isZero();

        assertThat(repo.findByStatus(ImageStatus.DELETED, 100)).containsExactly(recent);
        assertThat(repo.findByStatus(ImageStatus.PENDING_DELETE, 100)).isEmpty();
        assertThat(repo.find(live.id())).isPresent();
        // a purged id is free again; an unpurged one is not
        repo.create(old.get(0).toBuilder().status(ImageStatus.QUEUED).version(1).build());
        assertThat(repo.find(old.get(0).id())).isPresent();
        Image stillThere = recent;
        assertThatThrownBy(() -> repo.create(stillThere.toBuilder().version(1).status(ImageStatus.QUEUED).build()))
                .isInstanceOf(ConflictException.class);
        assertThat(pendingOld.status()).isEqualTo(ImageStatus.PENDING_DELETE);
    }

    @Test
    void purgeDeletedUsesTheDeletionTimeNotTheCreationTime() {
        Image image = create(next().status(ImageStatus.ACTIVE).createdAt(at(1)).updatedAt(at(1)));
        repo.update(image.toBuilder().status(ImageStatus.DELETED).updatedAt(at(1000)).build());

        assertThat(repo.purgeDeleted(at(999), 10)).isZero();
        assertThat(repo.purgeDeleted(at(1000), 10)).isZero();
        assertThat(repo.purgeDeleted(at(1001), 10)).isEqualTo(1);
        assertThat(repo.findByStatus(ImageStatus.DELETED, 10)).isEmpty();
    }

    // ------------------------------------------------------------------ isReferenced

    @Test
    void isReferencedSeesLiveAndSoftDeletedRowsUntilPurged() {
        Image a = create(next().status(ImageStatus.ACTIVE).locations(List.of(ImageLocation.active(location("a1")), ImageLocation.active(location("a2")))));
        create(next().status(ImageStatus.ACTIVE).locations(List.of(ImageLocation.active(location("b1")))));

        assertThat(repo.isReferenced(location("a1"))).isTrue();
        assertThat(repo.isReferenced(location("a2"))).isTrue();
        assertThat(repo.isReferenced(location("b1"))).isTrue();
        assertThat(repo.isReferenced(location("c1"))).isFalse();
        assertThat(repo.isReferenced(new StoreLocation("filesystem", "mem", "a1"))).isFalse();
        assertThat(repo.isReferenced(new StoreLocation("memory", "other", "a1"))).isFalse();

        repo.update(a.toBuilder().status(ImageStatus.DELETED).updatedAt(at(100)).build());
        assertThat(repo.isReferenced(location("a1"))).isTrue();

        repo.purgeDeleted(at(200), 10);
        assertThat(repo.isReferenced(location("a1"))).isFalse();
        assertThat(repo.isReferenced(location("b1"))).isTrue();
    }

    @Test
    void isReferencedCountsEveryImageThatSharesALocation() {
        Image a = create(next().locations(List.of(ImageLocation.active(location("shared")))));
        Image b = create(next().locations(List.of(ImageLocation.active(location("shared")))));

        repo.update(a.toBuilder().locations(List.of()).build());
        assertThat(repo.isReferenced(location("shared"))).isTrue();
        repo.update(b.toBuilder().locations(List.of()).build());
        assertThat(repo.isReferenced(location("shared"))).isFalse();
    }

    // ------------------------------------------------------------------ location statuses, several stores

    private static ImageLocation pending(StoreLocation l) {
        return new ImageLocation(l, LocationStatus.PENDING);
    }

    private static ImageLocation deleting(StoreLocation l) {
        return new ImageLocation(l, LocationStatus.DELETING);
    }

    /** A location in a second store, {@code s2} (of another type). */
    protected static StoreLocation inSecondStore(String key) {
        return new StoreLocation("filesystem", "s2", key);
    }

    @Test
    void locationsWithMixedStatusesRoundTripInTheirOrder() {
        List<ImageLocation> mixed = List.of(pending(inSecondStore("p")), ImageLocation.active(location("a")),
                deleting(location("d")), ImageLocation.active(inSecondStore("a2")));
        Image created = create(next().status(ImageStatus.ACTIVE).locations(mixed));
        Image belowLimit = next().status(ImageStatus.ACTIVE).locations(List.of(deleting(location("x")),
                pending(location("y")), ImageLocation.active(location("z")))).build();
        assertThat(repo.createIfBelow(belowLimit, 10)).isEqualTo(1);

        Image found = repo.find(created.id()).orElseThrow();
        assertThat(found).isEqualTo(created);
        assertThat(found.locations()).containsExactlyElementsOf(mixed);
        assertThat(found.activeLocations()).containsExactly(location("a"), inSecondStore("a2"));
        assertThat(found.stores()).containsExactly("mem", "s2");
        assertThat(repo.find(belowLimit.id())).contains(belowLimit);
        assertThat(repo.find(belowLimit.id()).orElseThrow().stores()).containsExactly("mem");
        assertThat(repo.list(query().ids(created.id(), belowLimit.id()).build(), ADMIN).items())
                .containsExactlyInAnyOrder(created, belowLimit);
        assertThat(repo.findByStatus(ImageStatus.ACTIVE, 10)).containsExactly(created, belowLimit);
    }

    @Test
    void aStatusChangeAloneIsSavedByUpdate() {
        Image image = create(next().status(ImageStatus.ACTIVE).locations(List.of(ImageLocation.active(location("a")),
                pending(inSecondStore("b")))));

        Image copied = repo.update(image.toBuilder().locations(List.of(ImageLocation.active(location("a")),
                ImageLocation.active(inSecondStore("b")))).build());

        assertThat(copied.version()).isEqualTo(2);
        assertThat(repo.find(image.id())).contains(copied);
        assertThat(repo.find(image.id()).orElseThrow().stores()).containsExactly("mem", "s2");

        // a stale write of another status loses the compare-and-set and changes nothing
        assertThatThrownBy(() -> repo.update(image.toBuilder().locations(List.of(deleting(location("a")),
                pending(inSecondStore("b")))).build())).isInstanceOf(VersionConflictException.class);
        assertThat(repo.find(image.id())).contains(copied);

        Image removing = repo.update(copied.toBuilder().locations(List.of(deleting(location("a")),
                ImageLocation.active(inSecondStore("b")))).build());
        assertThat(repo.find(image.id())).contains(removing);
        assertThat(repo.find(image.id()).orElseThrow().stores()).containsExactly("s2");
        assertThat(repo.find(image.id()).orElseThrow().activeLocations()).containsExactly(inSecondStore("b"));

        // the same locations in another order, each keeping its status
        Image reordered = repo.update(removing.toBuilder().locations(List.of(ImageLocation.active(inSecondStore("b")),
                deleting(location("a")))).build());
        assertThat(repo.find(image.id())).contains(reordered);
        assertThat(repo.find(image.id()).orElseThrow().locations()).containsExactly(
                ImageLocation.active(inSecondStore("b")), deleting(location("a")));
    }

    @Test
    void isReferencedCountsPendingAndDeletingLocations() {
        Image copying = create(next().status(ImageStatus.ACTIVE).locations(List.of(ImageLocation.active(location("a")),
                pending(inSecondStore("copy")))));
        Image removing = create(next().status(ImageStatus.ACTIVE).locations(List.of(deleting(location("gone")),
                ImageLocation.active(inSecondStore("kept")))));

        assertThat(repo.isReferenced(inSecondStore("copy"))).isTrue();
        assertThat(repo.isReferenced(location("gone"))).isTrue();
        assertThat(repo.isReferenced(location("copy"))).isFalse(); // same key, other store
        assertThat(repo.isReferenced(inSecondStore("gone"))).isFalse();

        repo.update(copying.toBuilder().locations(List.of(ImageLocation.active(location("a")))).build());
        repo.update(removing.toBuilder().locations(List.of(ImageLocation.active(inSecondStore("kept")))).build());
        assertThat(repo.isReferenced(inSecondStore("copy"))).isFalse();
        assertThat(repo.isReferenced(location("gone"))).isFalse();
        assertThat(repo.isReferenced(location("a"))).isTrue();
        assertThat(repo.isReferenced(inSecondStore("kept"))).isTrue();
    }

    @Test
    void anImageInTwoStoresKeepsBothLocations() {
        Image image = create(next().status(ImageStatus.ACTIVE).size(10L).locations(List.of(
                ImageLocation.active(location("k")), ImageLocation.active(inSecondStore("k")))));

        Image found = repo.find(image.id()).orElseThrow();
        assertThat(found.locations()).extracting(ImageLocation::storeId).containsExactly("mem", "s2");
        assertThat(found.stores()).containsExactly("mem", "s2");
        assertThat(repo.isReferenced(location("k"))).isTrue();
        assertThat(repo.isReferenced(inSecondStore("k"))).isTrue();

        // deleting from one store: its location goes, the other stays
        Image oneLeft = repo.update(found.toBuilder().locations(List.of(ImageLocation.active(inSecondStore("k"))))
                .build());
        assertThat(repo.find(image.id())).contains(oneLeft);
        assertThat(repo.find(image.id()).orElseThrow().stores()).containsExactly("s2");
        assertThat(repo.isReferenced(location("k"))).isFalse();
        assertThat(repo.isReferenced(inSecondStore("k"))).isTrue();
    }

    // ------------------------------------------------------------------ default list, limit, marker

    @Test
    void defaultListIsNewestFirst() {
        Image a = create(next());
        Image b = create(next());
        Image c = create(next());

        assertThat(ids(query(), P1)).containsExactly(c.id(), b.id(), a.id());
    }

    @Test
    void equalCreationTimesAreOrderedById() {
        Image b = create(next().id(id(2)).createdAt(at(5)));
        Image a = create(next().id(id(1)).createdAt(at(5)));
        Image c = create(next().id(id(3)).createdAt(at(5)));

        assertThat(ids(query(), P1)).containsExactly(c.id(), b.id(), a.id());
        assertThat(ids(query().sort(SortKey.CREATED_AT, Direction.ASC), P1)).containsExactly(a.id(), b.id(), c.id());
    }

    @Test
    void limitCutsThePageAndSetsTheNextMarker() {
        Image a = create(next());
        Image b = create(next());
        Image c = create(next());

        Page<Image> first = repo.list(ImageQuery.builder().limit(2).build(), P1);
        assertThat(ids(first.items())).containsExactly(c.id(), b.id());
        assertThat(first.nextMarker()).contains(b.id());

        Page<Image> second = repo.list(ImageQuery.builder().limit(2).marker(b.id()).build(), P1);
        assertThat(ids(second.items())).containsExactly(a.id());
        assertThat(second.nextMarker()).isEmpty();
    }

    @Test
    void aPageThatEndsExactlyAtTheLastItemHasNoNextMarker() {
        create(next());
        create(next());

        Page<Image> page = repo.list(ImageQuery.builder().limit(2).build(), P1);

        assertThat(page.items()).hasSize(2);
        assertThat(page.nextMarker()).isEmpty();
    }

    @Test
    void limitZeroGivesAnEmptyPage() {
        create(next());

        Page<Image> page = repo.list(ImageQuery.builder().limit(0).build(), P1);

        assertThat(page.items()).isEmpty();
        assertThat(page.nextMarker()).isEmpty();
    }

    @Test
    void theMarkerNeedNotMatchTheFilters() {
        Image a = create(next().tags(List.of("t")));
        Image b = create(next());
        Image c = create(next().tags(List.of("t")));

        assertThat(ids(query().tag("t").marker(b.id()), P1)).containsExactly(a.id());
        assertThat(ids(query().tag("t").marker(c.id()), P1)).containsExactly(a.id());
    }

    @Test
    void anUnknownMarkerIsInvalidInput() {
        create(next());

        assertThatThrownBy(() -> repo.list(query().marker(id(999)).build(), P1))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> repo.list(query().marker("not-a-uuid").build(), ADMIN))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aSoftDeletedMarkerIsInvalidInput() {
        Image a = create(next());
        repo.update(a.toBuilder().status(ImageStatus.DELETED).updatedAt(at(100)).build());

        assertThatThrownBy(() -> repo.list(query().marker(a.id()).build(), P1))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> repo.list(query().marker(a.id()).build(), ADMIN))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aMarkerTheViewerMayNotSeeIsInvalidInput() {
        Image p2private = create(next().owner("p2"));
        Image p2shared = create(next().owner("p2").visibility(Visibility.SHARED));
        create(next());

        assertThatThrownBy(() -> repo.list(query().marker(p2private.id()).build(), P1))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> repo.list(query().marker(p2shared.id()).build(), P1))
                .isInstanceOf(InvalidInputException.class);
        // the owner and an admin may use them
        assertThat(repo.list(query().marker(p2private.id()).build(), P2).items()).isEmpty();
        assertThat(ids(query().marker(p2shared.id()), ADMIN)).containsExactly(p2private.id());
    }

    // ------------------------------------------------------------------ visibility

    /** One image of each visibility for p1, p2 and a null owner. */
    protected final class VisibilityFixture {
        Image ownPrivate;
        Image ownShared;
        Image ownPublic;
        Image ownCommunity;
        Image otherPrivate;
        Image otherShared;
        Image otherPublic;
        Image otherCommunity;
        Image nullOwnerPrivate;
        Image nullOwnerShared;

        VisibilityFixture() {
            ownPrivate = create(next().owner("p1").visibility(Visibility.PRIVATE));
            ownShared = create(next().owner("p1").visibility(Visibility.SHARED));
            ownPublic = create(next().owner("p1").visibility(Visibility.PUBLIC));
            ownCommunity = create(next().owner("p1").visibility(Visibility.COMMUNITY));
            otherPrivate = create(next().owner("p2").visibility(Visibility.PRIVATE));
            otherShared = create(next().owner("p2").visibility(Visibility.SHARED));
            otherPublic = create(next().owner("p2").visibility(Visibility.PUBLIC));
            otherCommunity = create(next().owner("p2").visibility(Visibility.COMMUNITY));
            nullOwnerPrivate = create(next().owner(null).visibility(Visibility.PRIVATE));
            nullOwnerShared = create(next().owner(null).visibility(Visibility.SHARED));
        }

    }

    private Set<String> seen(ImageQuery.Builder q, Viewer v) {
        List<String> ids = ids(q, v);
        assertThat(ids).doesNotHaveDuplicates();
        return new HashSet<>(ids);
    }

    @Test
    void theDefaultListOfAProjectHoldsItsOwnPublicAndNullOwnerImagesButNotOthersCommunity() {
        VisibilityFixture f = new VisibilityFixture();
        assertThat(seen(query(), P1)).isEqualTo(idSet(f.ownPrivate, f.ownShared, f.ownPublic, f.ownCommunity,
                f.otherPublic, f.nullOwnerPrivate, f.nullOwnerShared));
    }

    @Test
    void anotherProjectSeesTheMirrorImage() {
        VisibilityFixture f = new VisibilityFixture();
        assertThat(seen(query(), P2)).isEqualTo(idSet(f.ownPublic, f.otherPrivate, f.otherShared, f.otherPublic,
                f.otherCommunity, f.nullOwnerPrivate, f.nullOwnerShared));
    }

    @Test
    void aProjectWithNoImagesSeesPublicAndNullOwnerOnly() {
        VisibilityFixture f = new VisibilityFixture();
        assertThat(seen(query(), new Viewer("p3", false)))
                .isEqualTo(idSet(f.ownPublic, f.otherPublic, f.nullOwnerPrivate, f.nullOwnerShared));
    }

    @Test
    void communityImagesOfOthersAppearWhenAskedFor() {
        VisibilityFixture f = new VisibilityFixture();
        assertThat(seen(query().visibility(Visibility.COMMUNITY), P1)).isEqualTo(idSet(f.ownCommunity, f.otherCommunity));
        assertThat(seen(query().allVisibilities(), P1)).isEqualTo(idSet(f.ownPrivate, f.ownShared, f.ownPublic,
                f.ownCommunity, f.otherPublic, f.otherCommunity, f.nullOwnerPrivate, f.nullOwnerShared));
    }

    @Test
    void aVisibilityFilterKeepsOnlyThatVisibilityAmongWhatTheViewerMaySee() {
        VisibilityFixture f = new VisibilityFixture();
        assertThat(seen(query().visibility(Visibility.PUBLIC), P1)).isEqualTo(idSet(f.ownPublic, f.otherPublic));
        assertThat(seen(query().visibility(Visibility.PRIVATE), P1)).isEqualTo(idSet(f.ownPrivate, f.nullOwnerPrivate));
        assertThat(seen(query().visibility(Visibility.SHARED), P1)).isEqualTo(idSet(f.ownShared, f.nullOwnerShared));
    }

    @Test
    void anAdminSeesEverythingButOthersCommunityImagesByDefault() {
        VisibilityFixture f = new VisibilityFixture();
        assertThat(seen(query(), ADMIN)).isEqualTo(idSet(f.ownPrivate, f.ownShared, f.ownPublic, f.otherPrivate,
                f.otherShared, f.otherPublic, f.nullOwnerPrivate, f.nullOwnerShared));
        assertThat(seen(query().allVisibilities(), ADMIN)).isEqualTo(idSet(f.ownPrivate, f.ownShared, f.ownPublic,
                f.ownCommunity, f.otherPrivate, f.otherShared, f.otherPublic, f.otherCommunity, f.nullOwnerPrivate,
                f.nullOwnerShared));
        assertThat(seen(query().visibility(Visibility.COMMUNITY), ADMIN)).isEqualTo(idSet(f.ownCommunity, f.otherCommunity));
        assertThat(seen(query().visibility(Visibility.PRIVATE), ADMIN))
                .isEqualTo(idSet(f.ownPrivate, f.otherPrivate, f.nullOwnerPrivate));
    }

    @Test
    void anAdminSeesTheCommunityImagesOfItsOwnProject() {
        VisibilityFixture f = new VisibilityFixture();
        Image adminCommunity = create(next().owner("adm").visibility(Visibility.COMMUNITY));

        assertThat(seen(query(), ADMIN)).contains(adminCommunity.id()).doesNotContain(f.ownCommunity.id());
    }

    @Test
    void anAdminWithoutAProjectSeesEverythingButCommunityByDefault() {
        VisibilityFixture f = new VisibilityFixture();
        Viewer projectless = new Viewer(null, true);

        assertThat(seen(query(), projectless)).hasSize(8).doesNotContain(f.ownCommunity.id(), f.otherCommunity.id());
    }

    @Test
    void theOwnerFilterDoesNotWidenVisibility() {
        VisibilityFixture f = new VisibilityFixture();
        assertThat(seen(query().owner("p2"), P1)).isEqualTo(idSet(f.otherPublic));
        assertThat(seen(query().owner("p2").allVisibilities(), P1)).isEqualTo(idSet(f.otherPublic, f.otherCommunity));
        assertThat(seen(query().owner("p2"), ADMIN)).isEqualTo(idSet(f.otherPrivate, f.otherShared, f.otherPublic));
    }

    @Test
    void markersOfCommunityAndPublicImagesOfOthersAreUsable() {
        VisibilityFixture f = new VisibilityFixture();
        assertThat(ids(query().marker(f.otherCommunity.id()), P1))
                .containsExactly(f.otherPublic.id(), f.ownCommunity.id(), f.ownPublic.id(), f.ownShared.id(), f.ownPrivate.id());
        assertThat(ids(query().marker(f.otherPublic.id()), P1))
                .containsExactly(f.ownCommunity.id(), f.ownPublic.id(), f.ownShared.id(), f.ownPrivate.id());
    }

    @Test
    void nullOwnerImagesFollowTheCommunityRuleToo() {
        Image nullPublic = create(next().owner(null).visibility(Visibility.PUBLIC));
        Image nullCommunity = create(next().owner(null).visibility(Visibility.COMMUNITY));

        assertThat(ids(query(), P1)).containsExactly(nullPublic.id());
        assertThat(ids(query(), ADMIN)).containsExactly(nullPublic.id());
        assertThat(ids(query().visibility(Visibility.COMMUNITY), P1)).containsExactly(nullCommunity.id());
        assertThat(ids(query().allVisibilities(), P2)).containsExactly(nullCommunity.id(), nullPublic.id());
        assertThat(ids(query().marker(nullCommunity.id()), P2)).containsExactly(nullPublic.id());
    }

    // ------------------------------------------------------------------ killed

    @Test
    void killedImagesAreNeverListed() {
        Image killed = create(next().status(ImageStatus.KILLED).visibility(Visibility.PUBLIC));
        Image active = create(next().status(ImageStatus.ACTIVE).visibility(Visibility.PUBLIC));

        assertThat(ids(query(), P1)).containsExactly(active.id());
        assertThat(ids(query().statuses(ImageStatus.KILLED), P1)).isEmpty();
        assertThat(ids(query().statuses(ImageStatus.KILLED), ADMIN)).isEmpty();
        assertThat(ids(query().allVisibilities().ids(killed.id()), ADMIN)).isEmpty();
        assertThat(repo.find(killed.id())).isPresent();
        assertThat(repo.findByStatus(ImageStatus.KILLED, 10)).extracting(Image::id).containsExactly(killed.id());
    }

    // ------------------------------------------------------------------ filters

    @Test
    void idFilterMatchesAnyListedId() {
        Image a = create(next());
        Image b = create(next());
        create(next());

        assertThat(ids(query().ids(a.id()), P1)).containsExactly(a.id());
        assertThat(ids(query().ids(a.id(), b.id(), id(999)), P1)).containsExactly(b.id(), a.id());
        assertThat(ids(query().ids(id(999)), P1)).isEmpty();
        assertThat(ids(query().ids(List.of()), P1)).isEmpty();
    }

    @Test
    void idFilterStillAppliesVisibility() {
        Image hidden = create(next().owner("p2"));

        assertThat(ids(query().ids(hidden.id()), P1)).isEmpty();
        assertThat(ids(query().ids(hidden.id()), P2)).containsExactly(hidden.id());
    }

    @Test
    void nameFilterMatchesExactlyAndAnyInTheList() {
        Image cirros = create(next().name("cirros"));
        Image ubuntu = create(next().name("ubuntu"));
        Image unnamed = create(next().name(null));
        create(next().name("cirros-0.6"));

        assertThat(ids(query().names("cirros"), P1)).containsExactly(cirros.id());
        assertThat(ids(query().names("cirros", "ubuntu"), P1)).containsExactly(ubuntu.id(), cirros.id());
        assertThat(ids(query().names("cirr"), P1)).isEmpty();
        assertThat(ids(query().names("CIRROS"), P1)).isEmpty();
        assertThat(ids(query().names(""), P1)).isEmpty();
        assertThat(ids(query(), P1)).contains(unnamed.id());
    }

    @Test
    void namesWithCommasQuotesAndColonsMatchVerbatim() {
        Image odd = create(next().name("a, \"b\": c"));
        create(next().name("a"));

        assertThat(ids(query().names("a, \"b\": c"), P1)).containsExactly(odd.id());
    }

    @Test
    void statusFilterMatchesWireNamesAndAnUnknownNameMatchesNothing() {
        Image queued = create(next().status(ImageStatus.QUEUED));
        Image active = create(next().status(ImageStatus.ACTIVE));
        Image deactivated = create(next().status(ImageStatus.DEACTIVATED));
        Image saving = create(next().status(ImageStatus.SAVING));

        assertThat(ids(query().statuses(ImageStatus.ACTIVE), P1)).containsExactly(active.id());
        assertThat(ids(query().statuses(ImageStatus.QUEUED, ImageStatus.DEACTIVATED), P1))
                .containsExactly(deactivated.id(), queued.id());
        assertThat(ids(query().statusNames(List.of("saving")), P1)).containsExactly(saving.id());
        assertThat(ids(query().statusNames(List.of("bogus")), P1)).isEmpty();
        assertThat(ids(query().statusNames(List.of("bogus", "active")), P1)).containsExactly(active.id());
        assertThat(ids(query().statusNames(List.of("ACTIVE")), P1)).isEmpty();
        assertThat(ids(query().statuses(ImageStatus.IMPORTING), P1)).isEmpty();
    }

    @Test
    void diskAndContainerFormatFiltersMatchAnyListedValue() {
        Image rawBare = create(next().diskFormat("raw").containerFormat("bare"));
        Image qcowBare = create(next().diskFormat("qcow2").containerFormat("bare"));
        Image qcowOvf = create(next().diskFormat("qcow2").containerFormat("ovf"));
        create(next().diskFormat(null).containerFormat(null));

        assertThat(ids(query().diskFormats("qcow2"), P1)).containsExactly(qcowOvf.id(), qcowBare.id());
        assertThat(ids(query().diskFormats("raw", "iso"), P1)).containsExactly(rawBare.id());
        assertThat(ids(query().diskFormats("vmdk"), P1)).isEmpty();
        assertThat(ids(query().containerFormats("bare"), P1)).containsExactly(qcowBare.id(), rawBare.id());
        assertThat(ids(query().containerFormats("ovf", "ova"), P1)).containsExactly(qcowOvf.id());
        assertThat(ids(query().containerFormats("docker"), P1)).isEmpty();
        assertThat(ids(query().diskFormats("qcow2").containerFormats("bare"), P1)).containsExactly(qcowBare.id());
    }

    @Test
    void ownerFilterMatchesExactly() {
        Image mine = create(next().owner("p1").visibility(Visibility.PUBLIC));
        Image theirs = create(next().owner("p2").visibility(Visibility.PUBLIC));
        create(next().owner(null).visibility(Visibility.PUBLIC));

        assertThat(ids(query().owner("p1"), P1)).containsExactly(mine.id());
        assertThat(ids(query().owner("p2"), P1)).containsExactly(theirs.id());
        assertThat(ids(query().owner("p"), P1)).isEmpty();
        assertThat(ids(query().owner("p3"), ADMIN)).isEmpty();
    }

    @Test
    void tagFilterNeedsEveryTag() {
        Image ab = create(next().tags(List.of("a", "b")));
        Image a = create(next().tags(List.of("a")));
        Image abc = create(next().tags(List.of("a", "b", "c")));
        create(next());

        assertThat(ids(query().tag("a"), P1)).containsExactly(abc.id(), a.id(), ab.id());
        assertThat(ids(query().tag("a").tag("b"), P1)).containsExactly(abc.id(), ab.id());
        assertThat(ids(query().tag("c").tag("a"), P1)).containsExactly(abc.id());
        assertThat(ids(query().tag("a").tag("zzz"), P1)).isEmpty();
        assertThat(ids(query().tag("zzz"), P1)).isEmpty();
        assertThat(ids(query().tag("A"), P1)).isEmpty();
    }

    @Test
    void aRareTagAmongManyImagesIsFoundInOrder() {
        List<String> tagged = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Image image = create(next().tags(i % 100 == 7 ? List.of("rare", "common") : List.of("common")));
            if (i % 100 == 7) {
                tagged.add(0, image.id());
            }
        }

        assertThat(ids(query().tag("rare"), P1)).containsExactlyElementsOf(tagged);
        assertThat(walk(query().tag("rare"), P1, 1)).containsExactlyElementsOf(tagged);
        assertThat(ids(query().tag("common").tag("rare"), P1)).containsExactlyElementsOf(tagged);
        assertThat(repo.list(ImageQuery.builder().tag("common").limit(10).build(), P1).items()).hasSize(10);
    }

    @Test
    void sizeRangeIsInclusiveAndExcludesImagesWithoutSize() {
        Image s10 = create(next().size(10L));
        Image s20 = create(next().size(20L));
        Image s30 = create(next().size(30L));
        create(next().size(null));
        Image big = create(next().size(5_000_000_000L));

        assertThat(ids(query().sizeMin(20L), P1)).containsExactly(big.id(), s30.id(), s20.id());
        assertThat(ids(query().sizeMax(20L), P1)).containsExactly(s20.id(), s10.id());
        assertThat(ids(query().sizeMin(11L).sizeMax(30L), P1)).containsExactly(s30.id(), s20.id());
        assertThat(ids(query().sizeMin(20L).sizeMax(20L), P1)).containsExactly(s20.id());
        assertThat(ids(query().sizeMin(31L).sizeMax(40L), P1)).isEmpty();
        assertThat(ids(query().sizeMin(4_000_000_000L), P1)).containsExactly(big.id());
        assertThat(ids(query().sizeMin(0L), P1)).hasSize(4);
    }

    @Test
    void protectedFilter() {
        Image prot = create(next().isProtected(true));
        Image open = create(next().isProtected(false));

        assertThat(ids(query().isProtected(true), P1)).containsExactly(prot.id());
        assertThat(ids(query().isProtected(false), P1)).containsExactly(open.id());
        assertThat(ids(query().isProtected(null), P1)).containsExactly(open.id(), prot.id());
    }

    @Test
    void hiddenImagesAreLeftOutByDefaultAndOsHiddenTrueGivesOnlyThem() {
        Image hidden = create(next().osHidden(true));
        Image shown = create(next().osHidden(false));

        assertThat(ids(query(), P1)).containsExactly(shown.id());
        assertThat(ids(query().osHidden(false), P1)).containsExactly(shown.id());
        assertThat(ids(query().osHidden(true), P1)).containsExactly(hidden.id());
        assertThat(ids(query(), ADMIN)).containsExactly(shown.id());
        assertThat(repo.find(hidden.id())).isPresent();
    }

    @Test
    void createdAtFilterTakesEveryOperator() {
        Image a = create(next().createdAt(at(1)).updatedAt(at(100)));
        Image b = create(next().createdAt(at(2)).updatedAt(at(100)));
        Image c = create(next().createdAt(at(3)).updatedAt(at(100)));

        assertThat(ids(query().createdAt(TimeOp.GT, at(2)), P1)).containsExactly(c.id());
        assertThat(ids(query().createdAt(TimeOp.GTE, at(2)), P1)).containsExactly(c.id(), b.id());
        assertThat(ids(query().createdAt(TimeOp.EQ, at(2)), P1)).containsExactly(b.id());
        assertThat(ids(query().createdAt(TimeOp.NEQ, at(2)), P1)).containsExactly(c.id(), a.id());
        assertThat(ids(query().createdAt(TimeOp.LT, at(2)), P1)).containsExactly(a.id());
        assertThat(ids(query().createdAt(TimeOp.LTE, at(2)), P1)).containsExactly(b.id(), a.id());
        assertThat(ids(query().createdAt(TimeOp.GT, at(3)), P1)).isEmpty();
        assertThat(ids(query().createdAt(TimeOp.EQ, at(2).plusMillis(1)), P1)).isEmpty();
        assertThat(ids(query().createdAt(TimeOp.GT, at(1)).createdAt(TimeOp.LT, at(3)), P1)).containsExactly(b.id());
    }

    @Test
    void updatedAtFilterTakesEveryOperator() {
        Image a = create(next().createdAt(at(1)).updatedAt(at(30)));
        Image b = create(next().createdAt(at(2)).updatedAt(at(20)));
        Image c = create(next().createdAt(at(3)).updatedAt(at(10)));

        assertThat(ids(query().updatedAt(TimeOp.GT, at(20)), P1)).containsExactly(a.id());
        assertThat(ids(query().updatedAt(TimeOp.GTE, at(20)), P1)).containsExactly(b.id(), a.id());
        assertThat(ids(query().updatedAt(TimeOp.EQ, at(20)), P1)).containsExactly(b.id());
        assertThat(ids(query().updatedAt(TimeOp.NEQ, at(20)), P1)).containsExactly(c.id(), a.id());
        assertThat(ids(query().updatedAt(TimeOp.LT, at(20)), P1)).containsExactly(c.id());
        assertThat(ids(query().updatedAt(TimeOp.LTE, at(20)), P1)).containsExactly(c.id(), b.id());
        assertThat(ids(query().updatedAt(TimeOp.LT, at(10)), P1)).isEmpty();
        assertThat(ids(query().updatedAt(TimeOp.GTE, at(10)).updatedAt(TimeOp.NEQ, at(30)), P1))
                .containsExactly(c.id(), b.id());
    }

    @Test
    void timeFiltersSeeUpdates() {
        Image a = create(next().createdAt(at(1)).updatedAt(at(1)));

        repo.update(a.toBuilder().updatedAt(at(50)).build());

        assertThat(ids(query().updatedAt(TimeOp.EQ, at(1)), P1)).isEmpty();
        assertThat(ids(query().updatedAt(TimeOp.EQ, at(50)), P1)).containsExactly(a.id());
    }

    @Test
    void propertyFiltersMatchExactlyAndAll() {
        Image ubuntu = create(next().property("os_distro", "ubuntu").property("hw_disk_bus", "virtio"));
        Image ubuntuScsi = create(next().property("os_distro", "ubuntu").property("hw_disk_bus", "scsi"));
        create(next().property("os_distro", "fedora"));
        create(next());

        assertThat(ids(query().property("os_distro", "ubuntu"), P1)).containsExactly(ubuntuScsi.id(), ubuntu.id());
        assertThat(ids(query().property("os_distro", "ubuntu").property("hw_disk_bus", "virtio"), P1))
                .containsExactly(ubuntu.id());
        assertThat(ids(query().property("os_distro", "Ubuntu"), P1)).isEmpty();
        assertThat(ids(query().property("os_distro", "ubu"), P1)).isEmpty();
        assertThat(ids(query().property("missing_key", "ubuntu"), P1)).isEmpty();
        assertThat(ids(query().property("hw_disk_bus", "virtio").property("os_distro", "fedora"), P1)).isEmpty();
    }

    @Test
    void aPropertyFilterDoesNotMatchABaseAttribute() {
        create(next().name("n1").diskFormat("raw"));

        assertThat(ids(query().property("name", "n1"), P1)).isEmpty();
        assertThat(ids(query().property("disk_format", "raw"), P1)).isEmpty();
    }

    @Test
    void checksumAndHashFiltersMatchExactly() {
        Image a = create(next().checksum("aaaa").osHashAlgo("sha512").osHashValue("1111"));
        Image b = create(next().checksum("bbbb").osHashAlgo("sha512").osHashValue("2222"));
        create(next());

        assertThat(ids(query().checksum("aaaa"), P1)).containsExactly(a.id());
        assertThat(ids(query().checksum("aaa"), P1)).isEmpty();
        assertThat(ids(query().osHashValue("2222"), P1)).containsExactly(b.id());
        assertThat(ids(query().osHashValue("1111").checksum("bbbb"), P1)).isEmpty();
        assertThat(ids(query().osHashValue("9999"), P1)).isEmpty();
    }

    @Test
    void everyFilterTogether() {
        Image match = create(next().name("n").status(ImageStatus.ACTIVE).diskFormat("raw").containerFormat("bare")
                .owner("p1").visibility(Visibility.PUBLIC).tags(List.of("t1", "t2")).size(100L).isProtected(true)
                .osHidden(true).checksum("c").osHashValue("h").property("k", "v").createdAt(at(10)).updatedAt(at(20)));
        create(match.toBuilder().id(id(900)).property("k", "other"));

        ImageQuery.Builder q = query().names("n").statuses(ImageStatus.ACTIVE).diskFormats("raw")
                .containerFormats("bare").owner("p1").visibility(Visibility.PUBLIC).tag("t1").tag("t2")
                .sizeMin(100L).sizeMax(100L).isProtected(true).osHidden(true).checksum("c").osHashValue("h")
                .property("k", "v").createdAt(TimeOp.EQ, at(10)).updatedAt(TimeOp.EQ, at(20)).ids(match.id(), id(900));

        assertThat(ids(q, P2)).containsExactly(match.id());
        assertThat(ids(q.isProtected(false), P2)).isEmpty();
    }

    // ------------------------------------------------------------------ sorting

    @Test
    void sortByNameAscendingPutsNullsFirstAndBreaksTiesByCreatedAtThenIdAscending() {
        Image b1 = create(next().name("b").createdAt(at(5)));
        Image a = create(next().name("a").createdAt(at(1)));
        Image nul = create(next().name(null).createdAt(at(2)));
        Image b0 = create(next().id(id(50)).name("b").createdAt(at(5)));
        Image bEarly = create(next().name("b").createdAt(at(3)));

        assertThat(ids(query().sort(SortKey.NAME, Direction.ASC), P1))
                .containsExactly(nul.id(), a.id(), bEarly.id(), b1.id(), b0.id());
    }

    @Test
    void sortByNameDescendingPutsNullsLastAndBreaksTiesDescending() {
        Image b1 = create(next().name("b").createdAt(at(5)));
        Image a = create(next().name("a").createdAt(at(1)));
        Image nul = create(next().name(null).createdAt(at(2)));
        Image b0 = create(next().id(id(50)).name("b").createdAt(at(5)));
        Image bEarly = create(next().name("b").createdAt(at(3)));

        assertThat(ids(query().sort(SortKey.NAME, Direction.DESC), P1))
                .containsExactly(b0.id(), b1.id(), bEarly.id(), a.id(), nul.id());
    }

    @Test
    void sortBySizeWithNulls() {
        Image s2 = create(next().size(2L));
        Image none = create(next().size(null));
        Image s1 = create(next().size(1L));
        Image big = create(next().size(3_000_000_000L));

        assertThat(ids(query().sort(SortKey.SIZE, Direction.ASC), P1)).containsExactly(none.id(), s1.id(), s2.id(), big.id());
        assertThat(ids(query().sort(SortKey.SIZE, Direction.DESC), P1)).containsExactly(big.id(), s2.id(), s1.id(), none.id());
    }

    @Test
    void multiKeySortAppliesEachDirectionAndTheLastDirectionToTieBreakers() {
        Image rawBig = create(next().diskFormat("raw").size(20L).createdAt(at(1)));
        Image rawSmallOld = create(next().diskFormat("raw").size(10L).createdAt(at(2)));
        Image rawSmallNew = create(next().diskFormat("raw").size(10L).createdAt(at(3)));
        Image qcow = create(next().diskFormat("qcow2").size(5L).createdAt(at(4)));
        Image noFormat = create(next().diskFormat(null).size(1L).createdAt(at(5)));

        assertThat(ids(query().sort(SortKey.DISK_FORMAT, Direction.DESC).sort(SortKey.SIZE, Direction.ASC), P1))
                .containsExactly(rawSmallOld.id(), rawSmallNew.id(), rawBig.id(), qcow.id(), noFormat.id());
        assertThat(ids(query().sort(SortKey.DISK_FORMAT, Direction.ASC).sort(SortKey.SIZE, Direction.DESC), P1))
                .containsExactly(noFormat.id(), qcow.id(), rawBig.id(), rawSmallNew.id(), rawSmallOld.id());
    }

    @Test
    void sortByStatusUsesTheWireName() {
        Image queued = create(next().status(ImageStatus.QUEUED));
        Image active = create(next().status(ImageStatus.ACTIVE));
        Image deactivated = create(next().status(ImageStatus.DEACTIVATED));
        Image saving = create(next().status(ImageStatus.SAVING));

        assertThat(ids(query().sort(SortKey.STATUS, Direction.ASC), P1))
                .containsExactly(active.id(), deactivated.id(), queued.id(), saving.id());
    }

    @Test
    void sortByContainerFormatIdAndUpdatedAt() {
        Image ovf = create(next().id(id(3)).containerFormat("ovf").updatedAt(at(30)));
        Image bare = create(next().id(id(1)).containerFormat("bare").updatedAt(at(10)));
        Image ami = create(next().id(id(2)).containerFormat("ami").updatedAt(at(20)));

        assertThat(ids(query().sort(SortKey.CONTAINER_FORMAT, Direction.ASC), P1))
                .containsExactly(ami.id(), bare.id(), ovf.id());
        assertThat(ids(query().sort(SortKey.ID, Direction.DESC), P1)).containsExactly(ovf.id(), ami.id(), bare.id());
        assertThat(ids(query().sort(SortKey.UPDATED_AT, Direction.ASC), P1)).containsExactly(bare.id(), ami.id(), ovf.id());
    }

    @Test
    void explicitTieBreakerKeysKeepTheirOwnDirection() {
        Image a = create(next().id(id(1)).createdAt(at(5)));
        Image b = create(next().id(id(2)).createdAt(at(5)));
        Image c = create(next().id(id(3)).createdAt(at(1)));

        assertThat(ids(query().sort(SortKey.CREATED_AT, Direction.DESC).sort(SortKey.ID, Direction.ASC), P1))
                .containsExactly(a.id(), b.id(), c.id());
        assertThat(walk(query().sort(SortKey.CREATED_AT, Direction.DESC).sort(SortKey.ID, Direction.ASC), P1, 1))
                .containsExactly(a.id(), b.id(), c.id());
    }

    @Test
    void aChangedCreationTimeMovesTheImageWithoutDuplicates() {
        Image a = create(next());
        Image b = create(next());
        Image c = create(next());

        repo.update(a.toBuilder().createdAt(at(100)).build());

        assertThat(ids(query(), P1)).containsExactly(a.id(), c.id(), b.id());
        assertThat(walk(query(), P1, 1)).containsExactly(a.id(), c.id(), b.id());
    }

    @Test
    void concurrentCreatesAreAllListedOnce() throws Exception {
        int threads = 4;
        int perThread = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = 1000 + t * perThread;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        int n = base + i;
                        repo.create(Image.builder().id(id(n)).status(ImageStatus.QUEUED).visibility(Visibility.PUBLIC)
                                .owner("p1").createdAt(at(n)).updatedAt(at(n)).tags(List.of("t" + (n % 3))).version(1)
                                .build());
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> all = walk(query(), P2, 17);

        assertThat(all).hasSize(threads * perThread).doesNotHaveDuplicates();
        assertThat(walk(query().tag("t1"), P2, 7)).hasSize((int) all.stream()
                .filter(i -> Integer.parseInt(i.substring(24)) % 3 == 1).count());
    }

    // ------------------------------------------------------------------ pagination walks

    @Test
    void walkingEveryPageGivesTheWholeOrderedListForEverySort() {
        // few distinct values per key so tie-breakers matter; nulls included
        String[] names = {"alpha", "beta", null, "gamma"};
        String[] disks = {"raw", "qcow2", null};
        Long[] sizes = {10L, null, 30L, 20L, 10L};
        for (int i = 0; i < 23; i++) {
            int createdAt = i % 7; // equal creation times
            create(next().id(id(100 + (i * 7) % 23)).name(names[i % names.length]).diskFormat(disks[i % disks.length])
                    .containerFormat(i % 2 == 0 ? "bare" : "ovf").size(sizes[i % sizes.length])
                    .status(i % 3 == 0 ? ImageStatus.ACTIVE : ImageStatus.QUEUED)
                    .createdAt(at(createdAt)).updatedAt(at(100 - i % 5)).visibility(Visibility.PUBLIC)
                    .tags(i % 2 == 0 ? List.of("even") : List.of("odd")));
        }
        List<List<SortOrder>> sorts = List.of(
                List.of(),
                List.of(new SortOrder(SortKey.CREATED_AT, Direction.ASC)),
                List.of(new SortOrder(SortKey.NAME, Direction.ASC)),
                List.of(new SortOrder(SortKey.NAME, Direction.DESC)),
                List.of(new SortOrder(SortKey.SIZE, Direction.ASC), new SortOrder(SortKey.NAME, Direction.DESC)),
                List.of(new SortOrder(SortKey.DISK_FORMAT, Direction.DESC), new SortOrder(SortKey.SIZE, Direction.ASC)),
                List.of(new SortOrder(SortKey.STATUS, Direction.ASC), new SortOrder(SortKey.UPDATED_AT, Direction.DESC)),
                List.of(new SortOrder(SortKey.CONTAINER_FORMAT, Direction.ASC), new SortOrder(SortKey.ID, Direction.DESC)),
                List.of(new SortOrder(SortKey.UPDATED_AT, Direction.ASC)),
                List.of(new SortOrder(SortKey.ID, Direction.ASC)));
        for (List<SortOrder> sort : sorts) {
            for (boolean tagged : new boolean[] {false, true}) {
                ImageQuery.Builder q = ImageQuery.builder();
                sort.forEach(s -> q.sort(s.key(), s.direction()));
                if (tagged) {
                    q.tag("even");
                }
                List<Image> full = repo.list(q.limit(1000).build(), P2).items();
                assertThat(full).as("full list for %s tagged=%s", sort, tagged).hasSize(tagged ? 12 : 23);
                assertThat(full).as("order for %s", sort).isSortedAccordingTo(reference(sort));
                for (int pageSize : new int[] {1, 2, 5, 22, 23}) {
                    assertThat(walk(q, P2, pageSize)).as("walk %s tagged=%s pages of %d", sort, tagged, pageSize)
                            .containsExactlyElementsOf(ids(full));
                }
            }
        }
    }

    /**
     * The order the contract expects: the keys, then created_at and id in the direction of the last key; nulls
     * first ascending, last descending.
     */
    protected static Comparator<Image> reference(List<SortOrder> sort) {
        List<SortOrder> keys = new ArrayList<>(sort.isEmpty() ? ImageQuery.DEFAULT_SORT : sort);
        Direction last = keys.get(keys.size() - 1).direction();
        keys.add(new SortOrder(SortKey.CREATED_AT, last));
        keys.add(new SortOrder(SortKey.ID, last));
        Comparator<Image> c = (a, b) -> 0;
        for (SortOrder s : keys) {
            Comparator<Image> k;
            switch (s.key()) {
                case NAME: k = Comparator.comparing(Image::name, Comparator.nullsFirst(Comparator.naturalOrder())); break;
                case STATUS: k = Comparator.comparing(i -> i.status().wireName()); break;
                case CONTAINER_FORMAT:
                    k = Comparator.comparing(Image::containerFormat, Comparator.nullsFirst(Comparator.naturalOrder()));
                    break;
                case DISK_FORMAT:
                    k = Comparator.comparing(Image::diskFormat, Comparator.nullsFirst(Comparator.naturalOrder()));
                    break;
                case SIZE: k = Comparator.comparing(Image::size, Comparator.nullsFirst(Comparator.naturalOrder())); break;
                case ID: k = Comparator.comparing(Image::id); break;
                case CREATED_AT: k = Comparator.comparing(Image::createdAt); break;
                default: k = Comparator.comparing(Image::updatedAt); break;
            }
            c = c.thenComparing(s.direction() == Direction.ASC ? k : k.reversed());
        }
        return c;
    }

    // ------------------------------------------------------------------ members, usage, pending delete (issue 4)

    private static ImageMember member(String imageId, String memberId, MemberStatus status, int second) {
        return new ImageMember(imageId, memberId, status, at(second), at(second));
    }

    @Test
    void membersAreAddedFoundListedUpdatedAndRemoved() {
        Image img = create(b -> b.visibility(Visibility.SHARED));
        assertThat(repo.listMembers(img.id())).isEmpty();
        assertThat(repo.findMember(img.id(), "p2")).isEmpty();
        repo.addMember(member(img.id(), "p3", MemberStatus.PENDING, 100));
        repo.addMember(member(img.id(), "p2", MemberStatus.PENDING, 101));
        assertThat(repo.listMembers(img.id())).extracting(ImageMember::memberId).containsExactly("p2", "p3");
        ImageMember found = repo.findMember(img.id(), "p2").orElseThrow();
        assertThat(found).isEqualTo(member(img.id(), "p2", MemberStatus.PENDING, 101));
        ImageMember accepted = repo.updateMember(found.withStatus(MemberStatus.ACCEPTED, at(200)));
        assertThat(accepted.status()).isEqualTo(MemberStatus.ACCEPTED);
        assertThat(repo.findMember(img.id(), "p2").orElseThrow())
                .isEqualTo(new ImageMember(img.id(), "p2", MemberStatus.ACCEPTED, at(101), at(200)));
        assertThat(repo.removeMember(img.id(), "p2")).isTrue();
        assertThat(repo.removeMember(img.id(), "p2")).isFalse();
        assertThat(repo.listMembers(img.id())).extracting(ImageMember::memberId).containsExactly("p3");
        // another image's members are its own
        Image other = create(b -> b.visibility(Visibility.SHARED));
        assertThat(repo.listMembers(other.id())).isEmpty();
        assertThat(repo.findMember(other.id(), "p3")).isEmpty();
    }

    @Test
    void aDuplicateMemberIsAConflictAndAnAbsentOneNotFound() {
        Image img = create(b -> b.visibility(Visibility.SHARED));
        repo.addMember(member(img.id(), "p2", MemberStatus.PENDING, 100));
        assertThatThrownBy(() -> repo.addMember(member(img.id(), "p2", MemberStatus.ACCEPTED, 101)))
                .isInstanceOf(ConflictException.class);
        assertThat(repo.findMember(img.id(), "p2").orElseThrow().status()).isEqualTo(MemberStatus.PENDING);
        assertThatThrownBy(() -> repo.updateMember(member(img.id(), "p9", MemberStatus.ACCEPTED, 102)))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> repo.addMember(member(id(999), "p2", MemberStatus.PENDING, 100)))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void sharedImagesAreListedForMembersWhoseStatusIsAsked() {
        Image shared = create(b -> b.visibility(Visibility.SHARED));
        Image priv = create(b -> b.visibility(Visibility.PRIVATE));
        repo.addMember(member(shared.id(), "p2", MemberStatus.PENDING, 100));
        repo.addMember(member(priv.id(), "p2", MemberStatus.ACCEPTED, 100)); // left over: grants nothing
        assertThat(ids(query(), P2)).isEmpty(); // default member_status is accepted
        assertThat(ids(query().memberStatus(MemberStatus.PENDING), P2)).containsExactly(shared.id());
        assertThat(ids(query().allMemberStatuses(), P2)).containsExactly(shared.id());
        repo.updateMember(member(shared.id(), "p2", MemberStatus.ACCEPTED, 101));
        assertThat(ids(query(), P2)).containsExactly(shared.id());
        assertThat(ids(query().memberStatus(MemberStatus.PENDING), P2)).isEmpty();
        assertThat(ids(query().visibility(Visibility.SHARED), P2)).containsExactly(shared.id());
        assertThat(ids(query().visibility(Visibility.PRIVATE), P2)).isEmpty();
        repo.updateMember(member(shared.id(), "p2", MemberStatus.REJECTED, 102));
        assertThat(ids(query(), P2)).isEmpty();
        assertThat(ids(query().memberStatus(MemberStatus.REJECTED), P2)).containsExactly(shared.id());
        // a member's marker works; a non-member's does not
        repo.updateMember(member(shared.id(), "p2", MemberStatus.ACCEPTED, 103));
        assertThat(ids(query().marker(shared.id()), P2)).isEmpty();
        assertThatThrownBy(() -> repo.list(query().marker(shared.id()).build(), new Viewer("p3", false)))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> repo.list(query().marker(priv.id()).build(), P2))
                .isInstanceOf(InvalidInputException.class);
        // the owner and admins are not affected by member_status
        assertThat(ids(query().memberStatus(MemberStatus.PENDING), P1)).containsExactlyInAnyOrder(shared.id(), priv.id());
        assertThat(ids(query().memberStatus(MemberStatus.REJECTED), ADMIN)).containsExactlyInAnyOrder(shared.id(),
                priv.id());
        repo.removeMember(shared.id(), "p2");
        assertThat(ids(query().allMemberStatuses(), P2)).isEmpty();
    }

    @Test
    void duplicatesAreConflictsThatAreNotVersionConflictsAndChangeNothing() {
        Image img = create(b -> b.visibility(Visibility.SHARED).name("first"));
        repo.addMember(member(img.id(), "p2", MemberStatus.PENDING, 100));

        assertThatThrownBy(() -> repo.create(img.toBuilder().name("second").build()))
                .isInstanceOf(ConflictException.class).isNotInstanceOf(VersionConflictException.class);
        assertThatThrownBy(() -> repo.createIfBelow(img.toBuilder().name("second").build(), 100))
                .isInstanceOf(ConflictException.class).isNotInstanceOf(VersionConflictException.class);
        assertThatThrownBy(() -> repo.addMember(member(img.id(), "p2", MemberStatus.ACCEPTED, 101)))
                .isInstanceOf(ConflictException.class).isNotInstanceOf(VersionConflictException.class);
        assertThat(repo.find(img.id()).orElseThrow()).isEqualTo(img);
        assertThat(repo.listMembers(img.id())).containsExactly(member(img.id(), "p2", MemberStatus.PENDING, 100));
        assertThat(repo.usage("p1").imageCount()).isEqualTo(1);
    }

    @Test
    void membersOfAPurgedImageGoWithIt() {
        Image img = create(b -> b.visibility(Visibility.SHARED));
        repo.addMember(member(img.id(), "p2", MemberStatus.ACCEPTED, 100));
        repo.update(img.toBuilder().status(ImageStatus.DELETED).updatedAt(at(100)).build());

        assertThat(repo.purgeDeleted(at(101), 10)).isEqualTo(1);
        assertThat(repo.listMembers(img.id())).isEmpty();
        assertThat(repo.findMember(img.id(), "p2")).isEmpty();
    }

    @Test
    void usageCountsLiveImagesTheirBytesAndUploads() {
        create(b -> b.status(ImageStatus.ACTIVE).size(100L));
        create(b -> b.status(ImageStatus.ACTIVE).size(50L));
        create(b -> b.status(ImageStatus.SAVING));
        create(b -> b.status(ImageStatus.QUEUED));
        create(b -> b.status(ImageStatus.KILLED).size(7L));
        create(b -> b.status(ImageStatus.DELETED).size(1000L));
        create(b -> b.status(ImageStatus.PENDING_DELETE).size(1000L));
        create(b -> b.owner("p2").status(ImageStatus.ACTIVE).size(9L));
        assertThat(repo.usage("p1")).isEqualTo(new OwnerUsage(4, 150, 1));
        assertThat(repo.usage("p2")).isEqualTo(new OwnerUsage(1, 9, 0));
        assertThat(repo.usage("nobody")).isEqualTo(new OwnerUsage(0, 0, 0));
    }

    @Test
    void createIfBelowCreatesOnlyUnderTheLimitCountingAsUsageDoes() {
        create(b -> b.status(ImageStatus.ACTIVE).size(100L));
        create(b -> b.status(ImageStatus.QUEUED));
        create(b -> b.status(ImageStatus.KILLED)); // not counted, as in usage()
        create(b -> b.status(ImageStatus.DELETED));
        create(b -> b.owner("p2").status(ImageStatus.QUEUED));
        Image third = next().build();
        assertThat(repo.createIfBelow(third, 2)).isEqualTo(2);
        assertThat(repo.find(third.id())).isEmpty();
        assertThat(repo.createIfBelow(third, 3)).isEqualTo(2);
        assertThat(repo.find(third.id())).contains(third);
        assertThat(repo.usage("p1").imageCount()).isEqualTo(3);
        // the same id again is a conflict, whatever the limit
        assertThatThrownBy(() -> repo.createIfBelow(third, 100)).isInstanceOf(ConflictException.class);
        assertThat(repo.usage("p1").imageCount()).isEqualTo(3);
        // another owner's count is its own
        Image other = next().owner("p2").build();
        assertThat(repo.createIfBelow(other, 2)).isEqualTo(1);
        assertThat(repo.find(other.id())).contains(other);
    }

    @Test
    void findPendingDeleteSeesOnlyPendingDeleteRows() {
        Image pending = create(b -> b.status(ImageStatus.ACTIVE).size(1L));
        Image live = create(b -> b.status(ImageStatus.ACTIVE).size(1L));
        Image moved = repo.update(pending.toBuilder().status(ImageStatus.PENDING_DELETE).updatedAt(at(100)).build());
        assertThat(repo.find(pending.id())).isEmpty();
        assertThat(repo.findPendingDelete(pending.id())).contains(moved);
        assertThat(repo.findPendingDelete(live.id())).isEmpty();
        assertThat(repo.findPendingDelete(id(999))).isEmpty();
        Image restored = repo.update(moved.toBuilder().status(ImageStatus.ACTIVE).updatedAt(at(101)).build());
        assertThat(repo.find(pending.id())).contains(restored);
        assertThat(repo.findPendingDelete(pending.id())).isEmpty();
    }
}
