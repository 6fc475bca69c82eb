package dev.imagecatalog.bench;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.RequestContext;
import dev.imagecatalog.data.ImageData;
import dev.imagecatalog.data.UploadOptions;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageService;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * Scenario {@code upload-fs}: one image (default 2 GiB; {@code -Dbench.size=256MiB} for a quick run) uploaded and
 * downloaded through {@link ImageService} on the filesystem store (fsync on), beside the limits measured in the
 * same run on the same bytes:
 * <ul>
 *   <li>{@code limit_write_fsync_mb_s}: raw {@code FileChannel} writes of the same bytes, in 1 MiB buffers, into a
 *       file in the same data directory, then one {@code force(true)}; timed to the end of the fsync;</li>
 *   <li>{@code limit_read_mb_s}: raw sequential {@code FileChannel} reads of the stored image file into a 1 MiB heap
 *       buffer. Download and raw read are both measured <b>from the page cache</b>: the file is read once untimed
 *       first, then download and raw read alternate five times and the best of each is reported;</li>
 *   <li>{@code limit_digest_*}: MD5, SHA-512 and both (one after the other on each buffer, one thread) over the same
 *       bytes in 1 MiB buffers;</li>
 *   <li>every limit and the upload are measured once per round ({@code -Dbench.rounds}, default 2), interleaved,
 *       and each figure is the best of its rounds (the heap figure the largest);</li>
 *   <li>{@code upload_fs_inspected_mb_s}: a qcow2 of the same size made by {@code qemu-img create -o
 *       preallocation=full}, uploaded with disk_format qcow2 and container_format bare, so the format inspection
 *       runs on every buffer (its virtual size is checked); {@code upload_fs_uninspected_mb_s}: the same file
 *       uploaded with container_format ovf, which is not inspected. The two alternate in each round; the
 *       inspection's cost is their difference (limit: inspected at least 0.95 x uninspected);</li>
 *   <li>{@code upload_peak_heap_mib}: the peak of heap used (MemoryMXBean, sampled every ms on a background
 *       thread) during the upload, after a GC; run with a small fixed heap (scripts/bench uses -Xmx256m).</li>
 * </ul>
 * MB/s are 10^6 bytes per second.
 */
public final class UploadFsBenchmark {
    private static final int BUFFER = 1 << 20;
    private static final long SEED = 20261125L;

    private UploadFsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long size = Figures.parseSize(System.getProperty("bench.size", "2GiB"));
        Path dir = Path.of(System.getProperty("bench.dir", "target/bench-upload-fs")).toAbsolutePath();
        deleteTree(dir);
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
            digest(warm, "MD5");
            digest(warm, "SHA-512");
            images.delete(w.id());

            // Each round measures every limit and the upload once, interleaved, so a burst of load from other
            // processes hits them alike; every figure is the best of its rounds.
            int rounds = Integer.getInteger("bench.rounds", 2);
            long md5Nanos = Long.MAX_VALUE;
            long shaNanos = Long.MAX_VALUE;
            long bothNanos = Long.MAX_VALUE;
            long writeNanos = Long.MAX_VALUE;
            long uploadNanos = Long.MAX_VALUE;
            long peak = 0;
            String md5 = null;
            String sha512 = null;
            Image image = null;
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            for (int round = 1; round <= rounds; round++) {
                long t = System.nanoTime();
                md5 = digest(size, "MD5");
                md5Nanos = Math.min(md5Nanos, System.nanoTime() - t);
                t = System.nanoTime();
                sha512 = digest(size, "SHA-512");
                shaNanos = Math.min(shaNanos, System.nanoTime() - t);
                t = System.nanoTime();
                digest(size, "MD5", "SHA-512");
                bothNanos = Math.min(bothNanos, System.nanoTime() - t);

                Path raw = datadir.resolve("limit-write-fsync.tmp");
                t = System.nanoTime();
                rawWriteFsync(raw, size);
                writeNanos = Math.min(writeNanos, System.nanoTime() - t);
                Files.delete(raw);

                if (image != null) {
                    images.delete(image.id());
                }
                System.gc();
                System.gc();
                long baseline = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                try (HeapSampler heap = new HeapSampler()) {
                    long cpu = os.getProcessCpuTime();
                    t = System.nanoTime();
                    image = uploadOnce(images, size, "bench");
                    long nanos = System.nanoTime() - t;
                    uploadNanos = Math.min(uploadNanos, nanos);
                    cpu = os.getProcessCpuTime() - cpu;
                    heap.stop();
                    peak = Math.max(peak, heap.peakBytes());
                    Figures.note("round %d: upload %.2f s wall (%.1f MB/s), %.2f s CPU of the whole JVM (%.2f cores busy),"
                            + " heap used before %.1f MiB, peak %.1f MiB (%d samples); load average %.1f", round,
                            nanos / 1e9, Figures.mbPerSecond(size, nanos), cpu / 1e9, cpu / (double) nanos,
                            baseline / 1048576.0, heap.peakBytes() / 1048576.0, heap.samples(), os.getSystemLoadAverage());
                }
                if (image.size() != size || !md5.equals(image.checksum()) || !sha512.equals(image.osHashValue())) {
                    throw new IllegalStateException("the catalog stored other bytes than the limits measured: size "
                            + image.size() + " md5 " + image.checksum() + " vs " + md5 + ", hash " + image.osHashValue());
                }
            }
            Figures.note("upload verified: size, md5 and sha512 equal the limit runs' digests of the same bytes");
            long t;

