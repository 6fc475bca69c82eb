package dev.imagecatalog.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.contract.UploadCrashChild.Point;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.policy.RequestContext;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash tests that kill a catalog with SIGKILL at chosen points of an upload and a delete, then restart a catalog on
 * the same back-ends and check what its start-up recovery (and a scrubber run) left:
 * <ul>
 *   <li>the image cut off is {@code queued} with no size, checksum or location (killed before the first write,
 *       mid-stream, or after the store's commit but before activation), or gone (killed during its delete);</li>
 *   <li>the store's backing medium, listed directly (files, objects, multipart uploads, segments), holds exactly the
 *       objects of the active images: no orphan, no incomplete write; objects that were there before the catalog
 *       (another application's) are all still there;</li>
 *   <li>every active image's bytes, downloaded, match its checksum and multihash and the data that was uploaded;</li>
 *   <li>the image cut off can be uploaded again.</li>
 * </ul>
 * A child JVM ({@link UploadCrashChild}) runs the catalog with its store wrapped in {@link FaultyImageStore} and
 * prints a line when it is at the crash point; the test then kills it ({@link ChildJvm#kill()}, exit status 137)
 * after checking that the store holds something of the interrupted write, so recovery has work to do.
 *
 * <p>A back-end module extends this with durable back-ends (metadata that outlives the process, e.g. an H2 file or
 * PostgreSQL, and one store) and a direct listing of the store's medium.
 */
public abstract class CrashRecoveryContract {
    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path crashWork;

    /**
     * Settings of a catalog on durable back-ends with exactly one store, fresh for each test (an empty database and
     * an empty folder, bucket or container, apart from {@link #foreignObjects()}).
     */
    protected abstract Map<String, String> catalogSettings() throws Exception;

    /**
     * Everything the store's medium holds now, listed directly rather than through the store: file paths relative to
     * the data directory, object keys, in-progress multipart uploads, segments. An object of an image must have the
     * image's id in its name.
     */
    protected abstract List<String> backingObjects() throws Exception;

    /**
     * Catalog settings with metadata in the H2 file {@code <dir>/catalog} and one store {@code storeId} of
     * {@code type} configured by {@code store} (keys below {@code store.<storeId>.}).
     */
    protected static Map<String, String> h2CatalogWithOneStore(Path dir, String storeId, String type,
                                                               Map<String, String> store) {
        Map<String, String> s = new java.util.LinkedHashMap<>();
        s.put("metadata.type", "jdbc");
        s.put("metadata.jdbc.url", "jdbc:h2:file:" + dir.resolve("catalog"));
        s.put("stores", storeId);
        s.put("store." + storeId + ".type", type);
        store.forEach((k, v) -> s.put("store." + storeId + "." + k, v));
        return s;
    }

    /** Names in {@link #backingObjects()} that another application put there before the test; none may go. */
    protected Set<String> foreignObjects() {
        return Set.of();
    }

    /** The size of the images uploaded (the first one is a third of it). */
    protected long imageSize() {
        return 2L << 20;
    }

    /** How many bytes the mid-stream crash lets the upload read first. */
    protected long killAt() {
        return imageSize() / 2;
    }

    @Test
    void killedBeforeTheFirstWrite() throws Exception {
        crashAndRecover(Point.BEFORE_FIRST_WRITE);
    }

    @Test
    void killedMidStream() throws Exception {
        crashAndRecover(Point.MID_STREAM);
    }

    @Test
    void killedAfterTheStoreCommitBeforeActivation() throws Exception {
        crashAndRecover(Point.AFTER_COMMIT);
    }

    @Test
    void killedDuringADelete() throws Exception {
        crashAndRecover(Point.DURING_DELETE);
    }

    private void crashAndRecover(Point point) throws Exception {
        Map<String, String> settings = new LinkedHashMap<>(catalogSettings());
        // the restarted catalog is the same instance as the one killed
        settings.putIfAbsent("catalog.instance", "crash-test");
        List<String> before = backingObjects();
        assertThat(before).as("the medium before the test").containsExactlyInAnyOrderElementsOf(foreignObjects());
        Path file = crashWork.resolve("child.properties");
        Properties childSettings = new Properties();
        childSettings.putAll(FaultyImageStoreProvider.wrapping(settings));
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            childSettings.store(w, "crash child of " + getClass().getSimpleName());
        }

        List<String> uploaded;
        String victim;
        try (ChildJvm child = ChildJvm.start(point.name().toLowerCase(), UploadCrashChild.class, List.of(),
                List.of(file.toString(), point.name(), String.valueOf(imageSize()), String.valueOf(killAt())))) {
            victim = child.awaitLine("paused " + point + " ", CHILD_TIMEOUT).split(" ")[2];
            uploaded = child.linesStartingWith("uploaded ").stream().map(l -> l.substring("uploaded ".length())).toList();
            assertThat(uploaded).hasSize(2);
            if (point != Point.BEFORE_FIRST_WRITE) {
                awaitObjectOf(victim, point);
            }
            child.kill();
        }

        try (ImageCatalog catalog = ImageCatalog.builder().settings(settings).build()) {
            assertRecovered(catalog, point, victim, uploaded);
            catalog.scrubber().runOnce();
            assertRecovered(catalog, point, victim, uploaded);
            if (point != Point.DURING_DELETE) {
                ImageService images = catalog.images(RequestContext.member(UploadCrashChild.PROJECT, "parent"));
                images.upload(victim, SeededBytes.stream(3, imageSize()));
                List<String> active = new ArrayList<>(uploaded);
                active.add(victim);
                assertActiveAndWhole(catalog, active);
                assertMediumHoldsExactly(active);
            }
        }
    }

    private void awaitObjectOf(String victim, Point point) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        List<String> now = backingObjects();
        while (now.stream().noneMatch(n -> n.contains(victim))) {
            assertThat(System.nanoTime()).as("at %s the medium holds nothing of image %s: %s", point, victim, now)
                    .isLessThan(deadline);
            Thread.sleep(50);
            now = backingObjects();
        }
    }

    private void assertRecovered(ImageCatalog catalog, Point point, String victim, List<String> uploaded)
            throws Exception {
        assertThat(catalog.backends().metadataRepository().findByStatus(ImageStatus.SAVING, 10)).as("images left saving").isEmpty();
        ImageService admin = catalog.images(RequestContext.admin(UploadCrashChild.PROJECT, "admin"));
        if (point == Point.DURING_DELETE) {
            assertThatThrownBy(() -> admin.get(victim)).isInstanceOf(NotFoundException.class);
        } else {
            Image img = admin.get(victim);
            assertThat(img.status()).as("image cut off at %s", point).isEqualTo(ImageStatus.QUEUED);
            assertThat(img.size()).isNull();
            assertThat(img.checksum()).isNull();
            assertThat(img.osHashValue()).isNull();
            assertThat(img.locations()).isEmpty();
        }
        assertActiveAndWhole(catalog, uploaded);
        assertMediumHoldsExactly(uploaded);
    }

    private static void assertActiveAndWhole(ImageCatalog catalog, List<String> ids) {
        assertThat(catalog.backends().metadataRepository().findByStatus(ImageStatus.ACTIVE, 100).stream().map(Image::id))
                .as("active images").containsExactlyInAnyOrderElementsOf(ids);
        assertWhole(catalog, ids);
    }

    /**
     * Each image is active and its bytes, downloaded, match its checksum and multihash and the data it was uploaded
     * with ({@link SeededBytes} of the seed in its property {@value UploadCrashChild#SEED}).
     */
    public static void assertWhole(ImageCatalog catalog, Collection<String> ids) {
        ImageService admin = catalog.images(RequestContext.admin("crash-check", "admin"));
        for (String id : ids) {
            Image img = admin.get(id);
            assertThat(img.status()).as("status of %s", id).isEqualTo(ImageStatus.ACTIVE);
            long seed = Long.parseLong(img.properties().get(UploadCrashChild.SEED));
            assertThat(img.checksum()).as("checksum of %s", id).isEqualTo(SeededBytes.md5(seed, img.size()));
            assertThat(SeededBytes.digest("MD5", admin.download(id).stream())).as("md5 of the bytes of %s", id)
                    .isEqualTo(img.checksum());
            assertThat(SeededBytes.digest("SHA-512", admin.download(id).stream())).as("sha512 of the bytes of %s", id)
                    .isEqualTo(img.osHashValue());
        }
    }

    private void assertMediumHoldsExactly(List<String> activeIds) throws Exception {
        List<String> all = backingObjects();
        assertThat(all).as("objects of other applications").containsAll(foreignObjects());
        List<String> ours = all.stream().filter(n -> !foreignObjects().contains(n)).collect(Collectors.toList());
        for (String name : ours) {
            assertThat(activeIds).as("%s belongs to an active image (else an orphan or an incomplete write); all: %s",
                    name, all).anyMatch(name::contains);
        }
        for (String id : activeIds) {
            assertThat(ours).as("objects of active image %s", id).anyMatch(n -> n.contains(id));
        }
    }
}
