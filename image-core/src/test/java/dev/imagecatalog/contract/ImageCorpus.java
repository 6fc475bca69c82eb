package dev.imagecatalog.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A corpus of disk images made at test time: safe images of every format made by {@code qemu-img} (Debian's
 * qemu-utils, installed by scripts/servers/install.sh) at several virtual sizes, with and without data and
 * compression, a gpt and iso images written here, and unsafe images: qemu-img's own (backing file, data file,
 * extended L2, qed, descriptor-only vmdk) and files crafted from the safe ones. Nothing binary is committed.
 * Without qemu-img the tests using it are skipped, and fail when {@code CI=true}.
 */
public final class ImageCorpus {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A safe image and what qemu-img says of it.
     *
     * @param name        a short name for messages
     * @param file        the image
     * @param format      the Glance {@code disk_format} an inspector must report
     * @param virtualSize the virtual size qemu-img reports
     */
    public record Safe(String name, Path file, String format, long virtualSize) {
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * An unsafe image and the check that must refuse it.
     *
     * @param name  a short name for messages
     * @param file  the image
     * @param check the safety check expected among the problems
     */
    public record Unsafe(String name, Path file, String check) {
        @Override
        public String toString() {
            return name;
        }
    }

    private final Path dir;
    private final String qemuImg;

    private ImageCorpus(Path dir, String qemuImg) {
        this.dir = dir;
        this.qemuImg = qemuImg;
    }

    /** A corpus in {@code dir}; skips (fails in CI) when qemu-img is not installed. */
    public static ImageCorpus in(Path dir) {
        String qemu = Arrays.stream(System.getenv().getOrDefault("PATH", "/usr/bin").split(":"))
                .map(p -> Path.of(p, "qemu-img")).filter(Files::isExecutable).map(Path::toString).findFirst()
                .orElse(null);
        TestEnvironment.requireThat(qemu != null, "qemu-img is not installed (scripts/servers/install.sh installs"
                + " Debian's qemu-utils)");
        return new ImageCorpus(dir, qemu);
    }

    /** Safe images of every format, each checked against {@code qemu-img info}. */
    public List<Safe> safe() throws IOException {
        List<Safe> out = new ArrayList<>();
        Path data = dataFile();
        for (String size : List.of("1M", "100M", "10G")) {
            out.add(created("qcow2", "qcow2", size, "-o", "compat=0.10"));
            out.add(created("qcow2", "qcow2", size, "-o", "compat=1.1"));
            out.add(created("vmdk", "vmdk", size, "-o", "subformat=monolithicSparse"));
            out.add(created("vmdk", "vmdk", size, "-o", "subformat=streamOptimized"));
            out.add(created("vdi", "vdi", size));
            out.add(created("vpc", "vhd", size, "-o", "subformat=dynamic"));
            out.add(created("vhdx", "vhdx", size));
        }
        out.add(created("raw", "raw", "3M"));
        out.add(created("qcow2", "qcow2", "16M", "-o", "preallocation=metadata"));
        out.add(created("qcow2", "qcow2", "1M", "-o", "compression_type=zstd"));
        out.add(created("vdi", "vdi", "8M", "-o", "static=on"));
        out.add(created("vpc", "vhd", "8M", "-o", "subformat=fixed"));
        out.add(created("vhdx", "vhdx", "8M", "-o", "subformat=fixed"));
        out.add(created("luks", "luks", "4M", "--object", "secret,id=s0,data=corpus", "-o", "key-secret=s0"));
        out.add(converted(data, "qcow2", "qcow2", false));
        out.add(converted(data, "qcow2", "qcow2", true, "-o", "compat=0.10"));
        out.add(converted(data, "qcow2", "qcow2", true, "-o", "compression_type=zstd"));
        out.add(converted(data, "vmdk", "vmdk", false, "-o", "subformat=streamOptimized"));
        out.add(converted(data, "vmdk", "vmdk", false));
        Path footed = footed(out.get(out.size() - 2).file(), "data-vmdk-footer.vmdk");
        out.add(new Safe("data-vmdk-footer", footed, "vmdk", info(footed, "vmdk")));
        out.add(converted(data, "vdi", "vdi", false));
        out.add(converted(data, "vpc", "vhd", false));
        out.add(converted(data, "vhdx", "vhdx", false));
        out.add(converted(data, "raw", "raw", false));
        out.add(written("gpt", "gpt", gpt(1 << 20, protectiveEntry(1, 2047))));
        out.add(written("mbr", "gpt", gpt(1 << 20, partitionEntry(0x80, 0x83, 2048, 0))));
        out.add(written("iso", "iso", iso(Files.readAllBytes(data))));
        out.add(written("iso-with-qcow2-inside", "iso", iso(Files.readAllBytes(out.get(1).file()))));
        return out;
    }