            Path file = datadir.resolve(image.locations().get(0).key());
            rawRead(file); // untimed: both measurements below read from the page cache
            long bestDownload = Long.MAX_VALUE;
            long bestRead = Long.MAX_VALUE;
            for (int i = 0; i < 5; i++) {
                t = System.nanoTime();
                long n = drain(images, image.id());
                bestDownload = Math.min(bestDownload, System.nanoTime() - t);
                t = System.nanoTime();
                long m = rawRead(file);
                bestRead = Math.min(bestRead, System.nanoTime() - t);
                if (n != size || m != size) {
                    throw new IllegalStateException("read " + n + " / " + m + " bytes, expected " + size);
                }
            }
            images.delete(image.id());

            Path qcow2 = qemuImgQcow2(dir.resolve("bench.qcow2"), size);
            long inspectedNanos = Long.MAX_VALUE;
            long uninspectedNanos = Long.MAX_VALUE;
            for (int round = 1; round <= rounds; round++) {
                for (String container : new String[] {"bare", "ovf"}) {
                    t = System.nanoTime();
                    Image q = uploadFile(images, qcow2, container);
                    long nanos = System.nanoTime() - t;
                    boolean inspected = container.equals("bare");
                    Long expected = inspected ? size : null;
                    if (!java.util.Objects.equals(q.virtualSize(), expected)) {
                        throw new IllegalStateException("virtual_size " + q.virtualSize() + ", expected " + expected);
                    }
                    if (inspected) {
                        inspectedNanos = Math.min(inspectedNanos, nanos);
                    } else {
                        uninspectedNanos = Math.min(uninspectedNanos, nanos);
                    }
                    Figures.note("round %d: qcow2 upload, container_format %s: %.1f MB/s", round, container,
                            Figures.mbPerSecond(Files.size(qcow2), nanos));
                    images.delete(q.id());
                }
            }
            long qcow2Size = Files.size(qcow2);
            Files.delete(qcow2);

            Figures.print("upload_fs_mb_s", Figures.mbPerSecond(size, uploadNanos), "MB/s");
            Figures.print("download_fs_mb_s", Figures.mbPerSecond(size, bestDownload), "MB/s");
            Figures.print("limit_write_fsync_mb_s", Figures.mbPerSecond(size, writeNanos), "MB/s");
            Figures.print("limit_read_mb_s", Figures.mbPerSecond(size, bestRead), "MB/s");
            Figures.print("limit_digest_md5_mb_s", Figures.mbPerSecond(size, md5Nanos), "MB/s");
            Figures.print("limit_digest_sha512_mb_s", Figures.mbPerSecond(size, shaNanos), "MB/s");
            Figures.print("limit_digest_md5_sha512_mb_s", Figures.mbPerSecond(size, bothNanos), "MB/s");
            Figures.print("upload_fs_inspected_mb_s", Figures.mbPerSecond(qcow2Size, inspectedNanos), "MB/s");
            Figures.print("upload_fs_uninspected_mb_s", Figures.mbPerSecond(qcow2Size, uninspectedNanos), "MB/s");
            Figures.print("upload_peak_heap_mib", peak / 1048576.0, "MiB");
        } finally {
            deleteTree(dir);
        }
    }

    private static Image uploadOnce(ImageService images, long size, String name) throws IOException {
        Image created = images.create(ImageDraft.builder().name(name).diskFormat("raw").containerFormat("bare").build());
        try (InputStream in = new PatternedSource(size, SEED)) {
            return images.upload(created.id(), in, UploadOptions.builder().declaredSize(size).build());
        }
    }

    /** A qcow2 of virtual size {@code size} whose clusters are all allocated, so the file holds that many bytes. */
    private static Path qemuImgQcow2(Path file, long size) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", "-o", "preallocation=full",
                file.toString(), Long.toString(size)).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException("qemu-img create failed (Debian's qemu-utils: scripts/servers/install.sh)");
        }
        return file;
    }

    private static Image uploadFile(ImageService images, Path file, String containerFormat) throws IOException {
        Image created = images.create(ImageDraft.builder().name("bench-qcow2").diskFormat("qcow2")
                .containerFormat(containerFormat).build());
        try (InputStream in = Files.newInputStream(file)) {
            return images.upload(created.id(), in, UploadOptions.builder().declaredSize(Files.size(file)).build());
        }
    }

    private static long drain(ImageService images, String id) throws IOException {
        byte[] buf = new byte[BUFFER];
        long total = 0;
        try (ImageData data = images.download(id)) {
            InputStream in = data.stream();
            for (int n; (n = in.read(buf)) >= 0; ) {
                total += n;
            }
        }
        return total;
    }

    private static String digest(long size, String... algorithms) throws Exception {
        MessageDigest[] digests = new MessageDigest[algorithms.length];
        for (int i = 0; i < digests.length; i++) {
            digests[i] = MessageDigest.getInstance(algorithms[i]);
        }
        byte[] buf = new byte[BUFFER];
        try (InputStream in = new PatternedSource(size, SEED)) {
            for (int n; (n = in.readNBytes(buf, 0, BUFFER)) > 0; ) {
                for (MessageDigest d : digests) {
                    d.update(buf, 0, n);
                }
            }
        }
        return HexFormat.of().formatHex(digests[0].digest());
    }

    private static void rawWriteFsync(Path file, long size) throws IOException {
        byte[] buf = new byte[BUFFER];
        try (InputStream in = new PatternedSource(size, SEED);
             FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int n; (n = in.readNBytes(buf, 0, BUFFER)) > 0; ) {
                ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            }
            ch.force(true);
        }
    }

    private static long rawRead(Path file) throws IOException {
        byte[] buf = new byte[BUFFER];
        long total = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (int n; (n = ch.read(ByteBuffer.wrap(buf))) >= 0; ) {
                total += n;
            }
        }
        return total;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
