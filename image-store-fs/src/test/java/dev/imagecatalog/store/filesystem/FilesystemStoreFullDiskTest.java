package dev.imagecatalog.store.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.config.Settings;
import dev.imagecatalog.error.StorageFullException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageWriter;
import dev.imagecatalog.spi.StoreContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk: a 2 MiB tmpfs mounted as the data directory (needs root, as in CI). Where mounting is not
 * possible the test fails when CI=true and is skipped elsewhere.
 */
class FilesystemStoreFullDiskTest {
    private static final int CAPACITY = 2 * 1024 * 1024;

    @TempDir
    Path dir;
    private Path mountPoint;
    private boolean mounted;

    @BeforeEach
    void mountSmallTmpfs() throws Exception {
        mountPoint = Files.createDirectories(dir.resolve("small"));
        String failure = run("mount", "-t", "tmpfs", "-o", "size=" + CAPACITY, "tmpfs", mountPoint.toString());
        if (failure != null) {
            String why = "cannot mount a small tmpfs (needs root): " + failure;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(why);
            }
            Assumptions.abort(why);
        }
        mounted = true;
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            String failure = run("umount", mountPoint.toString());
            assertThat(failure).as("umount").isNull();
        }
    }

    /** Runs a command; null on success, else what went wrong. */
    private static String run(String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "timed out";
            }
            return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + new String(out).trim();
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** The temporary files of every catalog. */
    private List<Path> incoming() throws IOException {
        try (Stream<Path> s = Files.walk(mountPoint.resolve(FilesystemImageStore.INCOMING))) {
            return s.filter(Files::isRegularFile).collect(Collectors.toList());
        }
    }

    @Test
    void writingMoreThanFitsIsStorageFullAndLeavesNothing() throws Exception {
        try (ImageStore store = new FilesystemImageStoreProvider().create(new StoreContext("small", "full-disk",
                Settings.of(Map.of("datadir", mountPoint.toString()))))) {
            byte[] small = random(256 * 1024, 1);
            StoreLocation kept;
            try (ImageWriter w = store.openWriter(UUID.randomUUID().toString(), small.length)) {
                w.write(ByteBuffer.wrap(small));
                kept = w.commit();
            }

            String id = UUID.randomUUID().toString();
            byte[] chunk = random(256 * 1024, 2);
            ImageWriter w = store.openWriter(id, 4L * CAPACITY);
            long written = 0;
            StorageFullException full = null;
            try {
                while (written < 4L * CAPACITY) {
                    w.write(ByteBuffer.wrap(chunk));
                    written += chunk.length;
                }
                w.commit();
            } catch (StorageFullException e) {
                full = e;
            }
            assertThat(full).as("writing %d bytes into %d must fail as storage full", 4L * CAPACITY, CAPACITY).isNotNull();
            assertThat(full.getMessage()).contains(id).contains("no space left");
            assertThat(full.httpStatus()).isEqualTo(413);
            assertThat(incoming()).as("partial file removed").isEmpty();
            assertThatThrownBy(() -> w.write(ByteBuffer.wrap(chunk))).isInstanceOf(IOException.class);
            w.close();

            List<StoreLocation> all = new ArrayList<>();
            store.forEachOwned(o -> all.add(o.location()));
            assertThat(all).containsExactly(kept);
            try (InputStream in = store.openStream(kept, 0, -1)) {
                assertThat(in.readAllBytes()).isEqualTo(small);
            }

            // the space came back: a write that fits succeeds again
            byte[] again = random(1024 * 1024, 3);
            try (ImageWriter w2 = store.openWriter(UUID.randomUUID().toString(), -1)) {
                w2.write(ByteBuffer.wrap(again));
                StoreLocation loc = w2.commit();
                try (InputStream in = store.openStream(loc, 0, -1)) {
                    assertThat(in.readAllBytes()).isEqualTo(again);
                }
            }
            assertThat(incoming()).isEmpty();
        }
    }

    @Test
    void anUploadThroughTheServiceIntoAFullDiskIsStorageFullAndTheImageStaysQueued() throws Exception {
        try (ImageCatalog catalog = ImageCatalog.builder()
                .setting("metadata.type", "memory")
                .setting("stores", "small")
                .setting("store.small.type", "filesystem")
                .setting("store.small.datadir", mountPoint.toString())
                .build()) {
            ImageService images = catalog.images(RequestContext.member("p", "u"));
            Image image = images.create(ImageDraft.builder().name("too-big").diskFormat("raw").containerFormat("bare").build());
            byte[] data = random(3 * CAPACITY, 4);
            assertThatThrownBy(() -> images.upload(image.id(), new ByteArrayInputStream(data)))
                    .isInstanceOf(StorageFullException.class)
                    .satisfies(e -> assertThat(((StorageFullException) e).httpStatus()).isEqualTo(413));
            Image after = images.get(image.id());
            assertThat(after.status()).isEqualTo(ImageStatus.QUEUED);
            assertThat(after.size()).isNull();
            assertThat(after.checksum()).isNull();
            assertThat(incoming()).isEmpty();
            List<StoreLocation> all = new ArrayList<>();
            catalog.backends().stores().get("small").forEachOwned(o -> all.add(o.location()));
            assertThat(all).isEmpty();

            byte[] fits = random(CAPACITY / 2, 5);
            Image ok = images.upload(image.id(), new ByteArrayInputStream(fits));
            assertThat(ok.status()).isEqualTo(ImageStatus.ACTIVE);
            assertThat(ok.size()).isEqualTo(fits.length);
        }
    }
}