    /** Unsafe images, each with the check that must refuse it. */
    public List<Unsafe> unsafe() throws IOException {
        List<Unsafe> out = new ArrayList<>();
        out.add(new Unsafe("qcow2-backing-file", create("qcow2", "bf.qcow2", "1M", "-u", "-b", "/etc/passwd",
                "-F", "raw"), "backing_file"));
        out.add(new Unsafe("qcow2-data-file", create("qcow2", "df.qcow2", "1M", "-o", "data_file="
                + dir.resolve("df.data")), "data_file"));
        out.add(new Unsafe("qcow2-extended-l2", create("qcow2", "el2.qcow2", "1M", "-o", "extended_l2=on"),
                "unknown_features"));
        out.add(new Unsafe("qcow2-unknown-bit", patched(create("qcow2", "v3.qcow2", "1M"), "bit40.qcow2", 75,
                new byte[] {1}), "unknown_features"));
        out.add(new Unsafe("qcow2-version-4", patched(create("qcow2", "v3b.qcow2", "1M"), "v4.qcow2", 4,
                new byte[] {0, 0, 0, 4}), "unknown_features"));
        out.add(new Unsafe("qed", create("qed", "x.qed", "1M"), "banned"));
        out.add(new Unsafe("vmdk-monolithicFlat", create("vmdk", "flat.vmdk", "1M", "-o", "subformat=monolithicFlat"),
                "descriptor"));
        out.add(new Unsafe("vmdk-twoGbMaxExtentSparse", create("vmdk", "two.vmdk", "1M", "-o",
                "subformat=twoGbMaxExtentSparse"), "descriptor"));
        Path sparse = create("vmdk", "sparse.vmdk", "100M");
        out.add(new Unsafe("vmdk-createType-flat", descriptor(sparse, "ct.vmdk",
                d -> d.replace("monolithicSparse", "monolithicFlat")), "descriptor"));
        out.add(new Unsafe("vmdk-createType-vmfs", descriptor(sparse, "vmfs.vmdk",
                d -> d.replace("monolithicSparse", "vmfs")), "descriptor"));
        out.add(new Unsafe("vmdk-extent-path", descriptor(sparse, "path.vmdk",
                d -> d.replaceAll("RW (\\d+) SPARSE \"[^\"]*\"", "RW $1 SPARSE \"/etc/passwd\"")), "descriptor"));
        out.add(new Unsafe("vmdk-extent-relative-path", descriptor(sparse, "rel.vmdk",
                d -> d.replaceAll("RW (\\d+) SPARSE \"[^\"]*\"", "RW $1 FLAT \"../../etc/shadow\" 0")), "descriptor"));
        out.add(new Unsafe("vmdk-bad-line", descriptor(sparse, "line.vmdk", d -> d + "include other.vmdk\n"),
                "descriptor"));
        out.add(new Unsafe("vmdk-no-extents", descriptor(sparse, "noext.vmdk",
                d -> d.replaceAll("RW \\d+ SPARSE \"[^\"]*\"", "")), "descriptor"));
        Path stream = footed(converted(dataFile(), "vmdk", "vmdk", false, "-o", "subformat=streamOptimized").file(),
                "footed-stream.vmdk");
        long len = Files.size(stream);
        out.add(new Unsafe("vmdk-footer-version", patched(stream, "fv.vmdk", len - 1024 + 4, new byte[] {9}),
                "footer"));
        out.add(new Unsafe("vmdk-footer-descriptor", patched(stream, "fd.vmdk", len - 1024 + 28, new byte[] {7}),
                "footer"));
        out.add(new Unsafe("vmdk-footer-at-end-again", patched(stream, "fe.vmdk", len - 1024 + 56,
                new byte[] {-1, -1, -1, -1, -1, -1, -1, -1}), "footer"));
        out.add(new Unsafe("vmdk-footer-marker", patched(stream, "fm.vmdk", len - 1536 + 12, new byte[] {2}),
                "footer"));
        out.add(new Unsafe("vmdk-eos-marker", patched(stream, "eos.vmdk", len - 512 + 12, new byte[] {5}), "footer"));
        out.add(new Unsafe("vmdk-truncated-stream", truncated(stream, "ts.vmdk", len - 700), "footer"));
        Path qcowBacking = out.get(0).file();
        byte[] isoBytes = iso(new byte[100_000]);
        System.arraycopy(Files.readAllBytes(qcowBacking), 0, isoBytes, 0, 512);
        out.add(new Unsafe("iso-with-qcow2-header", write("isoq.iso", isoBytes), "multiple_formats"));
        byte[] vmdkIso = Files.readAllBytes(sparse);
        byte[] pvd = Arrays.copyOfRange(iso(new byte[0]), 32 * 1024, 36 * 1024);
        System.arraycopy(pvd, 0, vmdkIso, 32 * 1024, pvd.length);
        out.add(new Unsafe("vmdk-and-iso", write("both.vmdk", vmdkIso), "multiple_formats"));
        Path vhdx = create("vhdx", "r.vhdx", "100M");
        out.add(new Unsafe("vhdx-region-past-end", vhdxMetadataAt(vhdx, "past.vhdx", 1L << 40), "incomplete"));
        out.add(new Unsafe("vhdx-region-behind", vhdxMetadataAt(vhdx, "behind.vhdx", 4096), "incomplete"));
        out.add(new Unsafe("gpt-protective-lba", written("g1", "gpt", gpt(1 << 20, protectiveEntry(2, 2047))).file(),
                "mbr"));
        byte[] extra = gpt(1 << 20, protectiveEntry(1, 2047));
        System.arraycopy(partitionEntry(0, 0x83, 4096, 100), 0, extra, 446 + 16, 16);
        out.add(new Unsafe("gpt-protective-and-more", write("g2.img", extra), "mbr"));
        byte[] chs = protectiveEntry(1, 2047);
        chs[2] = 1;
        out.add(new Unsafe("gpt-protective-chs", write("g3.img", gpt(1 << 20, chs)), "mbr"));
        out.add(new Unsafe("mbr-boot-flag", write("g4.img", gpt(1 << 20, partitionEntry(0x42, 0x83, 2048, 0))),
                "mbr"));
        out.add(new Unsafe("mbr-no-partitions", write("g5.img", gpt(1 << 20, new byte[16])), "mbr"));
        Path luks = create("luks", "x.luks", "1M", "--object", "secret,id=s0,data=corpus", "-o", "key-secret=s0");
        out.add(new Unsafe("luks-version-2", patched(luks, "v2.luks", 6, new byte[] {0, 2}), "version"));
        Path vpc = create("vpc", "d.vhd", "1M", "-o", "subformat=dynamic");
        out.add(new Unsafe("vhd-differencing", patched(vpc, "diff.vhd", 60, new byte[] {0, 0, 0, 4}), "parent"));
        out.add(new Unsafe("qcow2-truncated", truncated(create("qcow2", "t.qcow2", "1M"), "t300.qcow2", 300),
                "incomplete"));
        out.add(new Unsafe("vhd-truncated", truncated(vpc, "t.vhd", 200), "incomplete"));
        out.add(new Unsafe("vhdx-truncated", truncated(vhdx, "t.vhdx", 100_000), "incomplete"));
        out.add(new Unsafe("vhdx-truncated-table", truncated(vhdx, "t2.vhdx", 200_000), "incomplete"));
        out.add(new Unsafe("vmdk-truncated", truncated(sparse, "t.vmdk", 300), "incomplete"));
        out.add(new Unsafe("vmdk-truncated-descriptor", truncated(sparse, "t2.vmdk", 700), "incomplete"));
        out.add(new Unsafe("vdi-truncated", truncated(create("vdi", "t.vdi", "1M"), "t400.vdi", 400), "incomplete"));
        out.add(new Unsafe("luks-truncated", truncated(luks, "t.luks", 300), "incomplete"));
        out.add(new Unsafe("iso-truncated", truncated(written("ti", "iso", iso(new byte[4096])).file(), "t.iso",
                33_000), "incomplete"));
        out.add(new Unsafe("qed-truncated", truncated(out.get(5).file(), "t.qed", 30), "banned"));
        return out;
    }

