package dev.imagecatalog.bench;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.contract.LiveHeapSampler;
import dev.imagecatalog.contract.SeededBytes;
import dev.imagecatalog.data.ImageData;
import dev.imagecatalog.data.UploadOptions;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.policy.RequestContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Benchmark {@code s3}: a 1 GiB image through {@link ImageService} into s3proxy, beside the bare SDK on the same
 * bytes (one multipart upload with the same part size and concurrency, no catalog), then a 4 GiB upload of
 * unknown length while the live heap is sampled. Prints {@code name value unit} lines. The catalog's upload and
 * download and the SDK's are four measurements of one {@link Rounds} ({@code -Dbench.rounds}, default 3): each runs
 * once per round, interleaved, and each rate is the median of its rounds.
 *
 * <p>Environment: {@code IMAGECATALOG_S3PROXY_ENDPOINT}, {@code IMAGECATALOG_S3PROXY_ACCESS_KEY},
 * {@code IMAGECATALOG_S3PROXY_SECRET_KEY}. System properties: {@code bench.s3.size} (bytes, default 1 GiB),
 * {@code bench.s3.unknown-size} (default 4 GiB, 0 skips), {@code bench.s3.part-size} (default 16MiB),
 * {@code bench.s3.parts-in-flight} (default 4), {@code bench.heap.gc-interval-ms} (default 1000). The heap figure is
 * the live heap ({@link LiveHeapSampler}); run with a heap limit well above it ({@code scripts/bench s3}: -Xmx2g).
 */
public final class S3Benchmark {
    private static final double MB = 1_000_000.0;

    private S3Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        String endpoint = env("IMAGECATALOG_S3PROXY_ENDPOINT");
        String ak = env("IMAGECATALOG_S3PROXY_ACCESS_KEY");
        String sk = env("IMAGECATALOG_S3PROXY_SECRET_KEY");
        long size = Long.getLong("bench.s3.size", 1L << 30);
        long unknownSize = Long.getLong("bench.s3.unknown-size", 4L << 30);
        String partSize = System.getProperty("bench.s3.part-size", "16MiB");
        int inFlight = Integer.getInteger("bench.s3.parts-in-flight", 4);
        String bucket = "ic-bench-" + UUID.randomUUID().toString().substring(0, 8);

        Map<String, String> cfg = new HashMap<>();
        cfg.put("metadata.type", "memory");
        cfg.put("stores", "bench");
        cfg.put("store.bench.type", "s3");
        cfg.put("store.bench.endpoint", endpoint);
        cfg.put("store.bench.access-key", ak);
        cfg.put("store.bench.secret-key", sk);
        cfg.put("store.bench.path-style", "true");
        cfg.put("store.bench.bucket", bucket);
        cfg.put("store.bench.create-bucket", "true");
        cfg.put("store.bench.part-size", partSize);
        cfg.put("store.bench.parts-in-flight", Integer.toString(inFlight));

