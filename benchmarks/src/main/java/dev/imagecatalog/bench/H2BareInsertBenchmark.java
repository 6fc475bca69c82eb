package dev.imagecatalog.bench;

import dev.imagecatalog.metadata.jdbc.JdbcMetadataProvider;
import dev.imagecatalog.spi.MetadataRepository;
import dev.imagecatalog.spi.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The {@code h2-bare} benchmark: what H2 itself can insert, without this module's code. One table, the
 * repository's {@code images} table with its 10 secondary indexes (created by the repository's migration; the tag,
 * property, location and member tables are then dropped), a random UUID key, plain JDBC. It fills the table in bulk
 * to N rows, then inserts {@code bench.bare.inserts} rows (default 8,000) per phase, each phase on a new connection:
 * <ul>
 *   <li>{@code h2_bare_insert_write_delay_500ms_per_s}: one insert per transaction, H2's 500 ms write delay;</li>
 *   <li>{@code h2_bare_insert_durable_per_s}: one insert per transaction, {@code WRITE_DELAY=0} (the repository's
 *   default);</li>
 *   <li>{@code h2_bare_insert_durable_batch8_per_s}, {@code ..._batch32_per_s}: 8 or 32 inserts per transaction;</li>
 *   <li>{@code h2_bare_insert_durable_no_index_per_s}: one per transaction after the secondary indexes are dropped.</li>
 * </ul>
 * The first fifth of each phase is not timed. Rows/s; each phase starts where the last ended (N + 8,000 × phase).
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
            System.out.println("# filled " + rows + " rows in bulk; " + inserts + " inserts per phase");
            int at = rows;
            at = phase("h2_bare_insert_write_delay_500ms_per_s", url + ";WRITE_DELAY=500", r, at, inserts, 1);
            at = phase("h2_bare_insert_durable_per_s", url + ";WRITE_DELAY=0", r, at, inserts, 1);
            at = phase("h2_bare_insert_durable_batch8_per_s", url + ";WRITE_DELAY=0", r, at, inserts, 8);
            at = phase("h2_bare_insert_durable_batch32_per_s", url + ";WRITE_DELAY=0", r, at, inserts, 32);
            for (String index : List.of("ix_images_created", "ix_images_updated", "ix_images_name", "ix_images_status",
                    "ix_images_disk_format", "ix_images_container_format", "ix_images_size", "ix_images_owner",
                    "ix_images_checksum", "ix_images_os_hash_value")) {
                exec(url, "DROP INDEX " + index);
            }
            phase("h2_bare_insert_durable_no_index_per_s", url + ";WRITE_DELAY=0", r, at, inserts, 1);
        } finally {
            try (var files = Files.list(work)) {
                files.filter(f -> f.getFileName().toString().startsWith(name)).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** Inserts {@code n} rows from row {@code first} on, {@code perTransaction} per commit; returns the next row. */
    private static int phase(String figure, String url, Random r, int first, int n, int perTransaction)
            throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             PreparedStatement ps = c.prepareStatement(BenchImages.INSERT_IMAGE)) {
            c.setAutoCommit(false);
            int warm = n / 5;
            long t = 0;
            for (int i = 0; i < n; i++) {
                if (i == warm) {
                    t = System.nanoTime();
                }
                BenchImages.bind(ps, BenchImages.image(r, first + i));
                ps.executeUpdate();
                if ((i + 1) % perTransaction == 0 || i == n - 1) {
                    c.commit();
                }
            }
            double seconds = (System.nanoTime() - t) / 1e9;
            System.out.println(figure + " " + String.format(Locale.ROOT, "%.0f", (n - warm) / seconds) + " 1/s");
            System.out.println("# " + figure + ": rows " + (first + warm + 1) + ".." + (first + n) + ", " + perTransaction
                    + " per transaction; load average " + java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean().getSystemLoadAverage());
        }
        return first + n;
    }

    private static void exec(String url, String... sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }
}