    /** 3 MiB: random bytes at the start and the end, zeros between. */
    private Path dataFile() throws IOException {
        Path f = dir.resolve("data.raw");
        if (!Files.exists(f)) {
            byte[] b = new byte[3 << 20];
            Random r = new Random(42);
            byte[] head = new byte[1 << 20];
            r.nextBytes(head);
            System.arraycopy(head, 0, b, 0, head.length);
            System.arraycopy(head, 0, b, 2 << 20, 1 << 19);
            b[510] = 0; // no accidental MBR signature
            Files.write(f, b);
        }
        return f;
    }

    private Safe created(String qemuFormat, String format, String size, String... options) throws IOException {
        String name = qemuFormat + "-" + size + (options.length == 0 ? "" : "-" + String.join("", options)
                .replaceAll("[^a-z0-9=.]", "").replace("=", "-"));
        Path f = create(qemuFormat, name + "." + qemuFormat, size, options);
        return new Safe(name, f, format, info(f, qemuFormat));
    }

    private Safe converted(Path source, String qemuFormat, String format, boolean compress, String... options)
            throws IOException {
        String name = "data-" + qemuFormat + (compress ? "-c" : "") + String.join("", options)
                .replaceAll("[^a-z0-9=.]", "").replace("=", "-");
        Path f = dir.resolve(name + "." + qemuFormat);
        List<String> cmd = new ArrayList<>(List.of(qemuImg, "convert", "-q", "-f", "raw", "-O", qemuFormat));
        if (compress) {
            cmd.add("-c");
        }
        cmd.addAll(List.of(options));
        cmd.addAll(List.of(source.toString(), f.toString()));
        run(cmd);
        return new Safe(name, f, format, info(f, qemuFormat));
    }

