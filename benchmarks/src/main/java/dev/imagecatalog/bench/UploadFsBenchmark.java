package dev.imagecatalog.bench;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.policy.RequestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Scenario {@code upload-fs}: one image (default 2 GiB; {@code -Dbench.size=256MiB} for a quick run) uploaded and
 * downloaded through {@link ImageService} on the filesystem store (fsync on), beside the limits measured in the
 * same run on the same bytes:
 * <ul>
 *   <li>{@code limit_write_fsync_mb_s}: raw {@code FileChannel} writes of the same bytes, in 1 MiB buffers, into a
 *       file in the same data directory, then one {@code force(true)}; timed to the end of the fsync;</li>
 *   <li>{@code limit_read_mb_s}: raw sequential {@code FileChannel} reads of the stored image file into a 1 MiB heap
 *       buffer. Download and raw read are both measured <b>from the page cache</b>: each is preceded by one untimed
 *       raw read of the file;</li>
 *   <li>{@code limit_digest_*}: MD5, SHA-512 and both (one after the other on each buffer, one thread) over the same
 *       bytes in 1 MiB buffers;</li>
 *   <li>{@code upload_fs_inspected_mb_s}, {@code upload_fs_uninspected_mb_s}: a qcow2 of the same size uploaded
 *       with container_format bare (inspected) and ovf (not), with their CPU per GiB, and the inspection's own CPU
 *       per GiB ({@link InspectedUploads}; limit: inspected at least 0.95 x uninspected);</li>
 *   <li>{@code upload_peak_heap_mib}: the peak of heap used (MemoryMXBean, sampled every ms on a background
 *       thread) during each upload, after a GC, the largest of the rounds; run with a small fixed heap (scripts/bench
 *       uses -Xmx256m).</li>
 * </ul>
 * Every figure and every limit is one measurement of one {@link Rounds}: run once per round ({@code -Dbench.rounds},
 * default 3), interleaved, each rate the median of its rounds. An upload figure is an {@link UploadRun} (the upload
 * of the same bytes through an {@link ImageService}); another kind of upload is one more {@code UploadRun} added to
 * the rounds. MB/s are 10^6 bytes per second.
 */
public final class UploadFsBenchmark {
    private static final long SEED = 20261125L;

    private UploadFsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long size = Figures.parseSize(System.getProperty("bench.size", "2GiB"));
        Path dir = Path.of(System.getProperty("bench.dir", "target/bench-upload-fs")).toAbsolutePath();
        FsLimits.deleteTree(dir);
        Files.createDirectories(dir);
        Figures.note("upload-fs: image of %d bytes (%.1f MiB) in %s; java %s, %d cpus, max heap %d MiB", size,
                size / 1048576.0, dir, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        Path datadir = dir.resolve("store");
        try (ImageCatalog catalog = ImageCatalog.builder()
                .setting("metadata.type", "memory")
                .setting("stores", "local")
                .setting("stores.default", "local")
                .setting("store.local.type", "filesystem")
                .setting("store.local.datadir", datadir.toString())
                .build()) {
            ImageService images = catalog.images(RequestContext.member("bench", "bench"));

            // warm-up: JIT the upload, download and digest paths on a small image
            long warm = Math.min(size, 64L << 20);
            Image w = uploadOnce(images, warm, "warm-up");
            drain(images, w.id());
            FsLimits.digest(warm, SEED, "MD5");
            FsLimits.digest(warm, SEED, "SHA-512");
            images.delete(w.id());

            String[] expected = new String[2]; // md5, sha512 of the bytes, from the limit runs
            UploadRun upload = new UploadRun(images, size, expected);
            Path raw = datadir.resolve("limit-write-fsync.tmp");
            Rounds rounds = Rounds.fromProperty();
            FsLimits.addTo(rounds, size, SEED, raw, expected);
            rounds.add("upload_fs_mb_s", size, upload::before, upload::upload);
            // both from the page cache: an untimed raw read of the stored file first
            rounds.add("limit_read_mb_s", size, () -> FsLimits.rawRead(upload.file(datadir)),
                    () -> expectBytes(FsLimits.rawRead(upload.file(datadir)), size));
            rounds.add("download_fs_mb_s", size, () -> FsLimits.rawRead(upload.file(datadir)),
                    () -> expectBytes(drain(images, upload.last().id()), size));
            rounds.run();
            Files.deleteIfExists(raw);
            upload.before(); // checks and deletes the last round's image
            // the qcow2 pair in rounds of their own, after the others (InspectedUploads says why)
            InspectedUploads inspected = InspectedUploads.create(images, dir, size, rounds.count());
            inspected.run();
            inspected.close();
            Figures.note("uploads verified: size, md5 and sha512 equal the limit runs' digests of the same bytes");

            rounds.printMbPerSecond("upload_fs_mb_s");
            rounds.printMbPerSecond("download_fs_mb_s");
            FsLimits.print(rounds);
            inspected.print();
            Figures.print("upload_peak_heap_mib", upload.peakHeapBytes() / 1048576.0, "MiB");
        } finally {
            FsLimits.deleteTree(dir);
        }
    }

    /**
     * The upload of the benchmark's bytes (declared size) through one {@link ImageService}, as a measurement of
     * {@link Rounds}: {@link #before} (untimed) checks the previous round's image against the digests of the limit
     * runs and deletes it, then collects garbage; {@link #upload} is timed, with the heap sampled throughout.
     */
    private static final class UploadRun {
        private final ImageService images;
        private final long size;
        private final String[] expectedDigests;
        private final com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        private Image last;
        private long peakHeap;

        UploadRun(ImageService images, long size, String[] expectedDigests) {
            this.images = images;
            this.size = size;
            this.expectedDigests = expectedDigests;
        }

        void before() {
            if (last != null) {
                if (last.size() != size || !expectedDigests[0].equals(last.checksum())
                        || !expectedDigests[1].equals(last.osHashValue())) {
                    throw new IllegalStateException("the catalog stored other bytes than the limits measured: size "
                            + last.size() + " md5 " + last.checksum() + " vs " + expectedDigests[0] + ", hash "
                            + last.osHashValue());
                }
                images.delete(last.id());
                last = null;
            }
            System.gc();
            System.gc();
        }

        void upload() throws IOException {
            try (HeapSampler heap = new HeapSampler()) {
                long cpu = os.getProcessCpuTime();
                long t = System.nanoTime();
                last = uploadOnce(images, size, "bench");
                long nanos = System.nanoTime() - t;
                cpu = os.getProcessCpuTime() - cpu;
                heap.stop();
                peakHeap = Math.max(peakHeap, heap.peakBytes());
                Figures.note("upload: %.2f s CPU of the whole JVM (%.2f cores busy), peak heap %.1f MiB (%d samples)",
                        cpu / 1e9, cpu / (double) nanos, heap.peakBytes() / 1048576.0, heap.samples());
            }
        }

        Image last() {
            return last;
        }

        Path file(Path datadir) {
            return datadir.resolve(last.activeLocations().get(0).key());
        }

        long peakHeapBytes() {
            return peakHeap;
        }
    }

    private static void expectBytes(long read, long size) {
        if (read != size) {
            throw new IllegalStateException("read " + read + " bytes, expected " + size);
        }
    }

    private static Image uploadOnce(ImageService images, long size, String name) throws IOException {
        return ImageTransfers.upload(images, name, size, SEED, null);
    }

    private static long drain(ImageService images, String id) throws IOException {
        return ImageTransfers.drain(images, id);
    }

}
