package dev.imagecatalog.store.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.contract.ChildJvm;
import dev.imagecatalog.contract.CrashRecoveryContract;
import dev.imagecatalog.contract.FaultyImageStoreProvider;
import dev.imagecatalog.contract.TestEnvironment;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two catalog instances in two JVMs on one PostgreSQL database and one S3 bucket (s3proxy, no prefix: the whole
 * bucket), which also holds other applications' objects. Instance A uploads six images of 100 KiB to 11 MiB (most
 * of them multipart, 5 MiB parts), fed slowly, each commit held 1.5 s before activation (the object sits committed
 * but unreferenced). Meanwhile instance B restarts again and again (each start runs the start-up recovery) and runs
 * the scrubber's orphan sweep twice per start. Every upload of A must complete and its bytes verify against its
 * checksum, multihash and data; the foreign objects must all be there; the bucket must end holding exactly A's
 * objects and those. B's sweeps see A's uploads through the write intents A recorded in the shared database.
 */
class S3TwoInstanceTest {
    private static final Set<String> FOREIGN = Set.of("backups/db.dump", "README.txt", "glance/notes.txt");
    private static final String SIZES = String.join(",", List.of(
            String.valueOf(11L << 20), String.valueOf(2L << 20), "102400", String.valueOf(11L << 20),
            String.valueOf(3L << 20), String.valueOf(11L << 20)));
    private static final long BYTES_PER_SECOND = 6L << 20;
    private static final long COMMIT_DELAY_MS = 1500;

    @TempDir
    Path dir;

    private String adminUrl;
    private String user;
    private String password;
    private String database;
    private RawBucket bucket;
    private Map<String, String> settings;

    @BeforeEach
    void sharedDatabaseAndBucket() throws SQLException {
        adminUrl = TestEnvironment.require("IMAGECATALOG_PG_URL", S3TestServers.PROVIDED_BY);
        user = TestEnvironment.require("IMAGECATALOG_PG_USER", S3TestServers.PROVIDED_BY);
        password = TestEnvironment.optional("IMAGECATALOG_PG_PASSWORD").orElse("");
        Map<String, String> store = S3TestServers.s3proxy(S3TestServers.bucketName("two"));
        store.remove("prefix");
        store.put("create-bucket", "false");
        bucket = new RawBucket(store).create();
        FOREIGN.forEach(k -> bucket.put(k, "not the catalog's: " + k));
        database = "ic_two_" + UUID.randomUUID().toString().substring(0, 8);
        sql(adminUrl, "CREATE DATABASE " + database);
        settings = new LinkedHashMap<>();
        settings.put("metadata.type", "jdbc");
        settings.put("metadata.jdbc.url", adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + database);
        settings.put("metadata.jdbc.user", user);
        settings.put("metadata.jdbc.password", password);
        settings.put("stores", "s3");
        settings.put("store.s3.type", "s3");
        store.forEach((k, v) -> settings.put("store.s3." + k, v));
    }

    @AfterEach
    void dropDatabaseAndBucket() throws SQLException {
        if (bucket != null) {
            bucket.delete();
            bucket.close();
        }
        if (database != null) {
            sql(adminUrl, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    private void sql(String url, String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private Path properties(String name, Map<String, String> values) throws Exception {
        Path file = dir.resolve(name + ".properties");
        Properties p = new Properties();
        p.putAll(values);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, name);
        }
        return file;
    }

    @Test
    void anInstanceSweepingRepeatedlyNeverTouchesTheOthersUploadsNorForeignObjects() throws Exception {
        Map<String, String> a = new LinkedHashMap<>(FaultyImageStoreProvider.wrapping(settings));
        a.put("catalog.instance", "instance-a");
        Map<String, String> b = new LinkedHashMap<>(settings);
        b.put("catalog.instance", "instance-b");
        Path aFile = properties("a", a);
        Path bFile = properties("b", b);

        List<String> uploaded;
        int roundsDuringUploads;
        try (ChildJvm uploader = ChildJvm.start("instance-a", TwoInstanceUploader.class, List.of(), List.of(
                aFile.toString(), SIZES, String.valueOf(BYTES_PER_SECOND), String.valueOf(COMMIT_DELAY_MS)));
             ChildJvm sweeper = ChildJvm.start("instance-b", TwoInstanceSweeper.class, List.of(),
                     List.of(bFile.toString()))) {
            uploader.awaitLine("uploading ", Duration.ofSeconds(120));
            sweeper.awaitLine("round 1 ", Duration.ofSeconds(120));
            uploader.awaitExit(Duration.ofSeconds(300));
            roundsDuringUploads = sweeper.linesStartingWith("round ").size();
            sweeper.send("stop");
            sweeper.awaitExit(Duration.ofSeconds(120));
            uploaded = uploader.linesStartingWith("uploaded ").stream().map(l -> l.substring("uploaded ".length()))
                    .collect(Collectors.toList());
            assertThat(uploader.output()).as("instance A's output").contains("done");
        }
        assertThat(uploaded).hasSize(6);
        assertThat(roundsDuringUploads).as("restarts and sweeps of instance B while A uploaded").isGreaterThanOrEqualTo(2);

        Map<String, String> check = new LinkedHashMap<>(settings);
        check.put("catalog.instance", "check");
        check.put("recovery.on-start", "false");
        try (ImageCatalog catalog = ImageCatalog.builder().settings(check).build()) {
            CrashRecoveryContract.assertWhole(catalog, uploaded);
        }
        List<String> all = bucket.everything();
        assertThat(all).as("the bucket after both instances").containsAll(FOREIGN);
        for (String name : all) {
            if (!FOREIGN.contains(name)) {
                assertThat(uploaded).as("%s belongs to an image of A (not an orphan, not an incomplete write); all: %s",
                        name, all).anyMatch(name::contains);
            }
        }
        for (String id : uploaded) {
            assertThat(all).as("objects of image %s", id).anyMatch(n -> n.contains(id));
        }
    }
}