    private Safe written(String name, String format, byte[] bytes) throws IOException {
        Path f = write(name + ".img", bytes);
        return new Safe(name, f, format, info(f, "raw"));
    }

    private Path create(String qemuFormat, String fileName, String size, String... options) throws IOException {
        Path f = dir.resolve(fileName);
        List<String> cmd = new ArrayList<>(List.of(qemuImg, "create", "-q", "-f", qemuFormat));
        cmd.addAll(List.of(options));
        cmd.addAll(List.of(f.toString(), size));
        run(cmd);
        return f;
    }

    /** qemu-img's virtual size of {@code f} opened as {@code qemuFormat} (never probed: a fixed vhd probes as raw). */
    private long info(Path f, String qemuFormat) throws IOException {
        String out = run(List.of(qemuImg, "info", "--output=json", "-f", qemuFormat, f.toString()));
        JsonNode n = JSON.readTree(out);
        if (!qemuFormat.equals(n.path("format").asText())) {
            throw new IllegalStateException("qemu-img info says " + n.path("format") + " for " + f);
        }
        return n.path("virtual-size").asLong();
    }

    /** What {@code qemu-img info} probes {@code f} as (its format name, e.g. vpc for a dynamic vhd). */
    public String probedFormat(Path f) throws IOException {
        return JSON.readTree(run(List.of(qemuImg, "info", "--output=json", f.toString()))).path("format").asText();
    }

