package dev.imagecatalog.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.spi.MetadataRepository;
import dev.imagecatalog.spi.WriteIntent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The part of {@link MetadataRepositoryContract} that recovery relies on: the catalog id and the write intents.
 * Every metadata back-end runs it through {@link MetadataRepositoryContract}.
 */
public abstract class RecoveryRecordsContract {

    private static final Instant T = Instant.parse("2026-03-01T10:00:00.123456789Z");

    /** The repository under test (fresh and empty for each test). */
    protected abstract MetadataRepository repository();

    /**
     * A second repository object on the same back-end as {@link #repository()} (another connection pool, as a second
     * instance would open), or null if the back-end cannot be shared; closed by the test.
     */
    protected MetadataRepository openSharingBackEnd() throws Exception {
        return null;
    }

    private static WriteIntent intent(String id, String image, int startedSecond, int touchedSecond) {
        return new WriteIntent(id, image, "store-a", "instance-1", T.plusSeconds(startedSecond),
                T.plusSeconds(touchedSecond));
    }

    private static String uuid(int n) {
        return String.format("10000000-0000-0000-0000-%012d", n);
    }

    @Test
    void catalogIdKeepsTheFirstProposal() {
        MetadataRepository repo = repository();
        assertThat(repo.catalogId("first-id")).isEqualTo("first-id");
        assertThat(repo.catalogId("second-id")).isEqualTo("first-id");
        assertThat(repo.catalogId("third-id")).isEqualTo("first-id");
    }

    @Test
    void concurrentCatalogIdProposalsAgree() throws Exception {
        MetadataRepository other = openSharingBackEnd();
        try {
            int n = 8;
            ExecutorService pool = Executors.newFixedThreadPool(n);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                MetadataRepository repo = other != null && i % 2 == 1 ? other : repository();
                String proposal = "proposal-" + i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return repo.catalogId(proposal);
                }));
            }
            start.countDown();
            Set<String> agreed = new HashSet<>();
            for (Future<String> f : answers) {
                agreed.add(f.get(30, TimeUnit.SECONDS));
            }
            pool.shutdown();
            assertThat(agreed).hasSize(1);
            assertThat(agreed.iterator().next()).startsWith("proposal-");
            assertThat(repository().catalogId("late")).isEqualTo(agreed.iterator().next());
            if (other != null) {
                assertThat(other.catalogId("late")).isEqualTo(agreed.iterator().next());
            }
        } finally {
            if (other != null) {
                other.close();
            }
        }
    }

    @Test
    void recordedIntentsListOldestFirstWithEveryField() {
        MetadataRepository repo = repository();
        assertThat(repo.writeIntents()).isEmpty();
        WriteIntent late = intent(uuid(1), uuid(101), 30, 40);
        WriteIntent early = intent(uuid(2), uuid(102), 10, 10);
        WriteIntent sameStartSecondId = new WriteIntent(uuid(3), uuid(103), "store-b", "instance-2",
                T.plusSeconds(10), T.plusSeconds(20));
        repo.recordWriteIntent(late);
        repo.recordWriteIntent(sameStartSecondId);
        repo.recordWriteIntent(early);
        assertThat(repo.writeIntents()).containsExactly(early, sameStartSecondId, late);
    }

    @Test
    void aDuplicateIntentIdIsAConflictAndKeepsTheFirst() {
        MetadataRepository repo = repository();
        WriteIntent first = intent(uuid(1), uuid(101), 0, 0);
        repo.recordWriteIntent(first);
        assertThatThrownBy(() -> repo.recordWriteIntent(intent(uuid(1), uuid(999), 5, 5)))
                .isInstanceOf(ConflictException.class).hasMessageContaining(uuid(1));
        assertThat(repo.writeIntents()).containsExactly(first);
    }

    @Test
    void touchSetsTouchedAtOfTheListedIntentsOnly() {
        MetadataRepository repo = repository();
        WriteIntent a = intent(uuid(1), uuid(101), 0, 0);
        WriteIntent b = intent(uuid(2), uuid(102), 1, 1);
        WriteIntent c = intent(uuid(3), uuid(103), 2, 2);
        repo.recordWriteIntent(a);
        repo.recordWriteIntent(b);
        repo.recordWriteIntent(c);
        Instant at = T.plusSeconds(3600).plusNanos(7);
        repo.touchWriteIntents(List.of(a.id(), c.id(), uuid(404)), at);
        assertThat(repo.writeIntents()).containsExactly(
                new WriteIntent(a.id(), a.imageId(), a.storeId(), a.instance(), a.startedAt(), at), b,
                new WriteIntent(c.id(), c.imageId(), c.storeId(), c.instance(), c.startedAt(), at));
        repo.touchWriteIntents(List.of(), at.plusSeconds(1)); // nothing to touch: no change, no failure
        assertThat(repo.writeIntents()).extracting(WriteIntent::touchedAt).containsExactly(at, b.touchedAt(), at);
    }

    @Test
    void removeTellsWhetherTheIntentWasThere() {
        MetadataRepository repo = repository();
        WriteIntent a = intent(uuid(1), uuid(101), 0, 0);
        WriteIntent b = intent(uuid(2), uuid(101), 1, 1); // a second write of the same image
        repo.recordWriteIntent(a);
        repo.recordWriteIntent(b);
        assertThat(repo.removeWriteIntent(a.id())).isTrue();
        assertThat(repo.removeWriteIntent(a.id())).isFalse();
        assertThat(repo.removeWriteIntent(uuid(404))).isFalse();
        assertThat(repo.writeIntents()).containsExactly(b);
        repo.touchWriteIntents(List.of(a.id()), T.plusSeconds(99)); // a removed intent is not brought back
        assertThat(repo.writeIntents()).containsExactly(b);
    }
}
