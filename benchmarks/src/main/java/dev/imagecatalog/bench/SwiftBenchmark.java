package dev.imagecatalog.bench;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.contract.LiveHeapSampler;
import dev.imagecatalog.contract.SeededBytes;
import dev.imagecatalog.data.ImageData;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Benchmark {@code swift}: one image through the catalog into Swift and back, beside the swift CLI
 * ({@code swift upload --use-slo --segment-size}, same segment size) on the same file in the same run. Prints
 * {@code name value unit} lines; MB = 10^6 bytes.
 *
 * <p>Environment: {@code IMAGECATALOG_SWIFT_AUTH_URL}, {@code IMAGECATALOG_SWIFT_USER}, {@code IMAGECATALOG_SWIFT_KEY};
 * optional {@code BENCH_SWIFT_SIZE} (default 1GiB), {@code BENCH_SWIFT_SEGMENT_SIZE} (default 64MiB),
 * {@code BENCH_SWIFT_SEGMENTS_IN_FLIGHT} (default 4), {@code BENCH_SWIFT_WARMUP_BYTES} (an image uploaded and
 * downloaded through the catalog before anything is timed, default 256 MiB, 0 for none), {@code BENCH_DIR}
 * (temporary file folder, default /tmp), {@code BENCH_SWIFT_UNKNOWN_SIZE} (a generated upload of unknown length during
 * which the live heap is sampled, {@link LiveHeapSampler}; default 4GiB, 0 for none). After each upload the CPU seconds of the phase (this JVM, the swift CLI,
 * the Swift servers) are printed as commentary.
 *
 * <p>The catalog's upload and download, the store-only upload and the CLI's upload and download are five
 * measurements of one {@link Rounds} ({@code -Dbench.rounds}, default 3): each runs once per round, interleaved,
 * and each rate is the median of its rounds.
 */