    /**
     * Runs qemu-img. A luks create measures the CPU time of its key derivation and gives up under a load that
     * spoils the measure ("Unable to get accurate CPU usage"): that one is tried again.
     */
    private String run(List<String> cmd) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return runOnce(cmd);
            } catch (IOException e) {
                if (attempt == 5 || !String.valueOf(e.getMessage()).contains("accurate CPU usage")) {
                    throw e;
                }
            }
        }
    }

    private String runOnce(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed: " + new String(out, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    /** A copy of {@code source} with {@code bytes} written at {@code offset}. */
    public Path patched(Path source, String name, long offset, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.copy(source, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.seek(offset);
            raf.write(bytes);
        }
        return f;
    }

    /** The first {@code length} bytes of {@code source}. */
    public Path truncated(Path source, String name, long length) throws IOException {
        Path f = dir.resolve(name);
        Files.copy(source, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(length);
        }
        return f;
    }

    /** A copy of a sparse vmdk whose embedded descriptor (at sector 1) is rewritten by {@code edit}. */
    private Path descriptor(Path vmdk, String name, UnaryOperator<String> edit) throws IOException {
        byte[] b = Files.readAllBytes(vmdk);
        ByteBuffer h = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int at = (int) h.getLong(28) * 512;
        int size = (int) h.getLong(36) * 512;
        int end = at;
        while (end < at + size && b[end] != 0) {
            end++;
        }
        byte[] text = edit.apply(new String(b, at, end - at, StandardCharsets.US_ASCII))
                .getBytes(StandardCharsets.US_ASCII);
        if (text.length > size) {
            throw new IllegalStateException("edited descriptor does not fit");
        }
        Arrays.fill(b, at, at + size, (byte) 0);
        System.arraycopy(text, 0, b, at, text.length);
        return write(name, b);
    }

    /**
     * A copy of a stream-optimized vmdk in the layout with a footer: the header's grain directory offset is the
     * end-of-stream marker, and the file ends with a footer marker, a copy of the header (the real offset) and an
     * end-of-stream marker.
     */
    private Path footed(Path stream, String name) throws IOException {
        byte[] b = Files.readAllBytes(stream);
        byte[] out = Arrays.copyOf(b, b.length + 1536);
        System.arraycopy(b, 0, out, b.length + 512, 512);
        Arrays.fill(out, 56, 64, (byte) -1);
        out[b.length + 12] = 3;
        return write(name, out);
    }

    /** A copy of a vhdx whose region table points its metadata region at {@code offset}. */
    private Path vhdxMetadataAt(Path vhdx, String name, long offset) throws IOException {
        byte[] b = Files.readAllBytes(vhdx);
        ByteBuffer t = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int table = 192 * 1024;
        int count = t.getInt(table + 8);
        for (int i = 0; i < count; i++) {
            int e = table + 16 + 32 * i;
            if (t.getInt(e) == 0x8B7CA206) {
                t.putLong(e + 16, offset);
                return write(name, b);
            }
        }
        throw new IllegalStateException("no metadata region in " + vhdx);
    }

    /** A disk of {@code size} bytes whose MBR holds {@code entry} first, with the gpt header signature at 512. */
    public static byte[] gpt(int size, byte[] entry) {
        byte[] b = new byte[size];
        System.arraycopy(entry, 0, b, 446, 16);
        b[510] = 0x55;
        b[511] = (byte) 0xAA;
        System.arraycopy("EFI PART".getBytes(StandardCharsets.US_ASCII), 0, b, 512, 8);
        return b;
    }

    /** A protective 0xEE MBR entry starting at {@code lba}, CHS (0,2,0). */
    public static byte[] protectiveEntry(int lba, int sectors) {
        byte[] e = partitionEntry(0, 0xEE, lba, sectors);
        e[1] = 0;
        e[2] = 2;
        e[3] = 0;
        return e;
    }

    /** An MBR partition entry. */
    public static byte[] partitionEntry(int boot, int type, int lba, int sectors) {
        ByteBuffer e = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        e.put(0, (byte) boot).put(1, (byte) 0).put(2, (byte) 0x21).put(3, (byte) 0).put(4, (byte) type);
        e.put(5, (byte) 0xFE).put(6, (byte) 0xFF).put(7, (byte) 0xFF);
        e.putInt(8, lba).putInt(12, sectors == 0 ? 2048 : sectors);
        return e.array();
    }

    /** An ISO 9660 image: an empty system area, a primary volume descriptor, a terminator, then {@code content}. */
    public static byte[] iso(byte[] content) {
        int blocks = 18 + (content.length + 2047) / 2048;
        byte[] b = new byte[blocks * 2048];
        ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer be = ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN);
        int pvd = 16 * 2048;
        b[pvd] = 1;
        System.arraycopy("CD001".getBytes(StandardCharsets.US_ASCII), 0, b, pvd + 1, 5);
        b[pvd + 6] = 1;
        le.putInt(pvd + 80, blocks);
        be.putInt(pvd + 84, blocks);
        le.putShort(pvd + 128, (short) 2048);
        be.putShort(pvd + 130, (short) 2048);
        int term = 17 * 2048;
        b[term] = (byte) 255;
        System.arraycopy("CD001".getBytes(StandardCharsets.US_ASCII), 0, b, term + 1, 5);
        b[term + 6] = 1;
        System.arraycopy(content, 0, b, 18 * 2048, content.length);
        return b;
    }

    /** Reads a whole small file, unchecked. */
    public static byte[] bytes(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
