package dev.imagecatalog.bench;

import dev.imagecatalog.contract.LiveHeapSampler;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.server.ImageServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The {@code rest} benchmark: image-server over loopback HTTP (JDK HttpClient, HTTP/1.1, keep-alive, noauth), each
 * figure beside its limit, all measured in one {@link Rounds} so a figure and its limit see the same conditions:
 * <ul>
 * <li>{@code rest_floor_rtt_p50_ms}: a bare Jetty 12 handler answering 200 (the HTTP floor), same client and headers;
 * <li>{@code rest_show_p50_ms} (GET /v2/images/{id}, in-memory catalog): ≤ 3 × the floor;
 * <li>{@code rest_create_per_s} (POST /v2/images from 8 client threads, in-memory catalog): ≥ 2,000/s;
 * <li>{@code rest_create_h2_per_s} (the same on an H2 file catalog, durable): no fixed limit;
 * <li>{@code rest_list_first_page_limit100_p50_ms} (GET /v2/images?limit=100 over 10,000 images): < 10 ms;
 * <li>{@code rest_upload_1g_mb_s}, {@code rest_download_1g_mb_s} (filesystem store, fsync on) beside
 * {@code inprocess_upload_1g_mb_s} (ImageService.upload on the same server's catalog): upload ≥ 0.8 × in-process;
 * <li>{@code rest_upload_peak_heap_mib}: the live heap (after a full GC, sampled every
 * {@code bench.heap.gc-interval-ms}, default 250) of the whole JVM (client and server) during one more HTTP upload
 * after the rounds, the other servers closed: < 96 MiB.
 * </ul>
 * Latency figures are the median of every call of every round; rates are the work over the median round.
 * {@code -Dbench.size} (default 1GiB), {@code -Dbench.dir} (default target/bench-rest), {@code -Dbench.rounds}.
 */
public final class RestBenchmark {
    private static final long SEED = 20261203L;
    private static final int THREADS = 8;
    private static final int SHOWS = 2_000;
    private static final int LISTS = 200;
    private static final int CREATES = 4_000;
    private static final int H2_CREATES = 2_000;
    private static final int LISTED_IMAGES = 10_000;
    private static final String PROJECT = "bench";

    private RestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long size = Figures.parseSize(System.getProperty("bench.size", "1GiB"));
        Path dir = Path.of(System.getProperty("bench.dir", "target/bench-rest")).toAbsolutePath();
        deleteTree(dir);
        Files.createDirectories(dir);
        Figures.note("rest: image of %d bytes in %s; java %s, %d cpus, max heap %d MiB", size, dir,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        Map<String, String> memory = Map.of("metadata.type", "memory", "stores", "mem", "store.mem.type", "memory",
                "server.port", "0");
        try (FloorServer floor = new FloorServer();
             ImageServer mem = ImageServer.builder().settings(memory).start();
             ImageServer listed = ImageServer.builder().settings(memory).start();
             ImageServer h2 = ImageServer.builder().settings(Map.of("metadata.type", "jdbc",
                     "metadata.jdbc.url", "jdbc:h2:file:" + dir.resolve("h2/catalog"), "stores", "mem",
                     "store.mem.type", "memory", "server.port", "0")).start();
             ImageServer fs = ImageServer.builder().settings(Map.of("metadata.type", "memory", "stores", "local",
                     "stores.default", "local", "store.local.type", "filesystem",
                     "store.local.datadir", dir.resolve("store").toString(), "server.port", "0")).start()) {
            GlanceHttp floorHttp = new GlanceHttp(floor.uri(), PROJECT);
            GlanceHttp memHttp = new GlanceHttp(mem.uri(), PROJECT);
            GlanceHttp listedHttp = new GlanceHttp(listed.uri(), PROJECT);
            GlanceHttp h2Http = new GlanceHttp(h2.uri(), PROJECT);
            GlanceHttp fsHttp = new GlanceHttp(fs.uri(), PROJECT);
            ImageService fsImages = fs.catalog().images(RequestContext.member(PROJECT, PROJECT + "-user"));

            ImageService listedImages = listed.catalog().images(RequestContext.member(PROJECT, PROJECT + "-user"));
            for (int i = 0; i < LISTED_IMAGES; i++) {
                listedImages.create(ImageDraft.builder().name("listed-" + i).diskFormat("raw").containerFormat("bare")
                        .build());
            }
            String shown = memHttp.create("shown");
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);

            Figures.note("warm-up: the same calls, untimed");
            latencies(SHOWS, () -> floorHttp.get("/", 200));
            latencies(SHOWS, () -> memHttp.get("/v2/images/" + shown, 200));
            latencies(LISTS / 2, () -> listedHttp.get("/v2/images?limit=100", 200));
            createFrom(pool, memHttp, CREATES / 2, "warm");
            createFrom(pool, h2Http, H2_CREATES / 4, "warm");
            long warm = Math.min(size, 64L << 20);
            Transfer warmTransfer = new Transfer(fsHttp, fsImages, warm);
            warmTransfer.restUpload();
            warmTransfer.download();
            warmTransfer.inProcessUpload();
            warmTransfer.deleteLast();

            List<Long> floorNanos = new ArrayList<>();
            List<Long> showNanos = new ArrayList<>();
            List<Long> listNanos = new ArrayList<>();
            Transfer transfer = new Transfer(fsHttp, fsImages, size);
            Rounds rounds = Rounds.fromProperty();
            rounds.add("rest_floor_rtt", SHOWS, () -> floorNanos.addAll(latencies(SHOWS, () -> floorHttp.get("/", 200))));
            rounds.add("rest_show", SHOWS, () -> showNanos.addAll(latencies(SHOWS,
                    () -> memHttp.get("/v2/images/" + shown, 200))));
            rounds.add("rest_list_first_page_limit100", LISTS, () -> listNanos.addAll(latencies(LISTS,
                    () -> listedHttp.get("/v2/images?limit=100", 200))));
            rounds.add("rest_create_per_s", CREATES, () -> createFrom(pool, memHttp, CREATES, "bench"));
            rounds.add("rest_create_h2_per_s", H2_CREATES, () -> createFrom(pool, h2Http, H2_CREATES, "bench"));
            rounds.add("rest_upload_1g_mb_s", size, transfer::deleteLast, transfer::restUpload);
            rounds.add("rest_download_1g_mb_s", size, transfer::download);
            rounds.add("inprocess_upload_1g_mb_s", size, transfer::deleteLast, transfer::inProcessUpload);
            rounds.run();
            transfer.deleteLast();
            pool.shutdown();

            floor.close();
            mem.close();
            listed.close();
            h2.close();
            double peakHeapMib = restUploadLiveHeap(fsHttp, size);

            double floorP50 = medianMillis(floorNanos);
            double showP50 = medianMillis(showNanos);
            double create = rounds.medianPerSecond("rest_create_per_s");
            double inProcess = rounds.medianMbPerSecond("inprocess_upload_1g_mb_s");
            double upload = rounds.medianMbPerSecond("rest_upload_1g_mb_s");
            double listP50 = medianMillis(listNanos);
            figure("rest_floor_rtt_p50_ms", floorP50, "ms", "the HTTP floor", true);
            figure("rest_show_p50_ms", showP50, "ms", String.format("<= 3 x floor = %.4f ms", 3 * floorP50),
                    showP50 <= 3 * floorP50);
            figure("rest_create_per_s", create, "creates/s", ">= 2000 creates/s", create >= 2000);
            rounds.printPerSecond("rest_create_h2_per_s", "creates/s");
            figure("rest_list_first_page_limit100_p50_ms", listP50, "ms", "< 10 ms", listP50 < 10);
            figure("rest_upload_1g_mb_s", upload, "MB/s",
                    String.format(">= 0.8 x inprocess_upload_1g_mb_s = %.1f MB/s", 0.8 * inProcess),
                    upload >= 0.8 * inProcess);
            rounds.printMbPerSecond("rest_download_1g_mb_s");
            rounds.printMbPerSecond("inprocess_upload_1g_mb_s");
            figure("rest_upload_peak_heap_mib", peakHeapMib, "MiB", "< 96 MiB", peakHeapMib < 96);
        } finally {
            deleteTree(dir);
        }
    }

    /** Prints a figure, then its limit and whether it is met as commentary. */
    private static void figure(String name, double value, String unit, String limit, boolean met) {
        Figures.print(name, value, unit);
        Figures.note("  %s: limit %s: %s", name, limit, met ? "met" : "NOT MET");
    }

    /** One upload over HTTP while the live heap is sampled; {@return its peak in MiB} */
    private static double restUploadLiveHeap(GlanceHttp http, long size) throws IOException {
        String id = http.create("heap");
        try (LiveHeapSampler heap = new LiveHeapSampler(Long.getLong("bench.heap.gc-interval-ms", 250))) {
            http.upload(id, size, () -> new PatternedSource(size, SEED));
            heap.close();
            Figures.note("rest upload live heap: baseline %.1f MiB, peak %.1f MiB over %d samples",
                    heap.baselineBytes() / 1048576.0, heap.peakBytes() / 1048576.0, heap.samples());
            return heap.peakBytes() / 1048576.0;
        } finally {
            http.delete(id);
        }
    }

    /** The image moved by the upload and download figures: one at a time, deleted before the next upload. */
    private static final class Transfer {
        private final GlanceHttp http;
        private final ImageService images;
        private final long size;
        private String last;

        Transfer(GlanceHttp http, ImageService images, long size) {
            this.http = http;
            this.images = images;
            this.size = size;
        }

        void deleteLast() throws IOException {
            if (last != null) {
                http.delete(last);
                last = null;
            }
            System.gc();
        }

        void restUpload() throws IOException {
            String id = http.create("rest-upload");
            http.upload(id, size, () -> new PatternedSource(size, SEED));
            last = id;
        }

        void inProcessUpload() throws IOException {
            last = ImageTransfers.upload(images, "in-process-upload", size, SEED, null).id();
        }

        void download() throws IOException {
            long read = http.download(last);
            if (read != size) {
                throw new IllegalStateException("downloaded " + read + " bytes, expected " + size);
            }
        }
    }

    /** Calls {@code call} {@code n} times in a row; {@return each call's duration in nanoseconds} */
    private static List<Long> latencies(int n, Rounds.Body call) throws Exception {
        List<Long> nanos = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            call.run();
            nanos.add(System.nanoTime() - t);
        }
        return nanos;
    }

    /** {@code count} creates, spread over the pool's threads. */
    private static void createFrom(ExecutorService pool, GlanceHttp http, int count, String prefix) throws Exception {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                for (int i = thread; i < count; i += THREADS) {
                    http.create(prefix + "-" + i);
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
    }

    private static double medianMillis(List<Long> nanos) {
        long[] values = nanos.stream().mapToLong(Long::longValue).toArray();
        return Figures.medianMillis(values);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
