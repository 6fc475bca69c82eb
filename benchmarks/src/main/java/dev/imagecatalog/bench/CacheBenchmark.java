package dev.imagecatalog.bench;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.cache.CacheService;
import dev.imagecatalog.cache.CachedImage;
import dev.imagecatalog.data.ImageData;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.policy.RequestContext;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Scenario {@code cache}: one image (default 1 GiB; {@code -Dbench.size=256MiB} for a quick run) in a store that is
 * not local (s3 on s3proxy when {@code IMAGECATALOG_S3PROXY_ENDPOINT} is set, as {@code scripts/bench cache}
 * arranges; else a memory store with {@code store.<id>.local=false}, said on standard error), downloaded through
 * {@link ImageService#download} and read to the end in 1 MiB buffers, round after round:
 * <ul>
 *   <li>{@code cache_miss_download_mb_s}: a download that fills the cache (the entry removed untimed before it), timed
 *       from its start to the stream's close; afterwards, untimed, the round waits (at most 60 s) until the fill's
 *       verification has committed the entry, so those deferred digests take no CPU from the next round. Beside it
 *       {@code store_download_mb_s}: the same bytes downloaded from the same kind of store by a second catalog
 *       without a cache. Target: the miss at least 0.9 x the store download ({@code cache_miss_vs_store_ratio}):
 *       filling costs little;</li>
 *   <li>{@code cache_hit_download_mb_s}: a download served from the cached file, beside {@code limit_read_mb_s}: raw
 *       {@code FileChannel} reads of that cached file. Both read it <b>from the page cache</b>: each is preceded by an
 *       untimed raw read of it. Target: at least 0.9 x ({@code cache_hit_vs_read_ratio}).</li>
 * </ul>
 * {@code limit_write_fsync_mb_s} (raw writes of as many bytes into the cache's directory, then one fsync),
 * {@code limit_digest_md5_mb_s} and {@code limit_digest_sha512_mb_s} (each digest of as many bytes on one thread,
 * 1 MiB buffers) are what the fill's writing and verification cost. The CPU time of the caller's thread (the one
 * reading the download) and of the whole JVM during the miss and the store download are printed per GiB, medians of
 * the rounds, with each one's CPU by thread and the s3proxy process's CPU as commentary: where a slower miss spends
 * its time on a machine whose cores the catalog and the store's server share. Every figure is the median of the
 * same {@link Rounds} ({@code -Dbench.rounds}, default 3). MB/s are 10^6 bytes per second.
 */
public final class CacheBenchmark {
    private static final long SEED = 20261204L;
    private static final double GIB = 1L << 30;
    private static final int BUFFER = 1 << 20;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final long size;
    private final double[][] readerCpu;
    private final double[][] processCpu;
    private final int[] done = new int[2];
    /** The command line of the store's server whose CPU is noted beside each download's; null for none. */
    private final String serverCommand;

    private CacheBenchmark(long size, int rounds, String serverCommand) {
        this.size = size;
        this.serverCommand = serverCommand;
        this.readerCpu = new double[2][rounds];
        this.processCpu = new double[2][rounds];
    }

    public static void main(String[] args) throws Exception {
        long size = Figures.parseSize(System.getProperty("bench.size", "1GiB"));
        Path dir = Path.of(System.getProperty("bench.dir", "target/bench-cache")).toAbsolutePath();
        String endpoint = System.getenv("IMAGECATALOG_S3PROXY_ENDPOINT");
        boolean s3 = endpoint != null && !endpoint.isBlank();
        FsLimits.deleteTree(dir);
        Files.createDirectories(dir);
        Figures.note("cache: image of %d bytes (%.1f MiB) in %s, cache in %s; java %s, %d cpus, max heap %d MiB",
                size, size / 1048576.0, s3 ? "s3 at " + endpoint
                        : "a memory store marked not local (no s3: IMAGECATALOG_S3PROXY_ENDPOINT unset)", dir,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        Rounds rounds = Rounds.fromProperty();
        new CacheBenchmark(size, rounds.count(), s3 ? "s3proxy" : null).run(rounds, dir, s3 ? endpoint : null);
    }

    private void run(Rounds rounds, Path dir, String endpoint) throws Exception {
        Path cacheDir = dir.resolve("cache");
        String bucket = "ic-bench-cache-" + UUID.randomUUID().toString().substring(0, 8);
        ImageCatalog.Builder withCache = store(ImageCatalog.builder(), endpoint, bucket + "-c")
                .setting("cache.enabled", "true").setting("cache.dir", cacheDir.toString())
                .setting("cache.max-size", (Math.max(2 * size, 1L << 30) >> 10) + "KiB");
        ImageCatalog.Builder without = store(ImageCatalog.builder(), endpoint, bucket + "-s");
        RequestContext admin = RequestContext.admin("bench", "bench");
        try (ImageCatalog cached = withCache.build(); ImageCatalog plain = without.build()) {
            ImageService images = cached.images(admin);
            ImageService plainImages = plain.images(admin);
            CacheService cache = cached.cache(admin);

            // warm-up: JIT a miss, a hit and a store download on a small image
            long warmSize = Math.min(size, 64L << 20);
            Image warm = upload(images, warmSize);
            drain(images, warm.id(), warmSize);
            awaitCached(cache, warm.id());
            drain(images, warm.id(), warmSize);
            images.delete(warm.id());
            Image plainWarm = upload(plainImages, warmSize);
            drain(plainImages, plainWarm.id(), warmSize);
            plainImages.delete(plainWarm.id());

            Image img = upload(images, size);
            Image plainImg = upload(plainImages, size);
            Path[] file = new Path[1];
            rounds.add("store_download_mb_s", size, () -> measured(1, () -> drain(plainImages, plainImg.id(), size)));
            rounds.add("cache_miss_download_mb_s", size, () -> {
                if (isCached(cache, img.id())) {
                    cache.remove(img.id());
                }
            }, () -> measured(0, () -> drainTimed(images, img.id(), size)), () -> {
                long waited = awaitCached(cache, img.id());
                if (waited > 0) {
                    Figures.note("the cache entry appeared %.3f s after the miss's stream was closed", waited / 1e9);
                }
                file[0] = cachedFile(cacheDir, img.id());
            });
            long[] hitsBefore = new long[1];
            rounds.add("cache_hit_download_mb_s", size, () -> {
                hitsBefore[0] = requireCached(cache, img.id()).hits();
                FsLimits.rawRead(file[0]);
            }, () -> drain(images, img.id(), size), () -> requireHitCounted(cache, img.id(), hitsBefore[0]));
            rounds.add("limit_read_mb_s", size, () -> FsLimits.rawRead(file[0]),
                    () -> check(FsLimits.rawRead(file[0]), size));
            // what the miss's verification costs on one core: MD5 and the multihash (SHA-512) of as many bytes
            Path raw = cacheDir.resolve("limit-write-fsync.tmp");
            rounds.add("limit_write_fsync_mb_s", size, () -> Files.deleteIfExists(raw),
                    () -> FsLimits.rawWriteFsync(raw, size, SEED), () -> Files.delete(raw));
            rounds.add("limit_digest_md5_mb_s", size, () -> FsLimits.digest(size, SEED, "MD5"));
            rounds.add("limit_digest_sha512_mb_s", size, () -> FsLimits.digest(size, SEED, "SHA-512"));
            rounds.run();
            Image last = images.get(img.id());
            CachedImage entry = requireCached(cache, img.id());
            if (entry.size() != size || !entry.checksum().equals(last.checksum())
                    || !last.checksum().equals(plainImages.get(plainImg.id()).checksum())) {
                throw new IllegalStateException("the cached entry or the images differ: " + entry + ", " + last);
            }
            Figures.note("the cache entry: %s; both images hold the same bytes (md5 %s)", entry, last.checksum());

            rounds.printMbPerSecond("cache_hit_download_mb_s");
            rounds.printMbPerSecond("limit_read_mb_s");
            rounds.printRatio("cache_hit_vs_read_ratio", "cache_hit_download_mb_s", "limit_read_mb_s");
            rounds.printMbPerSecond("cache_miss_download_mb_s");
            rounds.printMbPerSecond("store_download_mb_s");
            rounds.printRatio("cache_miss_vs_store_ratio", "cache_miss_download_mb_s", "store_download_mb_s");
            rounds.printMbPerSecond("limit_write_fsync_mb_s");
            rounds.printMbPerSecond("limit_digest_md5_mb_s");
            rounds.printMbPerSecond("limit_digest_sha512_mb_s");
            Figures.print("cache_miss_reader_cpu_s_per_gib", Figures.median(readerCpu[0]), "s/GiB");
            Figures.print("store_download_reader_cpu_s_per_gib", Figures.median(readerCpu[1]), "s/GiB");
            Figures.print("cache_miss_process_cpu_s_per_gib", Figures.median(processCpu[0]), "s/GiB");
            Figures.print("store_download_process_cpu_s_per_gib", Figures.median(processCpu[1]), "s/GiB");
            images.delete(img.id());
            plainImages.delete(plainImg.id());
        } finally {
            if (endpoint != null) {
                deleteBuckets(endpoint, bucket + "-c", bucket + "-s");
            }
            FsLimits.deleteTree(dir);
        }
    }

    private static void deleteBuckets(String endpoint, String... buckets) {
        try (S3Client sdk = S3Client.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .forcePathStyle(true).httpClientBuilder(ApacheHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        S3Benchmark.env("IMAGECATALOG_S3PROXY_ACCESS_KEY"),
                        S3Benchmark.env("IMAGECATALOG_S3PROXY_SECRET_KEY")))).build()) {
            for (String b : buckets) {
                S3Benchmark.emptyAndDelete(sdk, b);
            }
        }
    }

    /** The one store, {@code bench}: s3 on {@code endpoint} in {@code bucket}, or memory; marked not local. */
    private static ImageCatalog.Builder store(ImageCatalog.Builder b, String endpoint, String bucket) {
        b.setting("metadata.type", "memory").setting("stores", "bench").setting("store.bench.local", "false");
        if (endpoint == null) {
            return b.setting("store.bench.type", "memory");
        }
        return b.setting("store.bench.type", "s3").setting("store.bench.endpoint", endpoint)
                .setting("store.bench.access-key", S3Benchmark.env("IMAGECATALOG_S3PROXY_ACCESS_KEY"))
                .setting("store.bench.secret-key", S3Benchmark.env("IMAGECATALOG_S3PROXY_SECRET_KEY"))
                .setting("store.bench.path-style", "true").setting("store.bench.bucket", bucket)
                .setting("store.bench.create-bucket", "true");
    }

    /** Runs a download, recording the caller thread's and the JVM's CPU per GiB ({@code which}: 0 miss, 1 store). */
    private void measured(int which, Rounds.Body download) throws Exception {
        Map<String, Long> t0 = TaskCpu.byName();
        Map<String, Long> j0 = TaskCpu.byJavaName();
        double server = serverCommand == null ? 0 : TaskCpu.processesSeconds(serverCommand);
        long reader = threads.getCurrentThreadCpuTime();
        long process = os.getProcessCpuTime();
        download.run();
        reader = threads.getCurrentThreadCpuTime() - reader;
        process = os.getProcessCpuTime() - process;
        server = serverCommand == null ? 0 : TaskCpu.processesSeconds(serverCommand) - server;
        String name = which == 0 ? "miss" : "store download";
        Figures.note("%s: reader thread %.3f s CPU, this JVM %.2f s CPU, %s %.2f s CPU; threads: %s; Java"
                + " threads: %s", name, reader / 1e9, process / 1e9, serverCommand == null ? "no server"
                : serverCommand, server, TaskCpu.diff(t0, TaskCpu.byName()), TaskCpu.diff(j0, TaskCpu.byJavaName()));
        readerCpu[which][done[which]] = reader / 1e9 / (size / GIB);
        processCpu[which][done[which]++] = process / 1e9 / (size / GIB);
    }

    private static Image upload(ImageService images, long size) throws IOException {
        return ImageTransfers.upload(images, "bench-cache", size, SEED, null);
    }

    /** {@link ImageTransfers#drain}, which must read exactly {@code size} bytes. */
    private static void drain(ImageService images, String id, long size) throws IOException {
        check(ImageTransfers.drain(images, id), size);
    }

    /**
     * {@link #drain}, noting when the last byte arrived, when the stream said it ended (a follower of a fill: once
     * the fill has written the whole image, before its verification) and when it was closed, from the download's
     * start.
     */
    private static void drainTimed(ImageService images, String id, long size) throws IOException {
        byte[] buf = new byte[BUFFER];
        long total = 0;
        long t0 = System.nanoTime();
        long lastByte = 0;
        long end;
        try (ImageData data = images.download(id); InputStream in = data.stream()) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                total += n;
                if (total == size) {
                    lastByte = System.nanoTime();
                }
            }
            end = System.nanoTime();
        }
        long closed = System.nanoTime();
        check(total, size);
        Figures.note("miss: last byte at %.3f s, end of stream at %.3f s, closed at %.3f s", (lastByte - t0) / 1e9,
                (end - t0) / 1e9, (closed - t0) / 1e9);
    }

    private static CachedImage entry(CacheService cache, String id) {
        for (CachedImage c : cache.list().cached()) {
            if (c.imageId().equals(id)) {
                return c;
            }
        }
        return null;
    }

    private static boolean isCached(CacheService cache, String id) {
        return entry(cache, id) != null;
    }

    private static CachedImage requireCached(CacheService cache, String id) {
        CachedImage c = entry(cache, id);
        if (c == null) {
            throw new IllegalStateException("image " + id + " is not in the cache: " + cache.list());
        }
        return c;
    }

    /** Untimed: the download was served from the cache (its entry counted one hit more than before it). */
    private static void requireHitCounted(CacheService cache, String id, long hitsBefore) {
        long hits = requireCached(cache, id).hits();
        if (hits != hitsBefore + 1) {
            throw new IllegalStateException("a download of a cached image was not counted as one cache hit: "
                    + hitsBefore + " hits before, " + hits + " after");
        }
    }

    /** Waits (bounded, 60 s) until the image is cached; {@return the nanoseconds waited, 0 if it was at once} */
    private static long awaitCached(CacheService cache, String id) {
        long t0 = System.nanoTime();
        if (isCached(cache, id)) {
            return 0;
        }
        while (!isCached(cache, id)) {
            if (System.nanoTime() - t0 > 60_000_000_000L) {
                throw new IllegalStateException("image " + id + " was not cached 60 s after a full download");
            }
            LockSupport.parkNanos(1_000_000);
        }
        return System.nanoTime() - t0;
    }

    /** The cached file of the image: {@code <cache.dir>/<catalog id>/images/<image id>}. */
    private static Path cachedFile(Path cacheDir, String id) throws IOException {
        try (Stream<Path> s = Files.walk(cacheDir)) {
            return s.filter(p -> p.getFileName().toString().equals(id) && p.getParent().getFileName().toString()
                    .equals("images")).findFirst().orElseThrow(() -> new IllegalStateException(
                    "no cached file of " + id + " under " + cacheDir));
        }
    }

    private static void check(long read, long size) {
        if (read != size) {
            throw new IllegalStateException("read " + read + " bytes, expected " + size);
        }
    }

}
