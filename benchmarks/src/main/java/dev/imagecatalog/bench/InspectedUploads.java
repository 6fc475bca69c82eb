package dev.imagecatalog.bench;

import dev.imagecatalog.data.UploadOptions;
import dev.imagecatalog.format.FormatInspector;
import dev.imagecatalog.format.FormatReport;
import dev.imagecatalog.format.InspectionSession;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageService;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The cost of the format inspection in upload-fs: a qcow2 made by {@code qemu-img create -o preallocation=full}
 * uploaded from its file with {@code container_format} bare (inspected) and ovf (not inspected), the same bytes
 * through the same pipeline, in {@link Rounds} of their own ({@link #run()}); and the inspection alone.
 *
 * <p>Before each of the two uploads (untimed): {@code sync}, then one raw read of
 * the qcow2, so both read their source from the page cache whatever ran before them (without it, an upload that
 * ran after the 2 GiB writes of other measurements could read part of its source from the disk; the residency is
 * noted). Wall time on a shared machine moves with the load, so each upload also records CPU time, which does not:
 * the caller's thread, which is the pipeline's reader and feeds the inspection, and the whole process, each per GiB.
 * {@code inspection_cpu_s_per_gib} is the thread CPU time of an {@link InspectionSession} fed the qcow2's first
 * buffer and then as many buffers of the upload's size as the file holds (past the headers a session's work per
 * buffer does not depend on the bytes), with nothing else in the loop.
 *
 * <p>{@code -Dbench.inspected-container=ovf} runs the first upload with ovf as well (an A/A check: whatever gap
 * remains between the two figures then comes from how they are run, not from the inspection).
 */
final class InspectedUploads {
    private static final String INSPECTED = "upload_fs_inspected_mb_s";
    private static final String UNINSPECTED = "upload_fs_uninspected_mb_s";
    private static final String SESSION = "inspection_session";
    private static final double GIB = 1L << 30;
    private static final int BUFFER = 1 << 20;

    private final ImageService images;
    private final Path qcow2;
    private final long virtualSize;
    private final long bytes;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
            ManagementFactory.getOperatingSystemMXBean();
    private final double[][] readerCpu;
    private final double[][] processCpu;
    private final double[] sessionCpu;
    private final int[] round = new int[2];
    private int sessionRound;
    private Image last;
    private Rounds rounds;

    private InspectedUploads(ImageService images, Path qcow2, long virtualSize, int rounds) throws IOException {
        this.images = images;
        this.qcow2 = qcow2;
        this.virtualSize = virtualSize;
        this.bytes = Files.size(qcow2);
        this.readerCpu = new double[2][rounds];
        this.processCpu = new double[2][rounds];
        this.sessionCpu = new double[rounds];
    }

    /** Makes the qcow2 of virtual size {@code size} in {@code dir}; needs qemu-img (Debian's qemu-utils). */
    static InspectedUploads create(ImageService images, Path dir, long size, int rounds)
            throws IOException, InterruptedException {
        Path file = dir.resolve("bench.qcow2");
        Process p = new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", "-o", "preallocation=full",
                file.toString(), Long.toString(size)).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException("qemu-img create failed (Debian's qemu-utils: scripts/servers/install.sh)");
        }
        return new InspectedUploads(images, file, size, rounds);
    }

    /**
     * Runs the two uploads and the inspection alone in rounds of their own (as many as the scenario's, the order
     * reversed every other round), after one untimed upload of each kind, each upload's image deleted right after
     * it (untimed). So each upload follows a qcow2 upload whose image was just deleted, whichever kind it is: as
     * measurements among the scenario's others, the upload that followed the download, with nothing inspected in
     * either ({@code -Dbench.inspected-container=ovf}), was 15 % slower in every round.
     */
    void run() throws Exception {
        String container = System.getProperty("bench.inspected-container", "bare");
        if (!"bare".equals(container)) {
            Figures.note("A/A check: the 'inspected' upload uses container_format %s, so it is not inspected",
                    container);
        }
        Long expected = "bare".equals(container) ? virtualSize : null;
        before();
        upload(container, expected, -1);
        deleteLast();
        before();
        upload("ovf", null, -1);
        deleteLast();
        Rounds rounds = new Rounds(sessionCpu.length);
        rounds.add(INSPECTED, bytes, this::before, () -> upload(container, expected, 0), this::deleteLast);
        rounds.add(UNINSPECTED, bytes, this::before, () -> upload("ovf", null, 1), this::deleteLast);
        rounds.add(SESSION, bytes, this::session);
        rounds.run();
        this.rounds = rounds;
    }

    /** Prints the two upload rates, their CPU per GiB (medians of the rounds) and the inspection's CPU per GiB. */
    void print() {
        rounds.printMbPerSecond(INSPECTED);
        rounds.printMbPerSecond(UNINSPECTED);
        Figures.print("upload_fs_inspected_reader_cpu_s_per_gib", Figures.median(readerCpu[0]), "s/GiB");
        Figures.print("upload_fs_uninspected_reader_cpu_s_per_gib", Figures.median(readerCpu[1]), "s/GiB");
        Figures.print("upload_fs_inspected_process_cpu_s_per_gib", Figures.median(processCpu[0]), "s/GiB");
        Figures.print("upload_fs_uninspected_process_cpu_s_per_gib", Figures.median(processCpu[1]), "s/GiB");
        Figures.print("inspection_cpu_s_per_gib", Figures.median(sessionCpu), "s/GiB");
    }

    /** Deletes the last image and the qcow2. */
    void close() throws IOException {
        deleteLast();
        Files.deleteIfExists(qcow2);
    }

    private void before() throws IOException {
        deleteLast();
        sync();
        FsLimits.rawRead(qcow2);
        String resident = resident();
        if (resident != null) {
            Figures.note("qcow2 source in the page cache before the upload: %s of %d bytes", resident, bytes);
        }
    }

    private void upload(String containerFormat, Long expectedVirtualSize, int which) throws IOException {
        Image created = images.create(ImageDraft.builder().name("bench-qcow2").diskFormat("qcow2")
                .containerFormat(containerFormat).build());
        java.util.Map<String, Long> t0 = TaskCpu.byName();
        long reader = threads.getCurrentThreadCpuTime();
        long process = os.getProcessCpuTime();
        try (InputStream in = Files.newInputStream(qcow2)) {
            last = images.upload(created.id(), in, UploadOptions.builder().declaredSize(bytes).build());
        }
        reader = threads.getCurrentThreadCpuTime() - reader;
        process = os.getProcessCpuTime() - process;
        Figures.note("%s threads: %s", containerFormat, TaskCpu.diff(t0, TaskCpu.byName()));
        Figures.note("%s upload: reader thread %.3f s CPU, process %.2f s CPU", containerFormat, reader / 1e9,
                process / 1e9);
        if (which >= 0) { // -1: the untimed first upload of a kind
            readerCpu[which][round[which]] = reader / 1e9 / (bytes / GIB);
            processCpu[which][round[which]] = process / 1e9 / (bytes / GIB);
            round[which]++;
        }
        if (!Objects.equals(last.virtualSize(), expectedVirtualSize)) {
            throw new IllegalStateException("virtual_size " + last.virtualSize() + ", expected " + expectedVirtualSize);
        }
    }

    private void session() throws IOException {
        byte[] first = new byte[BUFFER];
        int n;
        try (InputStream in = Files.newInputStream(qcow2)) {
            n = in.readNBytes(first, 0, first.length);
        }
        byte[] rest = new byte[BUFFER];
        long cpu = threads.getCurrentThreadCpuTime();
        InspectionSession s = FormatInspector.newSession();
        s.accept(ByteBuffer.wrap(first, 0, n).asReadOnlyBuffer());
        for (long fed = n; fed < bytes; fed += BUFFER) {
            int len = (int) Math.min(BUFFER, bytes - fed);
            s.accept(ByteBuffer.wrap(rest, 0, len).asReadOnlyBuffer());
        }
        FormatReport report = s.finish();
        cpu = threads.getCurrentThreadCpuTime() - cpu;
        sessionCpu[sessionRound++] = cpu / 1e9 / (bytes / GIB);
        if (!"qcow2".equals(report.format()) || report.virtualSize().orElse(-1) != virtualSize) {
            throw new IllegalStateException("the session found " + report);
        }
    }

    private void deleteLast() {
        if (last != null) {
            images.delete(last.id());
            last = null;
        }
    }

    /** Runs {@code sync}: every dirty page of every file system written back. */
    static void sync() throws IOException {
        try {
            int rc = new ProcessBuilder("sync").inheritIO().start().waitFor();
            if (rc != 0) {
                throw new IOException("sync exited with " + rc);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for sync", e);
        }
    }

    /** How much of the qcow2 the page cache holds, as util-linux's {@code fincore} says; null without it. */
    private String resident() {
        try {
            Process p = new ProcessBuilder("fincore", "--noheadings", "--bytes", "--output", "RES",
                    qcow2.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 && out.matches("\\d+") ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
