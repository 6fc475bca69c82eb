package dev.imagecatalog.store.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.contract.InstanceRecords;
import dev.imagecatalog.contract.SeededBytes;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.snapshot.BackupResult;
import dev.imagecatalog.snapshot.Instance;
import dev.imagecatalog.snapshot.SnapshotOptions;
import dev.imagecatalog.snapshot.SnapshotQuery;
import dev.imagecatalog.spi.StoredObject;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrent backups of one instance from two catalogs on one PostgreSQL database (a database of its own, so one
 * catalog id) sharing one filesystem store: 8 threads, 4 on each catalog, each backing the instance up with
 * rotation 3, started together for several rounds. Afterwards exactly the 3 newest backups (by created_at, then id)
 * remain, every other one is deleted and reported rotated by exactly one call, none is left in a transitional
 * status, and the store holds the bytes of the 3 and nothing else of the instance's.
 */
class PostgresConcurrentBackupsTest {
    private static final RequestContext ALICE = RequestContext.member("project-a", "alice");
    private static final int THREADS = 8;
    private static final int ROUNDS = 3;
    private static final int ROTATION = 3;
    private static final int SIZE = 16 * 1024;

    @TempDir
    Path dir;

    private PostgresDatabase database;
    private final List<ImageCatalog> catalogs = new ArrayList<>();

    @BeforeEach
    void twoCatalogsOnOneDatabaseAndStore() throws SQLException {
        database = new PostgresDatabase("ic_backups_");
        Map<String, String> s = new LinkedHashMap<>(database.metadataSettings());
        s.put("stores", "fs");
        s.put("store.fs.type", "filesystem");
        s.put("store.fs.datadir", dir.resolve("images").toString());
        for (int i = 0; i < 2; i++) {
            catalogs.add(ImageCatalog.builder().settings(s).build());
        }
        assertThat(catalogs.get(1).catalogId()).as("one catalog id, from the shared database")
                .isEqualTo(catalogs.get(0).catalogId());
    }

    @AfterEach
    void closeAndDrop() throws SQLException {
        catalogs.forEach(ImageCatalog::close);
        if (database != null) {
            database.drop();
        }
    }

    @Test
    void eightThreadsOnTwoCatalogsLeaveExactlyTheThreeNewest() throws Exception {
        Instance vm = Instance.builder(UUID.randomUUID().toString()).build();
        ConcurrentLinkedQueue<BackupResult> results = new ConcurrentLinkedQueue<>();
        CyclicBarrier start = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> running = new ArrayList<>();
        try {
            for (int t = 0; t < THREADS; t++) {
                ImageCatalog catalog = catalogs.get(t % 2);
                int thread = t;
                running.add(pool.submit(() -> {
                    for (int round = 0; round < ROUNDS; round++) {
                        start.await(60, TimeUnit.SECONDS);
                        int seed = round * THREADS + thread;
                        results.add(catalog.snapshots(ALICE).backup(vm, "backup-" + seed, "daily", ROTATION,
                                SeededBytes.stream(seed, SIZE), SnapshotOptions.defaults()));
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get(300, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(results).hasSize(THREADS * ROUNDS);

        List<Image> made = results.stream().map(BackupResult::backup)
                .sorted(Comparator.comparing(Image::createdAt).thenComparing(Image::id).reversed()).toList();
        List<String> newest = made.subList(0, ROTATION).stream().map(Image::id).toList();
        List<String> older = made.subList(ROTATION, made.size()).stream().map(Image::id).toList();

        for (ImageCatalog c : catalogs) {
            assertThat(c.snapshots(ALICE).list(vm.uuid(), SnapshotQuery.backups("daily"))).extracting(Image::id)
                    .as("the backups left, newest first").containsExactlyElementsOf(newest);
        }
        List<String> rotated = results.stream().flatMap(r -> r.rotated().stream()).map(Image::id).toList();
        assertThat(rotated).as("each older backup reported rotated by exactly one call")
                .containsExactlyInAnyOrderElementsOf(older);
        assertThat(results).allSatisfy(r -> assertThat(r.skipped()).isEmpty());
        for (String id : older) {
            assertThatThrownBy(() -> catalogs.get(0).images(ALICE).get(id)).isInstanceOf(NotFoundException.class);
        }

        InstanceRecords records = new InstanceRecords(catalogs.get(0));
        Map<ImageStatus, List<String>> byStatus = records.idsByStatus(vm.uuid());
        assertThat(byStatus.keySet()).as("statuses of the instance's images: none transitional")
                .containsExactlyInAnyOrder(ImageStatus.ACTIVE, ImageStatus.DELETED);
        assertThat(byStatus.get(ImageStatus.ACTIVE)).containsExactlyInAnyOrderElementsOf(newest);
        assertThat(byStatus.get(ImageStatus.DELETED)).containsExactlyInAnyOrderElementsOf(older);
        for (String id : newest) {
            assertThat(records.objects(id)).as("bytes of kept backup " + id).hasSize(1)
                    .allMatch(StoredObject::committed);
        }
        for (String id : older) {
            assertThat(records.objects(id)).as("bytes of rotated backup " + id).isEmpty();
        }
    }
}