public final class SwiftBenchmark {
    private SwiftBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String authUrl = env("IMAGECATALOG_SWIFT_AUTH_URL", null);
        String user = env("IMAGECATALOG_SWIFT_USER", null);
        String key = env("IMAGECATALOG_SWIFT_KEY", null);
        long size = dev.imagecatalog.config.Settings.of(Map.of("s", env("BENCH_SWIFT_SIZE", "1GiB"))).getBytes("s", 0);
        long segment = dev.imagecatalog.config.Settings.of(Map.of("s", env("BENCH_SWIFT_SEGMENT_SIZE", "64MiB")))
                .getBytes("s", 0);
        String inFlight = env("BENCH_SWIFT_SEGMENTS_IN_FLIGHT", "4");
        long unknownSize = dev.imagecatalog.config.Settings.of(Map.of("s", env("BENCH_SWIFT_UNKNOWN_SIZE", "4GiB")))
                .getBytes("s", 0);
        Path dir = Path.of(env("BENCH_DIR", "/tmp"));
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String container = "bench-catalog-" + suffix;
        String cliContainer = "bench-cli-" + suffix;
        Path file = Files.createTempFile(dir, "swift-bench-", ".img");
        try {
            writeRandom(file, size);
            Figures.note("image " + size + " bytes, segment " + segment + " bytes, " + inFlight
                    + " segments in flight");
            try (ImageCatalog catalog = ImageCatalog.builder()
                    .setting("metadata.type", "memory")
                    .setting("stores", "swift")
                    .setting("store.swift.type", "swift")
                    .setting("store.swift.auth-url", authUrl)
                    .setting("store.swift.user", user)
                    .setting("store.swift.key", key)
                    .setting("store.swift.container", container)
                    .setting("store.swift.create-containers", "true")
                    .setting("store.swift.segment-size", segment + "B")
                    .setting("store.swift.segments-in-flight", inFlight)
                    .build()) {
                ImageService images = catalog.images(RequestContext.member("bench", "bench"));
                warmUp(images, Long.parseLong(env("BENCH_SWIFT_WARMUP_BYTES", String.valueOf(256L << 20))));
                ImageStore store = catalog.backends().stores().get("swift");
                List<String> base = List.of("swift", "-A", authUrl, "-U", user, "-K", key);
                Image[] image = new Image[1];
                StoreLocation[] stored = new StoreLocation[1];
                Cpu[] cpu = new Cpu[1];
                Rounds rounds = Rounds.fromProperty();
                rounds.add("swift_upload_mb_s", size, () -> {
                    if (image[0] != null) {
                        images.delete(image[0].id());
                    }
                    image[0] = images.create(ImageDraft.builder().name("bench").diskFormat("raw")
                            .containerFormat("bare").build());
                    cpu[0] = Cpu.now();
                }, () -> {
                    try (InputStream in = Files.newInputStream(file)) {
                        images.upload(image[0].id(), in);
                    }
                }, () -> cpu[0].report("catalog upload"));
                rounds.add("swift_download_mb_s", size, () -> {
                    try (ImageData data = images.download(image[0].id())) {
                        expectBytes(data.stream().transferTo(OutputStream.nullOutputStream()), size);
                    }
                });
                // the store alone (no catalog hashing), to tell the store's cost from core's
                rounds.add("swift_store_only_upload_mb_s", size, () -> {
                    if (stored[0] != null) {
                        store.delete(stored[0]);
                    }
                    cpu[0] = Cpu.now();
                }, () -> stored[0] = storeOnlyUpload(store, file, size), () -> cpu[0].report("store-only upload"));
                rounds.add("swift_cli_upload_mb_s", size, () -> {
                    run(base, "delete", cliContainer);
                    run(base, "delete", cliContainer + "_segments");
                    cpu[0] = Cpu.now();
                }, () -> run(base, "upload", "--use-slo", "--segment-size", Long.toString(segment), "--object-name",
                        "image", cliContainer, file.toString()), () -> cpu[0].report("swift CLI upload"));
                rounds.add("swift_cli_download_mb_s", size,
                        () -> run(base, "download", cliContainer, "image", "-o", "/dev/null"));
                rounds.run();
                images.delete(image[0].id());
                store.delete(stored[0]);
                run(base, "delete", cliContainer);
                run(base, "delete", cliContainer + "_segments");
                for (String figure : List.of("swift_upload_mb_s", "swift_download_mb_s", "swift_store_only_upload_mb_s",
                        "swift_cli_upload_mb_s", "swift_cli_download_mb_s")) {
                    rounds.printMbPerSecond(figure);
                }
                unknownLengthHeap(images, unknownSize, segment, Integer.parseInt(inFlight));
                run(base, "delete", container);
                run(base, "delete", container + "_segments");
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Writes the file through the store alone. A method of its own, so that the writer (which keeps its segment
     * buffers for reuse) is not held by a local variable of {@code main} while the heap is sampled later.
     */
    private static StoreLocation storeOnlyUpload(ImageStore store, Path file, long size) throws IOException {
        try (InputStream in = Files.newInputStream(file);
             ImageWriter w = store.openWriter(UUID.randomUUID().toString(), size)) {
            byte[] buf = new byte[1 << 20];
            for (int r; (r = in.read(buf)) > 0; ) {
                w.write(java.nio.ByteBuffer.wrap(buf, 0, r));
            }
            return w.commit();
        }
    }

    /**
     * Uploads {@code size} generated bytes of unknown length through the catalog while {@link LiveHeapSampler}
     * samples the live heap, and prints {@code swift_unknown_4g_peak_heap_mib} beside the bound it is compared with
     * (segments in flight x segment size, plus the catalog's 8 x 1 MiB upload buffers).
     */
    private static void unknownLengthHeap(ImageService images, long size, long segment, int inFlight) {
        if (size <= 0) {
            return;
        }
        long gcInterval = Long.getLong("bench.heap.gc-interval-ms", 1000);
        Image image = images.create(ImageDraft.builder().name("unknown-length").diskFormat("raw")
                .containerFormat("bare").build());
        try (LiveHeapSampler heap = new LiveHeapSampler(gcInterval)) {
            long t0 = System.nanoTime();
            images.upload(image.id(), SeededBytes.stream(42, size));
            long nanos = System.nanoTime() - t0;
            heap.close();
            long bound = inFlight * segment + (8L << 20);
            System.out.printf("swift_unknown_4g_peak_heap_mib %.1f MiB%n", heap.peakBytes() / 1048576.0);
            System.out.printf("swift_unknown_4g_baseline_heap_mib %.1f MiB%n", heap.baselineBytes() / 1048576.0);
            System.out.printf("swift_unknown_4g_heap_bound_mib %.1f MiB%n", bound / 1048576.0);
            report("swift_unknown_4g_upload_mb_s", size, nanos);
            System.out.printf("swift_max_heap_mib %.1f MiB%n", heap.maxBytes() / 1048576.0);
            System.out.printf("# swift_unknown_4g_peak_heap_mib: %d bytes of unknown length; largest heap in use right"
                    + " after a full GC, one every %d ms during the upload (%d samples); the peak less the baseline (the"
                    + " heap held before the upload) is compared with the bound: %d segments in flight x %d MiB + 8 x"
                    + " 1 MiB upload buffers%n", size, gcInterval, heap.samples(), inFlight,
                    segment >> 20);
        }
        images.delete(image.id());
    }

    /**
     * Uploads, downloads and deletes one image of {@code bytes} bytes through the catalog before anything is timed, so
     * the figures are those of a running application (digests and HTTP code compiled), not of a cold JVM.
     */
    private static void warmUp(ImageService images, long bytes) throws IOException {
        if (bytes <= 0) {
            return;
        }
        Image warm = images.create(ImageDraft.builder().name("warm-up").diskFormat("raw").containerFormat("bare").build());
        images.upload(warm.id(), new InputStream() {
            private long left = bytes;

            @Override
            public int read() {
                return left-- > 0 ? 7 : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) (left & 0x7f));
                left -= n;
                return n;
            }
        });
        try (ImageData data = images.download(warm.id())) {
            data.stream().transferTo(OutputStream.nullOutputStream());
        }
        images.delete(warm.id());
        Figures.note("warm-up: " + bytes + " bytes uploaded, downloaded and deleted through the catalog");
    }

