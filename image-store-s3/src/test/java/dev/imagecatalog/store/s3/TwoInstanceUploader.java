package dev.imagecatalog.store.s3;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.contract.FaultyImageStore;
import dev.imagecatalog.contract.SeededBytes;
import dev.imagecatalog.contract.UploadCrashChild;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.policy.RequestContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * Instance A of {@link S3TwoInstanceTest}: a catalog (its store wrapped in {@link FaultyImageStore}, every commit
 * held {@code commitDelay} after the store committed, so the object sits committed but unreferenced for a while)
 * that uploads one image per size given, each fed at about {@code bytesPerSecond}. Prints {@code uploading <id>}
 * before each upload, {@code uploaded <id>} after it, then {@code done}. Each image carries its seed in the property
 * {@code crash_seed} (its bytes are {@link SeededBytes} of that seed).
 *
 * <p>Arguments: the properties file, the sizes (comma-separated bytes), bytes per second, commit delay in ms.
 */
public final class TwoInstanceUploader {
    private TwoInstanceUploader() {
    }

    public static void main(String[] args) throws Exception {
        Properties settings = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
            settings.load(r);
        }
        String[] sizes = args[1].split(",");
        long rate = Long.parseLong(args[2]);
        Duration commitDelay = Duration.ofMillis(Long.parseLong(args[3]));
        try (ImageCatalog catalog = ImageCatalog.builder().settings(settings).build()) {
            ((FaultyImageStore) catalog.backends().stores().values().iterator().next()).delayCommits(commitDelay);
            ImageService images = catalog.images(RequestContext.member("two-instances", "a"));
            for (int i = 0; i < sizes.length; i++) {
                long seed = 100 + i;
                Image img = images.create(ImageDraft.builder().name("a-" + i).diskFormat("raw").containerFormat("bare")
                        .property(UploadCrashChild.SEED, String.valueOf(seed)).build());
                System.out.println("uploading " + img.id());
                images.upload(img.id(), throttled(SeededBytes.stream(seed, Long.parseLong(sizes[i])), rate));
                System.out.println("uploaded " + img.id());
            }
            System.out.println("done");
        }
    }

    /** {@code in}, read at about {@code bytesPerSecond}. */
    static InputStream throttled(InputStream in, long bytesPerSecond) {
        long start = System.nanoTime();
        return new FilterInputStream(in) {
            private long read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, Math.min(len, 64 * 1024));
                if (n > 0) {
                    read += n;
                    long due = start + read * 1_000_000_000L / bytesPerSecond;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        try {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new java.io.InterruptedIOException();
                        }
                    }
                }
                return n;
            }
        };
    }
}