        S3Client sdk = S3Client.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .forcePathStyle(true).httpClientBuilder(ApacheHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ak, sk))).build();
        try (ImageCatalog catalog = ImageCatalog.builder().settings(cfg).build()) {
            ImageService images = catalog.images(RequestContext.admin("bench", "bench"));
            int part = (int) dev.imagecatalog.config.Settings.of(Map.of("p", partSize)).getBytes("p", 0);

            // warm-up: a small image both ways, so JIT and connections are not measured
            images.delete(upload(images, 64L << 20, true).id());

            Image[] img = new Image[1];
            String[] key = new String[1];
            Rounds rounds = Rounds.fromProperty();
            rounds.add("s3_upload_mb_s", size, () -> {
                if (img[0] != null) {
                    images.delete(img[0].id());
                }
            }, () -> img[0] = upload(images, size, true));
            rounds.add("s3_download_mb_s", size, () -> {
                try (ImageData data = images.download(img[0].id())) {
                    check(drain(data.stream()), size);
                }
            });
            rounds.add("s3_sdk_upload_mb_s", size, () -> {
                if (key[0] != null) {
                    sdk.deleteObject(r -> r.bucket(bucket).key(key[0]));
                }
                key[0] = "sdk/" + UUID.randomUUID();
            }, () -> sdkMultipartUpload(sdk, bucket, key[0], size, part, inFlight));
            rounds.add("s3_sdk_download_mb_s", size, () -> {
                try (ResponseInputStream<GetObjectResponse> in = sdk.getObject(r -> r.bucket(bucket).key(key[0]))) {
                    check(drain(in), size);
                }
            });
            rounds.run();
            sdk.deleteObject(r -> r.bucket(bucket).key(key[0]));
            images.delete(img[0].id());

            rounds.printMbPerSecond("s3_upload_mb_s");
            rounds.printMbPerSecond("s3_download_mb_s");
            rounds.printMbPerSecond("s3_sdk_upload_mb_s");
            rounds.printMbPerSecond("s3_sdk_download_mb_s");
            rounds.printRatio("s3_upload_vs_sdk_ratio", "s3_upload_mb_s", "s3_sdk_upload_mb_s");

            if (unknownSize > 0) {
                long gcInterval = Long.getLong("bench.heap.gc-interval-ms", 1000);
                Image big;
                double bigUp;
                try (LiveHeapSampler heap = new LiveHeapSampler(gcInterval)) {
                    long t0 = System.nanoTime();
                    big = upload(images, unknownSize, false);
                    bigUp = rate(unknownSize, t0);
                    heap.close();
                    System.out.printf("s3_unknown_4g_peak_heap_mib %.1f MiB%n", heap.peakBytes() / 1048576.0);
                    System.out.printf("s3_unknown_4g_baseline_heap_mib %.1f MiB%n", heap.baselineBytes() / 1048576.0);
                    System.out.printf("s3_unknown_4g_heap_bound_mib %.1f MiB%n",
                            ((long) inFlight * part + (8L << 20)) / 1048576.0);
                    System.out.printf("s3_unknown_4g_upload_mb_s %.1f MB/s%n", bigUp);
                    System.out.printf("s3_max_heap_mib %.1f MiB%n", heap.maxBytes() / 1048576.0);
                    System.out.printf("# s3_unknown_4g_peak_heap_mib: largest heap in use right after a full GC, one"
                            + " every %d ms during the upload (%d samples), under a heap limit of %.0f MiB; target"
                            + " < 128 MiB; the peak less the baseline (the heap held before the upload) is compared"
                            + " with the bound: parts-in-flight x part-size = %d MiB of part buffers + the catalog's"
                            + " 8 x 1 MiB upload buffers%n", gcInterval,
                            heap.samples(), heap.maxBytes() / 1048576.0, (long) inFlight * part >> 20);
                }
                images.delete(big.id());
            }
        } finally {
            emptyAndDelete(sdk, bucket);
            sdk.close();
        }
    }

    private static Image upload(ImageService images, long size, boolean declare) {
        Image img = images.create(ImageDraft.builder().name("bench").diskFormat("raw").containerFormat("bare")
                .build());
        UploadOptions opts = declare ? UploadOptions.builder().declaredSize(size).build() : UploadOptions.defaults();
        return images.upload(img.id(), SeededBytes.stream(42, size), opts);
    }

    static void sdkMultipartUpload(S3Client sdk, String bucket, String key, long size, int part,
                                           int inFlight) throws Exception {
        String uploadId = sdk.createMultipartUpload(r -> r.bucket(bucket).key(key)).uploadId();
        ExecutorService pool = Executors.newFixedThreadPool(inFlight);
        // the same memory bound as the store: inFlight reusable buffers of one part each
        java.util.concurrent.BlockingQueue<byte[]> buffers = new java.util.concurrent.ArrayBlockingQueue<>(inFlight);
        for (int i = 0; i < inFlight; i++) {
            buffers.add(new byte[part]);
        }
        boolean completed = false;
        try (InputStream in = SeededBytes.stream(42, size)) {
            List<Future<CompletedPart>> parts = new ArrayList<>();
            for (int n = 1; ; n++) {
                byte[] buf = buffers.take();
                int len = in.readNBytes(buf, 0, part);
                if (len == 0) {
                    buffers.add(buf);
                    break;
                }
                int pn = n;
                parts.add(pool.submit(() -> {
                    try {
                        String etag = sdk.uploadPart(r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(pn),
                                RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buf, 0, len), len,
                                        "application/octet-stream")).eTag();
                        return CompletedPart.builder().partNumber(pn).eTag(etag).build();
                    } finally {
                        buffers.add(buf);
                    }
                }));
            }
            List<CompletedPart> done = new ArrayList<>();
            for (Future<CompletedPart> f : parts) {
                done.add(f.get());
            }
            sdk.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(done)));
            completed = true;
        } finally {
            pool.shutdown();
            if (!completed) {
                sdk.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
            }
        }
    }

    static void emptyAndDelete(S3Client sdk, String bucket) {
        try {
            sdk.listMultipartUploadsPaginator(r -> r.bucket(bucket)).uploads().forEach(u ->
                    sdk.abortMultipartUpload(r -> r.bucket(bucket).key(u.key()).uploadId(u.uploadId())));
            sdk.listObjectsV2Paginator(r -> r.bucket(bucket)).contents().forEach(o ->
                    sdk.deleteObject(r -> r.bucket(bucket).key(o.key())));
            sdk.deleteBucket(r -> r.bucket(bucket));
        } catch (RuntimeException e) {
            System.err.println("cleanup of bucket " + bucket + " failed: " + e);
        }
    }

    private static long drain(InputStream in) throws IOException {
        byte[] buf = new byte[1 << 20];
        long total = 0;
        int n;
        while ((n = in.read(buf)) >= 0) {
            total += n;
        }
        return total;
    }

    private static double rate(long bytes, long t0) {
        return bytes / MB / ((System.nanoTime() - t0) / 1e9);
    }

    private static void check(long got, long expected) {
        if (got != expected) {
            throw new IllegalStateException("read " + got + " bytes, expected " + expected);
        }
    }

    static String env(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException(name + " is not set (scripts/bench s3 starts s3proxy and sets it)");
        }
        return v;
    }
}
