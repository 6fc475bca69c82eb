package dev.imagecatalog.metadata.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The catalog id and write intents in SQL, beyond the contract: they survive a reopen, several processes starting on
 * a fresh database at once agree on one catalog id, a version-2 database gains the tables, and which databases
 * are exclusive to this process.
 */
class JdbcRecoveryRecordsTest {

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void catalogIdAndIntentsSurviveAReopen(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            WriteIntent intent = new WriteIntent("i-1", "00000000-0000-0000-0000-000000000001", "mem", "host-a",
                    Instant.parse("2026-03-01T10:00:00.000000001Z"), Instant.parse("2026-03-01T10:01:00Z"));
            try (MetadataRepository first = db.open()) {
                assertThat(first.catalogId("kept-id")).isEqualTo("kept-id");
                first.recordWriteIntent(intent);
            }
            try (MetadataRepository again = db.open()) {
                assertThat(again.catalogId("another-id")).isEqualTo("kept-id");
                assertThat(again.writeIntents()).containsExactly(intent);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void processesStartingOnAFreshDatabaseAtOnceAgreeOnOneCatalogId(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase fresh = TestDatabase.create(kind)) {
            int n = 4;
            ExecutorService pool = Executors.newFixedThreadPool(n);
            List<MetadataRepository> opened = new ArrayList<>();
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<String>> ids = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    String proposal = "proposal-" + i;
                    ids.add(pool.submit(() -> {
                        go.await();
                        MetadataRepository r = fresh.open(); // migrates the fresh schema, then proposes at once
                        synchronized (opened) {
                            opened.add(r);
                        }
                        return r.catalogId(proposal);
                    }));
                }
                go.countDown();
                Set<String> agreed = new HashSet<>();
                for (Future<String> f : ids) {
                    agreed.add(f.get(60, TimeUnit.SECONDS));
                }
                assertThat(agreed).hasSize(1);
                assertThat(agreed.iterator().next()).startsWith("proposal-");
            } finally {
                pool.shutdownNow();
                opened.forEach(MetadataRepository::close);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aVersion2DatabaseGainsTheRecoveryTables(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            db.open().close();
            db.sql("DROP TABLE write_intents");
            db.sql("DROP TABLE catalog_identity");
            db.sql("UPDATE schema_version SET version = 2 WHERE id = 1");
            try (MetadataRepository repo = db.open()) {
                assertThat(repo.catalogId("after-upgrade")).isEqualTo("after-upgrade");
                assertThat(repo.writeIntents()).isEmpty();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void onlyEmbeddedH2IsExclusiveToThisProcess(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind); MetadataRepository repo = db.open()) {
            assertThat(repo.exclusiveToThisProcess()).isEqualTo(kind != TestDatabase.Kind.POSTGRES);
        }
    }

    @Test
    void exclusivityIsToldByTheUrl() {
        assertThat(JdbcMetadataProvider.exclusiveToThisProcess("jdbc:h2:file:/srv/catalog;WRITE_DELAY=0")).isTrue();
        assertThat(JdbcMetadataProvider.exclusiveToThisProcess("jdbc:h2:mem:x")).isTrue();
        assertThat(JdbcMetadataProvider.exclusiveToThisProcess("jdbc:h2:./db/catalog")).isTrue();
        assertThat(JdbcMetadataProvider.exclusiveToThisProcess("jdbc:h2:tcp://db:9092/catalog")).isFalse();
        assertThat(JdbcMetadataProvider.exclusiveToThisProcess("jdbc:h2:ssl://db/catalog")).isFalse();
        assertThat(JdbcMetadataProvider.exclusiveToThisProcess("jdbc:h2:file:/srv/c;auto_server=TRUE")).isFalse();
        assertThat(JdbcMetadataProvider.exclusiveToThisProcess("jdbc:postgresql://db:5432/images")).isFalse();
    }
}
