package dev.imagecatalog.bench;

import com.sun.net.httpserver.HttpServer;
import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.data.UploadOptions;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.ImportRequest;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.task.Task;
import dev.imagecatalog.task.TaskStatus;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Scenario {@code import}: Glance's interoperable import into the filesystem store (fsync on), one image of
 * {@code -Dbench.size} (default 1 GiB) per round, each figure beside the limit it is compared with:
 * <ul>
 *   <li>{@code web_download_mb_s}: {@link ImageService#importImage} with {@code web-download} of a URL on a loopback
 *       HTTP server (the JDK's, serving {@link PatternedSource} bytes with a Content-Length), timed from the
 *       {@code importImage} call to the task's success (the image then active); the catalog's
 *       {@code import.filtering.*} allows that server's address and port. Beside it {@code curl_download_mb_s}:
 *       {@code curl} of the same URL into a file in the same directory. Target: at least 0.8 x curl.</li>
 *   <li>{@code glance_direct_import_mb_s}: {@link ImageService#stage} of the same bytes, then a {@code glance-direct}
 *       import, timed from the start of the stage to the task's success (the image active). Beside it the limits of
 *       {@link FsLimits}: {@code limit_write_fsync_mb_s} and the digests, on the same bytes.</li>
 * </ul>
 * Every imported image's MD5 and SHA-512 are checked against the digest limits' (the same bytes). Every figure is
 * the median of the same {@link Rounds} ({@code -Dbench.rounds}, default 3). MB/s are 10^6 bytes per second.
 */
public final class ImportBenchmark {
    private static final long SEED = 20261204L;
    private static final int BUFFER = 1 << 20;
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private ImportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long size = Figures.parseSize(System.getProperty("bench.size", "1GiB"));
        Path dir = Path.of(System.getProperty("bench.dir", "target/bench-import")).toAbsolutePath();
        Path datadir = dir.resolve("images");
        FsLimits.deleteTree(dir);
        Files.createDirectories(datadir);
        HttpServer server = serve(size);
        int port = server.getAddress().getPort();
        String url = "http://127.0.0.1:" + port + "/image.raw";
        Figures.note("import: image of %d bytes (%.1f MiB) in %s, served from %s; java %s, %d cpus, max heap %d MiB",
                size, size / 1048576.0, dir, url, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        ImageCatalog.Builder b = ImageCatalog.builder()
                .setting("metadata.type", "memory")
                .setting("stores", "local")
                .setting("stores.default", "local")
                .setting("store.local.type", "filesystem")
                .setting("store.local.datadir", datadir.toString())
                .setting("import.staging-dir", dir.resolve("staging").toString())
                .setting("import.filtering.allowed-ports", Integer.toString(port))
                .setting("import.filtering.allowed-networks", "127.0.0.1/32");
        try (ImageCatalog catalog = b.build()) {
            ImageService images = catalog.images(RequestContext.admin("bench", "bench"));
            Importer importer = new Importer(images, size);

            // warm-up: JIT both import paths and the digests on a smaller image (same URL, so the full size served)
            long warm = Math.min(size, 64L << 20);
            images.delete(importer.glanceDirect(warm).id());
            images.delete(importer.webDownload(url + "?bytes=" + warm).id());
            FsLimits.digest(warm, SEED, "MD5");

            String[] expected = new String[2];
            Path curlFile = dir.resolve("curl-download.raw");
            Rounds rounds = Rounds.fromProperty();
            FsLimits.addTo(rounds, size, SEED, dir.resolve("limit-write-fsync.tmp"), expected);
            rounds.add("curl_download_mb_s", size, () -> Files.deleteIfExists(curlFile), () -> curl(url, curlFile),
                    () -> expectBytes(Files.size(curlFile), size));
            rounds.add("web_download_mb_s", size, importer::deleteLast, () -> importer.last = importer.webDownload(url),
                    () -> importer.check(expected));
            rounds.add("glance_direct_import_mb_s", size, importer::deleteLast,
                    () -> importer.last = importer.glanceDirect(size), () -> importer.check(expected));
            rounds.run();
            importer.deleteLast();
            Figures.note("every imported image's md5 and sha512 equal the digest limits' (the same bytes)");

            rounds.printMbPerSecond("web_download_mb_s");
            rounds.printMbPerSecond("curl_download_mb_s");
            rounds.printRatio("web_download_vs_curl_ratio", "web_download_mb_s", "curl_download_mb_s");
            rounds.printMbPerSecond("glance_direct_import_mb_s");
            rounds.printMbPerSecond("limit_write_fsync_mb_s");
            rounds.printMbPerSecond("limit_digest_md5_mb_s");
            rounds.printMbPerSecond("limit_digest_sha512_mb_s");
            rounds.printMbPerSecond("limit_digest_md5_sha512_mb_s");
            rounds.printRatio("glance_direct_vs_write_fsync_ratio", "glance_direct_import_mb_s",
                    "limit_write_fsync_mb_s");
            Figures.note("load average at the end %.1f",
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        } finally {
            server.stop(0);
            ((ExecutorService) server.getExecutor()).shutdownNow();
            FsLimits.deleteTree(dir);
        }
    }

    /** The imports of one round, each on a fresh image; {@link #last} is the image the previous one left. */
    private static final class Importer {
        private final ImageService images;
        private final long size;
        Image last;

        Importer(ImageService images, long size) {
            this.images = images;
            this.size = size;
        }

        Image webDownload(String from) {
            Image image = create();
            return await(image.id(), images.importImage(image.id(), ImportRequest.webDownload(from)));
        }

        Image glanceDirect(long bytes) throws Exception {
            Image image = create();
            try (InputStream in = new PatternedSource(bytes, SEED)) {
                images.stage(image.id(), in, UploadOptions.builder().declaredSize(bytes).build());
            }
            return await(image.id(), images.importImage(image.id(), ImportRequest.glanceDirect()));
        }

        /** Untimed: the previous round's image deleted, so the store holds one image at most. */
        void deleteLast() {
            if (last != null) {
                images.delete(last.id());
                last = null;
            }
        }

        /** Untimed: the imported image holds the bytes the limits digested. */
        void check(String[] expected) {
            if (last.size() == null || last.size() != size || !expected[0].equals(last.checksum())
                    || !expected[1].equals(last.osHashValue())) {
                throw new IllegalStateException("the imported image " + last.id() + " (size " + last.size()
                        + ", md5 " + last.checksum() + ") holds other bytes than the limits digested");
            }
        }

        private Image create() {
            return images.create(ImageDraft.builder().name("bench-import").diskFormat("raw").containerFormat("bare")
                    .build());
        }

        /** Polls the image's tasks until {@code started} ends; returns the image, active. */
        private Image await(String imageId, Task started) {
            while (true) {
                Task task = images.tasks(imageId).stream().filter(t -> t.id().equals(started.id())).findFirst()
                        .orElseThrow(() -> new IllegalStateException("task " + started.id() + " not listed"));
                if (task.status() == TaskStatus.SUCCESS) {
                    Image image = images.get(imageId);
                    if (image.status() != ImageStatus.ACTIVE) {
                        throw new IllegalStateException("task succeeded but image is " + image.status());
                    }
                    return image;
                }
                if (task.status() == TaskStatus.FAILURE) {
                    throw new IllegalStateException("import failed: " + task.message());
                }
                java.util.concurrent.locks.LockSupport.parkNanos(POLL_NANOS);
            }
        }
    }

    /**
     * A loopback HTTP server answering every GET with {@code size} bytes of {@link PatternedSource} (or as many as
     * its {@code bytes=N} query asks: the warm-up's smaller image).
     */
    private static HttpServer serve(long size) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/image.raw", exchange -> {
            try (exchange) {
                String query = exchange.getRequestURI().getQuery();
                long length = query != null && query.startsWith("bytes=") ? Long.parseLong(query.substring(6)) : size;
                exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
                exchange.sendResponseHeaders(200, length);
                byte[] buf = new byte[BUFFER];
                try (InputStream in = new PatternedSource(length, SEED); OutputStream out = exchange.getResponseBody()) {
                    for (int n; (n = in.readNBytes(buf, 0, BUFFER)) > 0; ) {
                        out.write(buf, 0, n);
                    }
                }
            }
        });
        server.start();
        return server;
    }

    private static void curl(String url, Path file) throws Exception {
        Process p = new ProcessBuilder("curl", "-sS", "--fail", "-o", file.toString(), url)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("curl " + url + " exited " + p.exitValue());
        }
    }

    private static void expectBytes(long got, long size) {
        if (got != size) {
            throw new IllegalStateException("curl wrote " + got + " bytes, expected " + size);
        }
    }
}
