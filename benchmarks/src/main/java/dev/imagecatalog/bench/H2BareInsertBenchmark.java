package dev.imagecatalog.bench;

import dev.imagecatalog.config.Settings;
import dev.imagecatalog.metadata.jdbc.JdbcMetadataProvider;
import dev.imagecatalog.spi.MetadataRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The {@code h2-bare} benchmark: what H2 itself can insert, without this module's code. One table, the
 * repository's {@code images} table with its 10 secondary indexes (created by the repository's migration; the tag,
 * property, location and member tables are then dropped), a random UUID key, plain JDBC. It fills the table in bulk
 * to N rows, then inserts {@code bench.bare.inserts} rows (default 8,000) per phase:
 * <ul>
 *   <li>{@code h2_bare_insert_write_delay_500ms_per_s}: one insert per transaction, H2's 500 ms write delay;</li>
 *   <li>{@code h2_bare_insert_durable_per_s}: one insert per transaction, {@code WRITE_DELAY=0} (the repository's
 *   default);</li>
 *   <li>{@code h2_bare_insert_durable_batch8_per_s}, {@code ..._batch32_per_s}: 8 or 32 inserts per transaction;</li>
 *   <li>{@code h2_bare_insert_durable_no_index_per_s}: one per transaction after the secondary indexes are dropped.</li>
 * </ul>
 * The first fifth of each phase warms up, untimed; the rest is split into the rounds of one {@link Rounds}
 * ({@code -Dbench.rounds}, default 3), the phases interleaved (the one without indexes in rounds of its own after
 * the indexes are dropped), each on a new connection, each rate the median of its rounds: the same rounds, round
 * size and statistic as {@link JdbcBenchmark}'s create modes at the same {@code bench.creates}. Rows/s.
 *
 * <p>Usage: {@code H2BareInsertBenchmark [rows] [workdir]} (default 1,000,000 and a temporary folder).
 */
public final class H2BareInsertBenchmark {
    private H2BareInsertBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
        Path work = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("h2-bare");
        Files.createDirectories(work);
        int inserts = Integer.getInteger("bench.bare.inserts", 8_000);
        String name = "h2bare_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String url = "jdbc:h2:file:" + work.resolve(name).toAbsolutePath();
        try {
            try (MetadataRepository repo = new JdbcMetadataProvider().create(Settings.of(Map.of("jdbc.url", url)))) {
                // the repository's migration creates the images table and its indexes
            }
            exec(url, "DROP TABLE image_tags", "DROP TABLE image_properties", "DROP TABLE image_locations",
                    "DROP TABLE image_members");
            Random r = new Random(7);
            BenchImages.bulkFill(url, null, null, r, 0, rows, false);
            Figures.note("filled " + rows + " rows in bulk; " + inserts + " inserts per phase");
            int[] at = {rows};
            List<Phase> indexed = List.of(new Phase("h2_bare_insert_write_delay_500ms_per_s", url + ";WRITE_DELAY=500", 1),
                    new Phase("h2_bare_insert_durable_per_s", url + ";WRITE_DELAY=0", 1),
                    new Phase("h2_bare_insert_durable_batch8_per_s", url + ";WRITE_DELAY=0", 8),
                    new Phase("h2_bare_insert_durable_batch32_per_s", url + ";WRITE_DELAY=0", 32));
            run(indexed, r, at, inserts);
            for (String index : List.of("ix_images_created", "ix_images_updated", "ix_images_name", "ix_images_status",
                    "ix_images_disk_format", "ix_images_container_format", "ix_images_size", "ix_images_owner",
                    "ix_images_checksum", "ix_images_os_hash_value")) {
                exec(url, "DROP INDEX " + index);
            }
            run(List.of(new Phase("h2_bare_insert_durable_no_index_per_s", url + ";WRITE_DELAY=0", 1)), r, at, inserts);
        } finally {
            try (var files = Files.list(work)) {
                files.filter(f -> f.getFileName().toString().startsWith(name)).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** Warms each phase up (a fifth of {@code inserts}), then runs the rest in rounds; prints each median rate. */
    private static void run(List<Phase> phases, Random r, int[] at, int inserts) throws Exception {
        Rounds rounds = Rounds.fromProperty();
        int warm = inserts / 5;
        int perRound = (inserts - warm) / rounds.count();
        for (Phase phase : phases) {
            phase.open();
            phase.insert(r, at, warm);
            phase.close();
            rounds.add(phase.figure, perRound, phase::open, () -> phase.insert(r, at, perRound), phase::close);
        }
        rounds.run();
        for (Phase phase : phases) {
            rounds.printPerSecond(phase.figure, "1/s");
        }
        Figures.note("up to row " + at[0] + ": " + warm + " rows per phase to warm up, then " + rounds.count()
                + " rounds of " + perRound);
    }

    /** Plain-JDBC inserts on a connection to {@code url}, {@code perTransaction} rows per commit. */
    private static final class Phase {
        private final String figure;
        private final String url;
        private final int perTransaction;
        private Connection connection;
        private PreparedStatement insert;

        Phase(String figure, String url, int perTransaction) {
            this.figure = figure;
            this.url = url;
            this.perTransaction = perTransaction;
        }

        void open() throws SQLException {
            connection = DriverManager.getConnection(url, "sa", "");
            connection.setAutoCommit(false);
            insert = connection.prepareStatement(BenchImages.INSERT_IMAGE);
        }

        void close() throws SQLException {
            insert.close();
            connection.close();
        }

        /** Inserts rows [at[0], at[0] + n) and advances {@code at[0]}. */
        void insert(Random r, int[] at, int n) throws SQLException {
            for (int i = 0; i < n; i++) {
                BenchImages.bind(insert, BenchImages.image(r, at[0] + i));
                insert.executeUpdate();
                if ((i + 1) % perTransaction == 0 || i == n - 1) {
                    connection.commit();
                }
            }
            at[0] += n;
        }
    }

    private static void exec(String url, String... sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }
}
