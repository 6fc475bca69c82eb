package dev.imagecatalog.bench;

import dev.imagecatalog.config.Settings;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageQuery;
import dev.imagecatalog.image.SortOrder;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.Page;
import dev.imagecatalog.image.SortKey;
import dev.imagecatalog.metadata.jdbc.JdbcMetadataProvider;
import dev.imagecatalog.spi.MetadataRepository;
import dev.imagecatalog.spi.Viewer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The {@code jdbc-h2} / {@code jdbc-postgres} benchmark: fills a database with N images (default 1,000,000: varied
 * names, owners, visibilities, statuses, tags, properties) and prints {@code name value unit} lines:
 * {@code DB_create_per_s}, {@code DB_get_cached_p50_ms}, {@code DB_get_uncached_p50_ms},
 * {@code DB_list_first_p50_ms}, {@code DB_list_filtered_p50_ms}, {@code DB_list_deep_p50_ms},
 * {@code DB_bytes_per_image}, DB = {@code h2} or {@code postgres}. The last images are created through the
 * repository in two modes, {@code bench.creates} (default 8,000) each: {@code DB_create_per_s} in the database's
 * default mode, and {@code h2_create_write_delay_500ms_per_s} (H2's own 500 ms write delay) or
 * {@code postgres_create_durable_per_s} ({@code synchronous_commit} on, measured only on a server with {@code fsync}
 * and {@code full_page_writes} on; {@code postgres_create_per_s} runs with {@code synchronous_commit} off). In each
 * mode the first fifth warms up, untimed; the rest is split into the rounds of one {@link Rounds}
 * ({@code -Dbench.rounds}, default 3), both modes interleaved, each rate the median of its rounds: the same rounds,
 * round size and statistic as {@link H2BareInsertBenchmark}'s phases at the same {@code bench.bare.inserts}, so
 * {@code h2_create_per_s} compares with {@code h2_bare_insert_durable_per_s}. On PostgreSQL the server's settings
 * are printed with each create figure.
 *
 * <p>Usage: {@code JdbcBenchmark h2|postgres [images] [workdir]} ({@code -Dbench.h2.options=;KEY=VALUE} appends H2
 * settings to the URL; {@code -Dbench.create.threads=N} creates from N threads at once, default 1). PostgreSQL comes from
 * {@code IMAGECATALOG_PG_URL/_USER/_PASSWORD} (a role that may create databases); the benchmark creates its own
 * database and drops it at the end. The creates/s figure is measured through the repository (one transaction per
 * image, one thread unless told otherwise); the rest of the fill goes in batched INSERTs to keep the run short.
 */
public final class JdbcBenchmark {
    private JdbcBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String db = args.length > 0 ? args[0] : "h2";
        int total = args.length > 1 ? Integer.parseInt(args[1].replace("_", "")) : 1_000_000;
        Path work = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("jdbc-bench");
        Files.createDirectories(work);
        String url;
        String user = null;
        String password = null;
        String adminUrl = null;
        String dbName = "ic_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        if (db.equals("h2")) {
            // -Dbench.h2.options=";CACHE_SIZE=262144" appends H2 settings to the URL (H2's page cache is 16 MiB by default)
            url = "jdbc:h2:file:" + work.resolve(dbName).toAbsolutePath() + System.getProperty("bench.h2.options", "");
        } else if (db.equals("postgres")) {
            adminUrl = env("IMAGECATALOG_PG_URL");
            user = env("IMAGECATALOG_PG_USER");
            password = env("IMAGECATALOG_PG_PASSWORD");
            exec(adminUrl, user, password, "CREATE DATABASE " + dbName);
            url = adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + dbName;
        } else {
            throw new IllegalArgumentException("usage: JdbcBenchmark h2|postgres [images] [workdir]");
        }
        Map<String, String> settings = new HashMap<>();
        settings.put("jdbc.url", url);
        if (user != null) {
            settings.put("jdbc.user", user);
            settings.put("jdbc.password", password);
        }
        try {
            run(db, total, url, user, password, settings, work);
        } finally {
            if (Boolean.getBoolean("jdbc.bench.keep")) {
                System.out.println("# kept database " + url);
            } else if (adminUrl != null) {
                exec(adminUrl, user, password, "DROP DATABASE IF EXISTS " + dbName + " WITH (FORCE)");
            } else {
                try (var files = Files.list(work)) {
                    files.filter(f -> f.getFileName().toString().startsWith(dbName)).forEach(f -> f.toFile().delete());
                }
            }
        }
    }

    private static void run(String db, int total, String url, String user, String password,
                            Map<String, String> settings, Path work) throws Exception {
        Random r = new Random(7);
        List<String> ids = new ArrayList<>();
        // the two create modes: on H2 the repository's durable default and H2's own write delay (500 ms: a kill
        // loses the last half second of commits), to show what the durable default costs; on PostgreSQL
        // synchronous_commit off, then on (the durable figure) when the server makes it durable
        Map<String, Map<String, String>> modes = new LinkedHashMap<>();
        if (db.equals("h2")) {
            modes.put(db + "_create_per_s", settings);
            Map<String, String> delayed = new HashMap<>(settings);
            delayed.put("jdbc.url", url + ";WRITE_DELAY=500");
            modes.put(db + "_create_write_delay_500ms_per_s", delayed);
        } else {
            PostgresCommitModes commit = PostgresCommitModes.read(url, user, password);
            modes.put(db + "_create_per_s", commit.withSynchronousCommit(settings, false));
            if (commit.durable()) {
                modes.put(db + "_create_durable_per_s", commit.withSynchronousCommit(settings, true));
            } else {
                Figures.note("postgres_create_durable_per_s not measured: the server runs with " + commit
                        + " (scripts/bench jdbc-postgres starts a cluster with fsync, full_page_writes and"
                        + " synchronous_commit on)");
            }
        }
        Rounds rounds = Rounds.fromProperty();
        int perMode = Math.min(Integer.getInteger("bench.creates", 8_000), total / modes.size());
        int warm = perMode / 5;
        int perRound = (perMode - warm) / rounds.count();
        // the database is first filled in bulk, then the last images are created through the repository, so the
        // create rate is the one at (nearly) the full size
        int bulk = total - perMode * modes.size();
        try (MetadataRepository repo = new JdbcMetadataProvider().create(Settings.of(settings))) {
            // the repository creates the schema
        }
        BenchImages.bulkFill(url, user, password, r, 0, bulk, true);
        Figures.note("filled " + bulk + " images in bulk");
        analyze(db, url, user, password);
        int[] next = {bulk};
        List<CreatePhase> phases = new ArrayList<>();
        modes.forEach((figure, modeSettings) -> phases.add(new CreatePhase(figure, modeSettings, r, ids)));
        for (CreatePhase phase : phases) {
            phase.open();
            phase.create(next, warm, 1);
            phase.close();
        }
        int threads = Integer.getInteger("bench.create.threads", 1);
        for (CreatePhase phase : phases) {
            rounds.add(phase.figure, perRound, phase::open, () -> phase.create(next, perRound, threads), phase::close);
        }
        rounds.run();
        for (CreatePhase phase : phases) {
            rounds.printPerSecond(phase.figure, "1/s");
            if (url.startsWith("jdbc:postgresql:")) {
                Figures.note(phase.figure + ": " + PostgresCommitModes.read(phase.settings.get("jdbc.url"), user,
                        password));
            }
        }
        Figures.note("creates " + (bulk + 1) + ".." + next[0] + " of " + total + " through the repository, one"
                + " transaction each: " + warm + " per mode to warm up, then " + rounds.count() + " rounds of "
                + perRound + " per mode from " + threads + " thread(s)");
        analyze(db, url, user, password);

        Map<String, String> cached = new HashMap<>(settings);
        cached.put("cache.enabled", "true");
        cached.put("cache.size", "100000");
        cached.put("cache.expire-after-write", "1h");
        try (MetadataRepository repo = new JdbcMetadataProvider().create(Settings.of(cached))) {
            List<String> hot = ids.subList(0, 1000);
            for (String id : hot) {
                repo.find(id).orElseThrow();
            }
            print(db + "_get_cached_p50_ms", p50(20_000, () -> repo.find(hot.get(r.nextInt(hot.size())))), "ms");
        }
        try (MetadataRepository repo = new JdbcMetadataProvider().create(Settings.of(settings))) {
            print(db + "_get_uncached_p50_ms", p50(5_000, () -> repo.find(ids.get(r.nextInt(ids.size())))), "ms");
            Viewer project = new Viewer("p7", false);
            Viewer admin = new Viewer(null, true);
            ImageQuery first = ImageQuery.builder().limit(100).build();
            check(repo.list(first, project), 100);
            print(db + "_list_first_p50_ms", p50(500, () -> repo.list(first, project)), "ms");
            ImageQuery filtered = ImageQuery.builder().tag("t3").statuses(ImageStatus.ACTIVE)
                    .sort(SortKey.NAME, SortOrder.Direction.ASC).limit(100).build();
            check(repo.list(filtered, project), 100);
            print(db + "_list_filtered_p50_ms", p50(500, () -> repo.list(filtered, project)), "ms");
            // the marker of page 5,000 (pages of 100, default sort, as an admin sees them)
            int visible = (int) count(url, user, password);
            int offset = Math.min(4_999 * 100 - 1, visible - 200);
            System.out.println("# deep page: marker at row " + (offset + 1) + " of " + visible
                    + " (page " + (offset + 1) / 100 + " of 100; page 5,000 needs 500,000 listed images)");
            List<String> markers = deepMarkers(url, user, password, offset, 20);
            int[] i = {0};
            check(repo.list(first.toBuilder().marker(markers.get(0)).build(), admin), 100);
            print(db + "_list_deep_p50_ms", p50(500, () -> repo.list(first.toBuilder()
                    .marker(markers.get(i[0]++ % markers.size())).build(), admin)), "ms");
        }
        long bytes;
        if (db.equals("postgres")) {
            try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT pg_database_size(current_database())")) {
                rs.next();
                bytes = rs.getLong(1);
            }
        } else {
            exec(url, "sa", "", "CHECKPOINT SYNC");
            try (var files = Files.list(work)) {
                bytes = files.filter(f -> f.getFileName().toString().endsWith(".mv.db"))
                        .mapToLong(f -> f.toFile().length()).sum();
            }
        }
        print(db + "_bytes_per_image", (double) bytes / total, "B");
        if (db.equals("h2")) {
            // MVStore keeps superseded chunks for its retention time, so a burst of commits leaves a larger file
            // than the data needs; this is what the same data takes once compacted (SHUTDOWN COMPACT)
            exec(url, "sa", "", "SHUTDOWN COMPACT");
            try (var files = Files.list(work)) {
                bytes = files.filter(f -> f.getFileName().toString().endsWith(".mv.db"))
                        .mapToLong(f -> f.toFile().length()).sum();
            }
            print(db + "_bytes_per_image_compacted", (double) bytes / total, "B");
        }
    }

    /**
     * The creates of one mode: {@link #open} opens a repository with the mode's settings, {@link #create} creates the
     * next images through it (one transaction each), {@link #close} closes it, so only one mode's connections are
     * open at a time.
     */
    private static final class CreatePhase {
        private final String figure;
        private final Map<String, String> settings;
        private final Random random;
        private final List<String> ids;
        private MetadataRepository repo;

        CreatePhase(String figure, Map<String, String> settings, Random random, List<String> ids) {
            this.figure = figure;
            this.settings = settings;
            this.random = random;
            this.ids = ids;
        }

        void open() {
            repo = new JdbcMetadataProvider().create(Settings.of(settings));
        }

        void close() {
            repo.close();
            repo = null;
        }

        /** Creates images [next[0], next[0] + n) and advances {@code next[0]}. */
        void create(int[] next, int n, int threads) throws InterruptedException {
            List<Image> images = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                images.add(BenchImages.image(random, next[0] + i));
            }
            next[0] += n;
            java.util.concurrent.atomic.AtomicInteger cursor = new java.util.concurrent.atomic.AtomicInteger();
            List<Thread> workers = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                Thread th = new Thread(() -> {
                    for (int i = cursor.getAndIncrement(); i < n; i = cursor.getAndIncrement()) {
                        repo.create(images.get(i));
                    }
                });
                th.start();
                workers.add(th);
            }
            for (Thread th : workers) {
                th.join();
            }
            for (Image img : images) {
                if (img.status() != ImageStatus.DELETED) {
                    ids.add(img.id()); // soft-deleted images are not found by id
                }
            }
        }
    }

    private static void analyze(String db, String url, String user, String password) throws Exception {
        if (db.equals("postgres")) {
            exec(url, user, password, "VACUUM ANALYZE");
        } else {
            exec(url, user == null ? "sa" : user, password == null ? "" : password, "ANALYZE");
        }
    }

    private static void check(Page<Image> page, int expected) {
        if (page.items().size() != expected) {
            throw new IllegalStateException("expected a full page, got " + page.items().size());
        }
    }

    private static long count(String url, String user, String password) throws Exception {
        try (Connection c = DriverManager.getConnection(url, user == null ? "sa" : user, password == null ? "" : password);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM images WHERE "
                     + "deleted_at IS NULL AND status <> 'killed' AND os_hidden = FALSE AND visibility <> 'community'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> deepMarkers(String url, String user, String password, int offset, int n) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, user == null ? "sa" : user, password == null ? "" : password);
             PreparedStatement ps = c.prepareStatement("SELECT id FROM images WHERE deleted_at IS NULL AND status <> 'killed' "
                     + "AND os_hidden = FALSE AND visibility <> 'community' ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?")) {
            ps.setInt(1, n);
            ps.setInt(2, offset);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static double p50(int runs, Supplier<?> op) {
        for (int i = 0; i < Math.min(runs, 200); i++) {
            op.get();
        }
        long[] times = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            op.get();
            times[i] = System.nanoTime() - t;
        }
        Arrays.sort(times);
        return times[runs / 2] / 1e6;
    }

    private static void print(String name, double value, String unit) {
        System.out.println(name + " " + String.format(Locale.ROOT, value >= 100 ? "%.0f" : "%.4f", value) + " " + unit);
    }

    private static String env(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException(name + " is not set (a PostgreSQL the benchmark may create databases in)");
        }
        return v;
    }

    private static void exec(String url, String user, String password, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
