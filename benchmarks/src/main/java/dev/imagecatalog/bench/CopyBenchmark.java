package dev.imagecatalog.bench;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.StoreCopyResult;
import dev.imagecatalog.policy.RequestContext;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Scenario {@code copy}: one image (default 1 GiB; {@code -Dbench.size=256MiB} for a quick run) uploaded once to a
 * filesystem store, then copied with {@link ImageService#copyToStores} (one read fanned out to the target's writer,
 * MD5 and SHA-512 verified before commit) and removed from the target again, round after round:
 * <ul>
 *   <li>{@code copy_fs_to_fs_mb_s}: into a second filesystem store (fsync on) in the same directory, beside the
 *       limits of {@link FsLimits} on the same bytes and {@code limit_read_mb_s} (raw reads of the source file).
 *       Copy and raw read both read the source <b>from the page cache</b>: each is preceded by an untimed raw
 *       read of it. Target: at least 0.8 x the smallest limit ({@code copy_fs_to_fs_vs_limit_ratio}). Beside it
 *       {@code upload_fs_mb_s}: the same bytes uploaded into the target store from a generated stream (the same
 *       pipeline with one writer, without the source read);</li>
 *   <li>{@code copy_fs_to_s3_mb_s}: into an s3 store on s3proxy, beside {@code s3_sdk_upload_mb_s}, the bare SDK's
 *       multipart upload of as many bytes with the same part size and concurrency ({@link S3Benchmark}'s), when
 *       {@code IMAGECATALOG_S3PROXY_ENDPOINT} is set ({@code scripts/bench copy} starts s3proxy).</li>
 * </ul>
 * Every figure is the median of the same {@link Rounds} ({@code -Dbench.rounds}, default 3). MB/s are 10^6 bytes
 * per second.
 */
public final class CopyBenchmark {
    private static final long SEED = 20261203L;

    private CopyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long size = Figures.parseSize(System.getProperty("bench.size", "1GiB"));
        Path dir = Path.of(System.getProperty("bench.dir", "target/bench-copy")).toAbsolutePath();
        String endpoint = System.getenv("IMAGECATALOG_S3PROXY_ENDPOINT");
        boolean s3 = endpoint != null && !endpoint.isBlank();
        String partSize = System.getProperty("bench.s3.part-size", "16MiB");
        int inFlight = Integer.getInteger("bench.s3.parts-in-flight", 4);
        String bucket = "ic-bench-copy-" + UUID.randomUUID().toString().substring(0, 8);
        FsLimits.deleteTree(dir);
        Files.createDirectories(dir);
        Figures.note("copy: image of %d bytes (%.1f MiB) in %s%s; java %s, %d cpus, max heap %d MiB", size,
                size / 1048576.0, dir, s3 ? " and s3 at " + endpoint : " (no s3: IMAGECATALOG_S3PROXY_ENDPOINT unset)",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        ImageCatalog.Builder b = ImageCatalog.builder()
                .setting("metadata.type", "memory")
                .setting("stores", s3 ? "src,dst,s3" : "src,dst")
                .setting("stores.default", "src")
                .setting("store.src.type", "filesystem")
                .setting("store.src.datadir", dir.resolve("src").toString())
                .setting("store.dst.type", "filesystem")
                .setting("store.dst.datadir", dir.resolve("dst").toString());
        S3Client sdk = null;
        if (s3) {
            String ak = S3Benchmark.env("IMAGECATALOG_S3PROXY_ACCESS_KEY");
            String sk = S3Benchmark.env("IMAGECATALOG_S3PROXY_SECRET_KEY");
            b.setting("store.s3.type", "s3").setting("store.s3.endpoint", endpoint)
                    .setting("store.s3.access-key", ak).setting("store.s3.secret-key", sk)
                    .setting("store.s3.path-style", "true").setting("store.s3.bucket", bucket)
                    .setting("store.s3.create-bucket", "true").setting("store.s3.part-size", partSize)
                    .setting("store.s3.parts-in-flight", Integer.toString(inFlight));
            sdk = S3Client.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                    .forcePathStyle(true).httpClientBuilder(ApacheHttpClient.builder())
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ak, sk))).build();
        }
        try (ImageCatalog catalog = b.build()) {
            ImageService images = catalog.images(RequestContext.admin("bench", "bench"));
            Path srcDir = dir.resolve("src");

            // warm-up: JIT the copy path on a small image
            Image warm = upload(images, Math.min(size, 64L << 20), "src");
            images.copyToStores(warm.id(), s3 ? List.of("dst", "s3") : List.of("dst"), true);
            images.delete(warm.id());

            Image img = upload(images, size, "src");
            Path source = srcDir.resolve(img.activeLocations().get(0).key());
            String[] expected = new String[2];
            Rounds rounds = Rounds.fromProperty();
            FsLimits.addTo(rounds, size, SEED, dir.resolve("dst").resolve("limit-write-fsync.tmp"), expected);
            rounds.add("limit_read_mb_s", size, () -> FsLimits.rawRead(source),
                    () -> check(FsLimits.rawRead(source), size));
            rounds.add("copy_fs_to_fs_mb_s", size, () -> {
                removeFrom(images, img.id(), "dst");
                FsLimits.rawRead(source);
            }, () -> copy(images, img.id(), "dst"));
            // the same bytes uploaded into the target store from a generated stream: what the copy adds to an upload
            Image[] uploaded = new Image[1];
            rounds.add("upload_fs_mb_s", size, () -> {
                if (uploaded[0] != null) {
                    images.delete(uploaded[0].id());
                }
            }, () -> uploaded[0] = upload(images, size, "dst"));
            String[] key = new String[1];
            if (s3) {
                S3Client client = sdk;
                int part = (int) dev.imagecatalog.config.Settings.of(java.util.Map.of("p", partSize)).getBytes("p", 0);
                rounds.add("copy_fs_to_s3_mb_s", size, () -> {
                    removeFrom(images, img.id(), "s3");
                    FsLimits.rawRead(source);
                }, () -> copy(images, img.id(), "s3"));
                rounds.add("s3_sdk_upload_mb_s", size, () -> {
                    if (key[0] != null) {
                        client.deleteObject(r -> r.bucket(bucket).key(key[0]));
                    }
                    key[0] = "sdk/" + UUID.randomUUID();
                }, () -> S3Benchmark.sdkMultipartUpload(client, bucket, key[0], size, part, inFlight));
            }
            rounds.run();
            images.delete(uploaded[0].id());
            Image last = images.get(img.id());
            if (!expected[0].equals(last.checksum()) || !expected[1].equals(last.osHashValue())) {
                throw new IllegalStateException("the image holds other bytes than the limits measured");
            }
            Figures.note("every copy verified against the image's md5 and sha512, equal to the limit runs' digests");

            rounds.printMbPerSecond("copy_fs_to_fs_mb_s");
            rounds.printMbPerSecond("upload_fs_mb_s");
            FsLimits.print(rounds);
            Figures.print("copy_fs_to_fs_vs_limit_ratio", rounds.medianMbPerSecond("copy_fs_to_fs_mb_s")
                    / FsLimits.smallest(rounds), "ratio");
            if (s3) {
                rounds.printMbPerSecond("copy_fs_to_s3_mb_s");
                rounds.printMbPerSecond("s3_sdk_upload_mb_s");
                rounds.printRatio("copy_fs_to_s3_vs_sdk_ratio", "copy_fs_to_s3_mb_s", "s3_sdk_upload_mb_s");
            }
            images.delete(img.id());
        } finally {
            if (sdk != null) {
                S3Benchmark.emptyAndDelete(sdk, bucket);
                sdk.close();
            }
            FsLimits.deleteTree(dir);
        }
    }

    private static Image upload(ImageService images, long size, String store) throws Exception {
        return ImageTransfers.upload(images, "bench-copy", size, SEED, store);
    }

    private static void copy(ImageService images, String id, String store) {
        StoreCopyResult r = images.copyToStores(id, List.of(store), true);
        if (!r.copied().equals(List.of(store))) {
            throw new IllegalStateException("copy to " + store + " did not happen: " + r);
        }
    }

    /** Untimed: the previous round's copy in {@code store} removed (the source stays). */
    private static void removeFrom(ImageService images, String id, String store) {
        if (images.get(id).stores().contains(store)) {
            images.deleteFromStore(id, store);
        }
    }

    private static void check(long read, long size) {
        if (read != size) {
            throw new IllegalStateException("read " + read + " bytes, expected " + size);
        }
    }
}
