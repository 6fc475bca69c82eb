package dev.imagecatalog.metadata.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.error.CatalogConfigurationException;
import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.image.ImageLocation;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageQuery;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.LocationStatus;
import dev.imagecatalog.image.Page;
import dev.imagecatalog.image.SortKey;
import dev.imagecatalog.image.SortOrder.Direction;
import dev.imagecatalog.image.SortOrder;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.image.TimeOp;
import dev.imagecatalog.image.Visibility;
import dev.imagecatalog.spi.MetadataRepository;
import dev.imagecatalog.spi.Viewer;
import dev.imagecatalog.task.Task;
import dev.imagecatalog.task.TaskType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * SQL-specific behaviour of the jdbc repository, run on every database kind: schema migration, concurrency,
 * keyset pagination against an order computed in Java, injection attempts, purge batches, the cache.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcRepositorySqlTest {
    private static final Viewer ADMIN = new Viewer(null, true);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123456789Z");

    private TestDatabase db;
    private MetadataRepository repo;

    abstract TestDatabase.Kind kind();

    @BeforeAll
    void createDatabase() {
        db = TestDatabase.create(kind());
    }

    @AfterAll
    void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @BeforeEach
    void open() {
        repo = db.open();
        db.sql("DELETE FROM images");
    }

    @AfterEach
    void closeRepo() {
        repo.close();
    }

    private static Image.Builder image(String owner) {
        return Image.builder().id(UUID.randomUUID().toString()).owner(owner).createdAt(T0).updatedAt(T0).version(1);
    }

    @Test
    void storesEveryFieldExactly() {
        Image img = image("p1").name("ubuntu").status(ImageStatus.ACTIVE).visibility(Visibility.PRIVATE)
                .isProtected(true).osHidden(true).checksum("c".repeat(32)).osHashAlgo("sha512")
                .osHashValue("a".repeat(128)).size(123L).virtualSize(456L).diskFormat("qcow2").containerFormat("bare")
                .minDisk(2).minRam(512).tags(List.of("b", "a")).property("os_distro", "ubuntu")
                .property("long", "x".repeat(5000))
                .locations(List.of(ImageLocation.active(new StoreLocation("filesystem", "local", "ab/abc")), ImageLocation.active(new StoreLocation("s3", "s", "k"))))
                .createdAt(T0).updatedAt(T0.plusNanos(1)).build();
        repo.create(img);
        assertThat(repo.find(img.id())).contains(img);
        assertThat(repo.find("nope")).isEmpty();
        assertThat(repo.isReferenced(new StoreLocation("s3", "s", "k"))).isTrue();
        assertThat(repo.isReferenced(new StoreLocation("s3", "s", "other"))).isFalse();
    }

    @Test
    void duplicateIdIsConflictEvenWhenSoftDeleted() {
        Image img = image("p1").build();
        repo.create(img);
        assertThatThrownBy(() -> repo.create(img)).isInstanceOf(ConflictException.class).hasMessageContaining(img.id());
        repo.update(img.toBuilder().status(ImageStatus.DELETED).build());
        assertThatThrownBy(() -> repo.create(img)).isInstanceOf(ConflictException.class);
    }

    @Test
    void updateIsCompareAndSetAndReplacesChildren() {
        Image img = image("p1").tags(List.of("a", "b")).property("k", "v").build();
        repo.create(img);
        Image v2 = repo.update(img.toBuilder().tags(List.of("c")).properties(Map.of("k2", "v2")).name("n").build());
        assertThat(v2.version()).isEqualTo(2);
        assertThat(repo.find(img.id())).contains(v2);
        assertThatThrownBy(() -> repo.update(img.toBuilder().name("stale").build()))
                .isInstanceOf(ConflictException.class);
        assertThat(repo.find(img.id()).orElseThrow().name()).isEqualTo("n");
        assertThatThrownBy(() -> repo.update(image("p1").build())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void concurrentReadModifyWriteLosesNothing() throws Exception {
        Image img = image("p1").build();
        repo.create(img);
        int writers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> conflicts = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String tag = "t" + w;
                conflicts.add(pool.submit(() -> {
                    start.await();
                    int lost = 0;
                    while (true) {
                        Image cur = repo.find(img.id()).orElseThrow();
                        try {
                            repo.update(cur.toBuilder().addTag(tag).build());
                            return lost;
                        } catch (ConflictException e) {
                            lost++;
                        }
                    }
                }));
            }
            start.countDown();
            for (Future<Integer> f : conflicts) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        Image fin = repo.find(img.id()).orElseThrow();
        assertThat(fin.tags()).containsExactlyInAnyOrder("t0", "t1", "t2", "t3", "t4", "t5");
        assertThat(fin.version()).isEqualTo(1 + writers);
    }

    @Test
    void softDeleteHidesAndPurgeRemovesInBatches() {
        List<Image> deleted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Image img = image("p1").locations(List.of(ImageLocation.active(new StoreLocation("memory", "m", "k" + i)))).build();
            repo.create(img);
            deleted.add(repo.update(img.toBuilder().status(ImageStatus.DELETED).updatedAt(T0.plusSeconds(i)).build()));
        }
        Image pending = image("p1").status(ImageStatus.ACTIVE).build();
        repo.create(pending);
        Image pd = repo.update(pending.toBuilder().status(ImageStatus.PENDING_DELETE).updatedAt(T0.plusSeconds(100)).build());
        Image live = image("p1").build();
        repo.create(live);

        assertThat(repo.find(deleted.get(0).id())).isEmpty();
        assertThat(repo.find(pd.id())).isEmpty();
        assertThat(repo.list(ImageQuery.builder().limit(100).build(), ADMIN).items()).extracting(Image::id)
                .containsExactly(live.id());
        assertThat(repo.findByStatus(ImageStatus.DELETED, 10)).extracting(Image::id)
                .containsExactlyElementsOf(deleted.stream().map(Image::id).collect(Collectors.toList()));
        assertThat(repo.findByStatus(ImageStatus.PENDING_DELETE, 10)).extracting(Image::id).containsExactly(pd.id());
        assertThat(repo.isReferenced(new StoreLocation("memory", "m", "k0"))).isTrue();

        // pending_delete -> active restores the row
        Image restored = repo.update(pd.toBuilder().status(ImageStatus.ACTIVE).updatedAt(T0.plusSeconds(101)).build());
        assertThat(repo.find(pd.id())).contains(restored);

        Instant cutoff = T0.plusSeconds(3).plusNanos(1); // deleted at T0+0..3 qualify, T0+4 not
        assertThat(repo.purgeDeleted(cutoff, 3)).isEqualTo(3);
        assertThat(repo.purgeDeleted(cutoff, 3)).isEqualTo(1);
        assertThat(repo.purgeDeleted(cutoff, 3)).isZero();
        assertThat(repo.findByStatus(ImageStatus.DELETED, 10)).extracting(Image::id).containsExactly(deleted.get(4).id());
        assertThat(repo.isReferenced(new StoreLocation("memory", "m", "k0"))).isFalse();
        assertThat(repo.isReferenced(new StoreLocation("memory", "m", "k4"))).isTrue();
        assertThat(repo.find(live.id())).isPresent();
        assertThat(repo.find(restored.id())).isPresent();
        assertThatThrownBy(() -> repo.purgeDeleted(cutoff, 0)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void filtersRunInSql() {
        Image a = create(image("p1").name("alpha").status(ImageStatus.ACTIVE).visibility(Visibility.PUBLIC).size(10L)
                .diskFormat("qcow2").tags(List.of("x", "y")).property("os", "linux").checksum("c1"));
        Image b = create(image("p1").name("beta").status(ImageStatus.QUEUED).size(20L).diskFormat("raw")
                .tags(List.of("x")).property("os", "windows").isProtected(true).createdAt(T0.plusSeconds(5)));
        Image c = create(image("p2").name("gamma").status(ImageStatus.ACTIVE).visibility(Visibility.PRIVATE)
                .size(30L).osHidden(true).tags(List.of("x", "y", "z")).createdAt(T0.plusSeconds(10)));
        create(image("p1").name("killed").status(ImageStatus.KILLED));

        assertThat(ids(ImageQuery.builder().names("alpha", "gamma").osHidden(false))).containsExactlyInAnyOrder(a.id());
        assertThat(ids(ImageQuery.builder().statuses(ImageStatus.ACTIVE))).containsExactlyInAnyOrder(a.id());
        assertThat(ids(ImageQuery.builder().statuses(ImageStatus.KILLED))).isEmpty();
        assertThat(ids(ImageQuery.builder().statusNames(List.of("nonsense")))).isEmpty();
        assertThat(ids(ImageQuery.builder().tag("x").tag("y"))).containsExactlyInAnyOrder(a.id());
        assertThat(ids(ImageQuery.builder().tag("x").tag("y").osHidden(true))).containsExactlyInAnyOrder(c.id());
        assertThat(ids(ImageQuery.builder().tag("x"))).containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(ids(ImageQuery.builder().property("os", "linux"))).containsExactly(a.id());
        assertThat(ids(ImageQuery.builder().property("os", "lin"))).isEmpty();
        assertThat(ids(ImageQuery.builder().sizeMin(15L).sizeMax(25L))).containsExactly(b.id());
        assertThat(ids(ImageQuery.builder().isProtected(true))).containsExactly(b.id());
        assertThat(ids(ImageQuery.builder().isProtected(false))).containsExactly(a.id());
        assertThat(ids(ImageQuery.builder().diskFormats("raw", "vhd"))).containsExactly(b.id());
        assertThat(ids(ImageQuery.builder().owner("p2").osHidden(true))).containsExactly(c.id());
        assertThat(ids(ImageQuery.builder().checksum("c1"))).containsExactly(a.id());
        assertThat(ids(ImageQuery.builder().createdAt(TimeOp.GT, T0))).containsExactly(b.id());
        assertThat(ids(ImageQuery.builder().createdAt(TimeOp.GTE, T0))).containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(ids(ImageQuery.builder().createdAt(TimeOp.NEQ, T0))).containsExactly(b.id());
        assertThat(ids(ImageQuery.builder().createdAt(TimeOp.EQ, T0))).containsExactly(a.id());
        assertThat(ids(ImageQuery.builder().createdAt(TimeOp.LT, T0.plusSeconds(5)).createdAt(TimeOp.LTE, T0)))
                .containsExactly(a.id());
        assertThat(ids(ImageQuery.builder().ids(a.id(), c.id()).osHidden(true))).containsExactly(c.id());
    }

    @Test
    void visibilityRules() {
        Image pub = create(image("p1").visibility(Visibility.PUBLIC));
        Image priv = create(image("p1").visibility(Visibility.PRIVATE));
        Image shared = create(image("p1").visibility(Visibility.SHARED));
        Image comm = create(image("p1").visibility(Visibility.COMMUNITY));
        Image ownerless = create(image(null).visibility(Visibility.PRIVATE));
        Viewer p1 = new Viewer("p1", false);
        Viewer p2 = new Viewer("p2", false);
        ImageQuery all = ImageQuery.builder().limit(100).build();
        assertThat(ids(all, p1)).containsExactlyInAnyOrder(pub.id(), priv.id(), shared.id(), comm.id(), ownerless.id());
        assertThat(ids(all, p2)).containsExactlyInAnyOrder(pub.id(), ownerless.id());
        assertThat(ids(ImageQuery.builder().visibility(Visibility.COMMUNITY).build(), p2)).containsExactly(comm.id());
        assertThat(ids(ImageQuery.builder().allVisibilities().build(), p2)).containsExactlyInAnyOrder(pub.id(), comm.id(), ownerless.id());
        assertThat(ids(all, new Viewer("admin-project", true)))
                .containsExactlyInAnyOrder(pub.id(), priv.id(), shared.id(), ownerless.id());
        assertThat(ids(ImageQuery.builder().allVisibilities().build(), ADMIN)).hasSize(5);

        // shared images reach members with an accepted membership (the table the sharing issue will fill)
        db.sql("INSERT INTO image_members (image_id, member_id, status, can_share, created_at, updated_at) VALUES ('"
                + shared.id() + "', 'p2', 'accepted', FALSE, 0, 0)");
        assertThat(ids(all, p2)).containsExactlyInAnyOrder(pub.id(), shared.id(), ownerless.id());
        assertThat(ids(ImageQuery.builder().memberStatus(dev.imagecatalog.image.MemberStatus.PENDING).build(), p2))
                .containsExactlyInAnyOrder(pub.id(), ownerless.id());

        // a marker the caller may not see is invalid input, like an unknown one
        assertThatThrownBy(() -> repo.list(ImageQuery.builder().marker(priv.id()).build(), p2))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining(priv.id());
        assertThatThrownBy(() -> repo.list(ImageQuery.builder().marker("no-such-id").build(), p1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("no-such-id");
    }

    @Test
    void keysetPaginationMatchesTheOrderComputedInJava() {
        Random r = new Random(42);
        List<Image> all = new ArrayList<>();
        String[] names = {null, "a", "b", "c"};
        Long[] sizes = {null, 1L, 2L};
        String[] formats = {null, "raw", "qcow2"};
        for (int i = 0; i < 40; i++) {
            all.add(create(image("p1").name(names[r.nextInt(names.length)]).size(sizes[r.nextInt(sizes.length)])
                    .diskFormat(formats[r.nextInt(formats.length)])
                    .status(r.nextBoolean() ? ImageStatus.ACTIVE : ImageStatus.QUEUED)
                    .createdAt(T0.plusSeconds(r.nextInt(5))).updatedAt(T0.plusMillis(r.nextInt(3)))));
        }
        List<List<Object[]>> sorts = List.of(
                List.of(),
                List.<Object[]>of(new Object[] {SortKey.NAME, Direction.ASC}),
                List.<Object[]>of(new Object[] {SortKey.NAME, Direction.DESC}),
                List.<Object[]>of(new Object[] {SortKey.SIZE, Direction.ASC}, new Object[] {SortKey.NAME, Direction.DESC}),
                List.<Object[]>of(new Object[] {SortKey.DISK_FORMAT, Direction.DESC}, new Object[] {SortKey.STATUS, Direction.ASC},
                        new Object[] {SortKey.UPDATED_AT, Direction.ASC}),
                List.<Object[]>of(new Object[] {SortKey.ID, Direction.ASC}),
                List.<Object[]>of(new Object[] {SortKey.CREATED_AT, Direction.ASC}));
        for (List<Object[]> sort : sorts) {
            ImageQuery.Builder qb = ImageQuery.builder().limit(7);
            for (Object[] k : sort) {
                qb.sort((SortKey) k[0], (Direction) k[1]);
            }
            ImageQuery q = qb.build();
            List<String> expected = all.stream().sorted(comparator(q.effectiveSort()))
                    .map(Image::id).collect(Collectors.toList());
            List<String> seen = new ArrayList<>();
            String marker = null;
            int pages = 0;
            do {
                Page<Image> page = repo.list(q.toBuilder().marker(marker).build(), ADMIN);
                page.items().forEach(i -> seen.add(i.id()));
                marker = page.nextMarker().orElse(null);
                assertThat(++pages).isLessThan(20);
            } while (marker != null);
            assertThat(seen).as("sort %s", sort.stream().map(k -> k[0] + ":" + k[1]).collect(Collectors.toList()))
                    .containsExactlyElementsOf(expected);
            assertThat(pages).isEqualTo((expected.size() + 6) / 7);
        }
    }

    private static Comparator<Image> comparator(List<SortOrder> sort) {
        Comparator<Image> c = null;
        for (SortOrder o : sort) {
            Comparator<Image> k;
            switch (o.key()) {
                case NAME: k = Comparator.comparing(Image::name, Comparator.nullsFirst(Comparator.naturalOrder())); break;
                case SIZE: k = Comparator.comparing(Image::size, Comparator.nullsFirst(Comparator.naturalOrder())); break;
                case DISK_FORMAT: k = Comparator.comparing(Image::diskFormat, Comparator.nullsFirst(Comparator.naturalOrder())); break;
                case CONTAINER_FORMAT: k = Comparator.comparing(Image::containerFormat, Comparator.nullsFirst(Comparator.naturalOrder())); break;
                case STATUS: k = Comparator.comparing(i -> i.status().wireName()); break;
                case ID: k = Comparator.comparing(Image::id); break;
                case CREATED_AT: k = Comparator.comparing(Image::createdAt); break;
                default: k = Comparator.comparing(Image::updatedAt); break;
            }
            if (o.direction() == Direction.DESC) {
                k = k.reversed();
            }
            c = c == null ? k : c.thenComparing(k);
        }
        return c;
    }

    @Test
    void injectionAttemptsAreJustValues() {
        String evil = "x' OR '1'='1";
        String drop = "'; DROP TABLE images; --";
        Image a = create(image("p1").name(drop).tags(List.of(evil)).property(evil, drop));
        create(image("p1").name("plain").tags(List.of("x")).property("x", "x"));
        assertThat(ids(ImageQuery.builder().property(evil, drop))).containsExactly(a.id());
        assertThat(ids(ImageQuery.builder().property("x", evil))).isEmpty();
        assertThat(ids(ImageQuery.builder().tag(evil))).containsExactly(a.id());
        assertThat(ids(ImageQuery.builder().names(drop, evil))).containsExactly(a.id());
        assertThat(ids(ImageQuery.builder().owner(evil))).isEmpty();
        assertThatThrownBy(() -> repo.list(ImageQuery.builder().marker(evil).build(), ADMIN))
                .isInstanceOf(InvalidInputException.class);
        assertThat(ids(ImageQuery.builder().sort(SortKey.NAME, Direction.ASC))).hasSize(2);
        assertThat(repo.find(evil)).isEmpty();
        assertThat(repo.find(a.id()).orElseThrow().properties()).containsEntry(evil, drop);
        // every sort input is an enum constant mapped through a fixed whitelist
        assertThat(ListSql.COLUMNS).hasSize(SortKey.values().length);
        assertThat(ListSql.COLUMNS.values()).allMatch(c -> c.matches("[a-z_]+"));
    }

    @Test
    void migrationIsIdempotentAndRecordsItsVersion() {
        try (MetadataRepository second = db.open(); MetadataRepository third = db.open()) {
            Image img = create(image("p1"));
            assertThat(second.find(img.id())).contains(img);
            assertThat(third.find(img.id())).contains(img);
        }
        assertThat(schemaVersion()).isEqualTo(SchemaMigrator.LATEST_VERSION);
    }

    @Test
    void locationStatusesAreStoredAsGlanceNamesAndNothingElse() {
        StoreLocation a = new StoreLocation("memory", "m", "a");
        StoreLocation b = new StoreLocation("filesystem", "f", "b");
        Image img = create(image("p1").status(ImageStatus.ACTIVE).locations(List.of(
                new ImageLocation(a, LocationStatus.PENDING), new ImageLocation(b, LocationStatus.DELETING))));
        assertThat(column("SELECT status FROM image_locations WHERE image_id = '" + img.id() + "' ORDER BY position"))
                .containsExactly("pending", "deleting");

        Image v2 = repo.update(img.toBuilder().locations(List.of(ImageLocation.active(a),
                new ImageLocation(b, LocationStatus.DELETING))).build());
        assertThat(column("SELECT status FROM image_locations WHERE image_id = '" + img.id() + "' ORDER BY position"))
                .containsExactly("active", "deleting");
        assertThat(repo.find(img.id())).contains(v2);

        // the column takes Glance's three names only
        assertThatThrownBy(() -> db.sql("UPDATE image_locations SET status = 'killed' WHERE image_id = '" + img.id() + "'"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> db.sql("UPDATE image_locations SET status = NULL WHERE image_id = '" + img.id() + "'"))
                .isInstanceOf(IllegalStateException.class);
        assertThat(repo.find(img.id())).contains(v2);
    }

    @Test
    void migrationFourMakesStatusLessLocationsActiveAndRunsAgainHarmlessly() {
        Image img = create(image("p1").status(ImageStatus.ACTIVE)
                .locations(List.of(ImageLocation.active(new StoreLocation("memory", "m", "k")))));
        repo.close();
        // back to the layout of version 3: the column gone, a location row written without a status
        db.sql("ALTER TABLE image_locations DROP COLUMN status");
        db.sql("INSERT INTO image_locations (image_id, position, url) VALUES ('" + img.id() + "', 1, 'memory://m/k2')");
        db.sql("UPDATE schema_version SET version = 3 WHERE id = 1");
        repo = db.open();
        assertThat(schemaVersion()).isEqualTo(SchemaMigrator.LATEST_VERSION);
        assertThat(repo.find(img.id()).orElseThrow().locations()).containsExactly(
                ImageLocation.active(new StoreLocation("memory", "m", "k")),
                ImageLocation.active(new StoreLocation("memory", "m", "k2")));

        // a step interrupted after its DDL (the version not yet recorded) is applied again without harm
        repo.close();
        db.sql("UPDATE schema_version SET version = 3 WHERE id = 1");
        repo = db.open();
        assertThat(schemaVersion()).isEqualTo(SchemaMigrator.LATEST_VERSION);
        Image v2 = repo.update(repo.find(img.id()).orElseThrow().toBuilder().locations(List.of(
                new ImageLocation(new StoreLocation("memory", "m", "k"), LocationStatus.DELETING))).build());
        assertThat(repo.find(img.id())).contains(v2);
    }

    @Test
    void migrationFiveAddsTheTasksTableAndRunsAgainHarmlessly() {
        Instant t = Instant.parse("2026-04-01T08:00:00.123456Z");
        Task task = Task.builder().id(UUID.randomUUID().toString()).type(TaskType.API_IMAGE_IMPORT)
                .input(Map.of("method", "web-download")).owner("p1").createdAt(t).updatedAt(t).version(1).build();
        repo.tasks().create(task);
        // a step interrupted after its DDL (the version not yet recorded) is applied again without harm
        repo.close();
        db.sql("UPDATE schema_version SET version = 4 WHERE id = 1");
        repo = db.open();
        assertThat(schemaVersion()).isEqualTo(5);
        assertThat(repo.tasks().find(task.id())).contains(task);
        // the status column takes Glance's four names only
        assertThatThrownBy(() -> db.sql("UPDATE tasks SET status = 'killed' WHERE id = '" + task.id() + "'"))
                .isInstanceOf(IllegalStateException.class);
        // back to the layout of version 4: no tasks table; opening creates it
        repo.close();
        db.sql("DROP TABLE tasks");
        db.sql("UPDATE schema_version SET version = 4 WHERE id = 1");
        repo = db.open();
        assertThat(schemaVersion()).isEqualTo(5);
        assertThat(repo.tasks().find(task.id())).isEmpty();
        repo.tasks().create(task);
        assertThat(repo.tasks().listForImage("none", t)).isEmpty();
        assertThat(repo.tasks().list(dev.imagecatalog.task.TaskQuery.defaults(), "p1", t)).containsExactly(task);
    }

    @Test
    void newerSchemaIsRefusedWithAClearError() {
        db.sql("UPDATE schema_version SET version = " + (SchemaMigrator.LATEST_VERSION + 1) + " WHERE id = 1");
        try {
            assertThatThrownBy(db::open).isInstanceOf(CatalogConfigurationException.class)
                    .hasMessageContaining("newer than this library");
        } finally {
            db.sql("UPDATE schema_version SET version = " + SchemaMigrator.LATEST_VERSION + " WHERE id = 1");
        }
    }

    @Test
    void concurrentStartUpOnAFreshDatabase() throws Exception {
        try (TestDatabase fresh = TestDatabase.create(kind())) {
            int n = 4;
            ExecutorService pool = Executors.newFixedThreadPool(n);
            List<MetadataRepository> opened = new ArrayList<>();
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<MetadataRepository>> fs = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    fs.add(pool.submit((Callable<MetadataRepository>) () -> {
                        go.await();
                        return fresh.open();
                    }));
                }
                go.countDown();
                for (Future<MetadataRepository> f : fs) {
                    opened.add(f.get());
                }
                Image img = image("p1").build();
                opened.get(0).create(img);
                for (MetadataRepository r : opened) {
                    assertThat(r.find(img.id())).contains(img);
                }
            } finally {
                opened.forEach(MetadataRepository::close);
                pool.shutdownNow();
            }
        }
    }

    @Test
    void cacheIsNeverStaleAfterOwnWrites() {
        try (MetadataRepository cached = db.open(Map.of("cache.enabled", "true", "cache.size", "100"))) {
            Image img = image("p1").build();
            cached.create(img);
            assertThat(cached.find(img.id())).contains(img);
            Image v2 = cached.update(img.toBuilder().name("renamed").build());
            assertThat(cached.find(img.id())).contains(v2);
            Image v3 = cached.update(v2.toBuilder().status(ImageStatus.DELETED).build());
            assertThat(v3.version()).isEqualTo(3);
            assertThat(cached.find(img.id())).isEmpty();
            // another instance's write is seen only after expiry: that is why the cache is off by default
            Image other = image("p1").build();
            cached.create(other);
            assertThat(cached.find(other.id())).isPresent();
            repo.update(other.toBuilder().name("elsewhere").build());
            assertThat(cached.find(other.id()).orElseThrow().name()).isNull();
        }
    }

    @Test
    void badSettingsNameTheKey() {
        assertThatThrownBy(() -> new JdbcMetadataProvider().create(dev.imagecatalog.config.Settings.of(Map.of())))
                .isInstanceOf(CatalogConfigurationException.class).hasMessageContaining("jdbc.url");
        assertThatThrownBy(() -> new JdbcMetadataProvider().create(dev.imagecatalog.config.Settings.of(
                Map.of("jdbc.url", "jdbc:mysql://x/y")))).isInstanceOf(CatalogConfigurationException.class)
                .hasMessageContaining("jdbc.url");
        assertThatThrownBy(() -> db.open(Map.of("jdbc.pool.size", "zero")))
                .isInstanceOf(CatalogConfigurationException.class).hasMessageContaining("jdbc.pool.size");
        assertThatThrownBy(() -> db.open(Map.of("cache.enabled", "maybe")))
                .isInstanceOf(CatalogConfigurationException.class).hasMessageContaining("cache.enabled");
    }

    @Test
    void relativeH2PathsResolveAgainstThePropertiesFolder() {
        java.nio.file.Path base = java.nio.file.Path.of("/srv/catalog");
        assertThat(JdbcMetadataProvider.resolveH2Path("jdbc:h2:./db/catalog", base)).isEqualTo("jdbc:h2:file:/srv/catalog/db/catalog");
        assertThat(JdbcMetadataProvider.resolveH2Path("jdbc:h2:file:../db;MODE=Regular", base))
                .isEqualTo("jdbc:h2:file:/srv/db;MODE=Regular");
        assertThat(JdbcMetadataProvider.resolveH2Path("jdbc:h2:file:/abs/db", base)).isEqualTo("jdbc:h2:file:/abs/db");
        assertThat(JdbcMetadataProvider.resolveH2Path("jdbc:h2:mem:x", base)).isEqualTo("jdbc:h2:mem:x");
        assertThat(JdbcMetadataProvider.resolveH2Path("jdbc:h2:./db", null)).isEqualTo("jdbc:h2:./db");
    }

    private List<String> column(String query) {
        try (var c = java.sql.DriverManager.getConnection(db.url(), db.settings().getOrDefault("jdbc.user", "sa"),
                db.settings().getOrDefault("jdbc.password", ""));
             var s = c.createStatement(); var rs = s.executeQuery(query)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private int schemaVersion() {
        try (var c = java.sql.DriverManager.getConnection(db.url(), db.settings().getOrDefault("jdbc.user", "sa"),
                db.settings().getOrDefault("jdbc.password", ""));
             var s = c.createStatement(); var rs = s.executeQuery("SELECT version FROM schema_version WHERE id = 1")) {
            rs.next();
            return rs.getInt(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Image create(Image.Builder b) {
        Image img = b.build();
        repo.create(img);
        return img;
    }

    private List<String> ids(ImageQuery.Builder q) {
        return ids(q.limit(1000).build(), ADMIN);
    }

    private List<String> ids(ImageQuery q, Viewer v) {
        return repo.list(q, v).items().stream().map(Image::id).collect(Collectors.toList());
    }

}