    /**
     * CPU seconds used so far by this JVM, by its finished child processes (the swift CLI) and by the Swift server
     * processes on this machine (from /proc): printed per phase as commentary, to show where a phase's CPU went on a
     * machine whose cores the client and the servers share.
     */
    private record Cpu(double jvm, double children, double servers) {
        static Cpu now() {
            double[] self = procTimes(Path.of("/proc/self/stat"));
            double servers = 0;
            try (var dirs = Files.list(Path.of("/proc"))) {
                for (Path d : (Iterable<Path>) dirs::iterator) {
                    if (!d.getFileName().toString().chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    try {
                        String cmd = new String(Files.readAllBytes(d.resolve("cmdline")));
                        if (cmd.matches("(?s).*swift-(proxy|object|container|account)-server.*")) {
                            servers += procTimes(d.resolve("stat"))[0];
                        }
                    } catch (IOException gone) {
                        // the process ended while we looked
                    }
                }
            } catch (IOException e) {
                return new Cpu(self[0], self[1], Double.NaN);
            }
            return new Cpu(self[0], self[1], servers);
        }

        /** utime + stime and cutime + cstime of a /proc/PID/stat file, in seconds (clock ticks of 1/100 s). */
        private static double[] procTimes(Path stat) {
            try {
                String s = Files.readString(stat);
                String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
                return new double[] {(Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0,
                    (Long.parseLong(f[13]) + Long.parseLong(f[14])) / 100.0};
            } catch (IOException | RuntimeException e) {
                return new double[] {Double.NaN, Double.NaN};
            }
        }

        void report(String phase) {
            Cpu end = now();
            Figures.note("%s CPU: this JVM %.1f s, swift CLI %.1f s, Swift servers %.1f s", phase,
                    end.jvm - jvm, end.children - children, end.servers - servers);
        }
    }

    private static void report(String name, long bytes, long nanos) {
        Figures.print(name, Figures.mbPerSecond(bytes, nanos), "MB/s");
    }

    private static void expectBytes(long read, long size) {
        if (read != size) {
            throw new IllegalStateException("downloaded " + read + " bytes, expected " + size);
        }
    }

    private static void run(List<String> base, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(base);
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        int rc = p.waitFor();
        if (rc != 0 && !args[0].equals("delete")) {
            throw new IllegalStateException("swift " + args[0] + " exited " + rc);
        }
    }

    private static void writeRandom(Path file, long size) throws IOException {
        SplittableRandom rnd = new SplittableRandom(42);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long done = 0; done < size; done += block.length) {
                for (int i = 0; i < block.length; i += 8) {
                    long v = rnd.nextLong();
                    for (int j = 0; j < 8; j++) {
                        block[i + j] = (byte) (v >>> (8 * j));
                    }
                }
                out.write(block, 0, (int) Math.min(block.length, size - done));
            }
        }
        // flush the file to disk now, so that its write-back does not compete with whichever upload runs first
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    private static String env(String name, String def) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            if (def == null) {
                throw new IllegalStateException(name + " is not set");
            }
            return def;
        }
        return v;
    }
}
