package dev.imagecatalog.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.data.ImageData;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageLocation;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageWriter;
import dev.imagecatalog.spi.MetadataRepository;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** What the cache suites share: whole downloads, bounded polling, distinct access times, corrupting an object. */
public final class CacheTestSupport {
    /** How long a poll waits at most. */
    public static final Duration BOUND = Duration.ofSeconds(60);

    private CacheTestSupport() {
    }

    /** A whole download by {@code ctx}, read to its end. */
    public static byte[] download(ImageCatalog c, RequestContext ctx, String id) throws Exception {
        try (ImageData d = c.images(ctx).download(id); InputStream in = d.stream()) {
            return in.readAllBytes();
        }
    }

    /**
     * Polls until no {@code incomplete/<id>} is left under {@code root}: the fill of image {@code id} is over, its
     * file committed, moved to invalid/ or deleted (a download ends before its fill's verification).
     */
    public static void awaitFillOver(Path root, String id) throws InterruptedException {
        await("the fill of image " + id + " over", () -> {
            try (Stream<Path> files = Files.walk(root)) {
                return files.noneMatch(f -> f.getFileName().toString().equals(id) && f.getParent() != null
                        && f.getParent().getFileName().toString().equals("incomplete"));
            } catch (NoSuchFileException e) {
                return false; // a prune or commit removed a file under the walk: look again
            } catch (UncheckedIOException e) {
                if (e.getCause() instanceof NoSuchFileException) {
                    return false;
                }
                throw e;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Polls until {@code done} holds, failing with {@code what} after a bound. */
    public static void await(String what, Supplier<Boolean> done) throws InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!done.get()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /** Returns once the wall clock has moved on by two milliseconds, so accesses get distinct times. */
    public static void nextMillisecond() {
        long start = System.currentTimeMillis();
        while (System.currentTimeMillis() < start + 2) {
            Thread.onSpinWait();
        }
    }

    /**
     * Puts {@code bytes} (the image's size, other bytes) where the image's only location is, through the raw
     * back-ends: written by the store's own writer; when the store writes a new object, the image's record is
     * pointed at it and the old object deleted. Size and checksums in the record stay as they were.
     */
    public static void overwrite(ImageCatalog c, String imageId, byte[] bytes) throws Exception {
        MetadataRepository repo = c.backends().metadataRepository();
        Image img = repo.find(imageId).orElseThrow();
        StoreLocation old = img.activeLocations().get(0);
        ImageStore raw = c.backends().stores().get(old.storeId());
        StoreLocation written;
        try (ImageWriter w = raw.openWriter(imageId, bytes.length)) {
            w.write(ByteBuffer.wrap(bytes));
            written = w.commit();
        }
        if (!written.equals(old)) {
            repo.update(img.toBuilder().locations(List.of(ImageLocation.active(written))).build());
            raw.delete(old);
        }
        assertThat(raw.size(written)).isEqualTo(bytes.length);
    }
}
