package dev.imagecatalog.store.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.contract.ChildJvm;
import dev.imagecatalog.contract.FaultyImageStore;
import dev.imagecatalog.contract.SeededBytes;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageLocation;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.LocationStatus;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.recovery.RecoveryReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A copy between two filesystem stores SIGKILLed in a child JVM (metadata in an H2 file): mid-stream, and after the
 * target's commit before its location went active. Before recovery the image has a {@code pending} location in the
 * target and a write intent; after it, the image is whole in its source store only, no pending location and no
 * intent remain, and the target's data directory holds no file at all (no leftover, no orphan). The copy then
 * succeeds again.
 */
class FilesystemCopyCrashTest {
    private static final long SIZE = 4L << 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    private Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("metadata.type", "jdbc");
        s.put("metadata.jdbc.url", "jdbc:h2:file:" + dir.resolve("catalog"));
        s.put("catalog.instance", "copy-crash-test");
        s.put("stores", "src,dst");
        s.put("stores.default", "src");
        s.put("store.src.type", "filesystem");
        s.put("store.src.datadir", dir.resolve("src").toString());
        s.put("store.dst.type", "filesystem");
        s.put("store.dst.datadir", dir.resolve("dst").toString());
        return s;
    }

    @Test
    void killedMidStream() throws Exception {
        crashAndRecover(FaultyImageStore.Fault.BLOCK_ON_WRITE);
    }

    @Test
    void killedAfterTheTargetCommittedBeforeActivation() throws Exception {
        crashAndRecover(FaultyImageStore.Fault.BLOCK_AFTER_COMMIT);
    }

    private void crashAndRecover(FaultyImageStore.Fault point) throws Exception {
        Map<String, String> child = new LinkedHashMap<>(settings());
        child.put("store.dst.type", "faulty");
        child.put("store.dst.delegate.type", "filesystem");
        child.put("store.dst.delegate.datadir", child.remove("store.dst.datadir"));
        Path file = dir.resolve("child.properties");
        Properties p = new Properties();
        p.putAll(child);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "copy crash child");
        }
        String id;
        try (ChildJvm jvm = ChildJvm.start("copy-" + point, Child.class, List.of(),
                List.of(file.toString(), point.name()))) {
            id = jvm.awaitLine("paused ", TIMEOUT).split(" ")[1];
            jvm.kill();
        }
        if (point == FaultyImageStore.Fault.BLOCK_AFTER_COMMIT) {
            assertThat(filesIn("dst")).as("the committed copy").hasSize(1);
        }

        Map<String, String> restart = new LinkedHashMap<>(settings());
        restart.put("recovery.on-start", "false");
        try (ImageCatalog catalog = ImageCatalog.builder().settings(restart).build()) {
            Image cut = catalog.backends().metadataRepository().find(id).orElseThrow();
            assertThat(cut.locations()).extracting(ImageLocation::storeId, ImageLocation::status).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("src", LocationStatus.ACTIVE),
                    org.assertj.core.groups.Tuple.tuple("dst", LocationStatus.PENDING));
            assertThat(catalog.backends().metadataRepository().writeIntents()).hasSize(1);

            RecoveryReport r = catalog.recover();

            assertThat(r.removedLocations()).hasSize(1).allMatch(l -> l.storeId().equals("dst"));
            Image after = catalog.backends().metadataRepository().find(id).orElseThrow();
            assertThat(after.locations()).hasSize(1).allMatch(ImageLocation::isActive);
            assertThat(after.stores()).containsExactly("src");
            assertThat(catalog.backends().metadataRepository().writeIntents()).isEmpty();
            assertThat(filesIn("dst")).as("the target after recovery").isEmpty();
            assertThat(filesIn("src")).hasSize(1);
            ImageService admin = catalog.images(RequestContext.admin("ops", "root"));
            try (InputStream in = admin.download(id).stream()) {
                assertThat(in.readAllBytes()).isEqualTo(SeededBytes.stream(7, SIZE).readAllBytes());
            }
            assertThat(admin.copyToStores(id, List.of("dst"), true).copied()).containsExactly("dst");
            assertThat(filesIn("dst")).hasSize(1);
        }
    }

    /** Every regular file under a store's data directory, temporary files included. */
    private List<String> filesIn(String store) throws IOException {
        Path d = dir.resolve(store);
        if (!Files.exists(d)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(d)) {
            return all.filter(Files::isRegularFile).map(f -> d.relativize(f).toString()).collect(Collectors.toList());
        }
    }

    /**
     * The child JVM: uploads an image to {@code src}, arms the fault on {@code dst}, copies to {@code dst} in the
     * background, prints {@code paused <image id>} once the copy is held there, and waits to be killed.
     * Arguments: the settings file, the fault.
     */
    public static final class Child {
        private Child() {
        }

        public static void main(String[] args) throws Exception {
            Properties settings = new Properties();
            try (Reader r = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
                settings.load(r);
            }
            FaultyImageStore.Fault fault = FaultyImageStore.Fault.valueOf(args[1]);
            try (ImageCatalog catalog = ImageCatalog.builder().settings(settings).build()) {
                ImageService admin = catalog.images(RequestContext.admin("ops", "root"));
                Image img = admin.create(ImageDraft.builder().name("copied").diskFormat("raw")
                        .containerFormat("bare").build());
                admin.upload(img.id(), SeededBytes.stream(7, SIZE));
                FaultyImageStore dst = (FaultyImageStore) catalog.backends().stores().get("dst");
                dst.inject(fault, SIZE / 2);
                Thread t = new Thread(() -> admin.copyToStores(img.id(), List.of("dst"), true), "copy");
                t.setDaemon(true);
                t.start();
                if (!dst.awaitBlocked(60)) {
                    throw new IllegalStateException("the copy never reached " + fault);
                }
                System.out.println("paused " + img.id());
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE);
            }
        }
    }
}
