package dev.imagecatalog.bench;

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
 * The raw limits a filesystem figure is compared with, measured in the same run on the same bytes
 * ({@link PatternedSource} of one seed) in 1 MiB buffers: {@code limit_digest_md5_mb_s},
 * {@code limit_digest_sha512_mb_s}, {@code limit_digest_md5_sha512_mb_s} (both, one after the other on each buffer,
 * one thread), {@code limit_write_fsync_mb_s} (raw {@code FileChannel} writes into a file, then one
 * {@code force(true)}, timed to its end) and {@code limit_read_mb_s} (raw sequential {@code FileChannel} reads of a
 * file, which the benchmark adds itself: what it reads is its own).
 */
final class FsLimits {
    private static final int BUFFER = 1 << 20;

    private FsLimits() {
    }

    /**
     * Adds the digest and write limits to {@code rounds}; the MD5 and SHA-512 of the bytes go to
     * {@code expected[0]} and {@code expected[1]}, and the raw writes to {@code raw} (deleted before each).
     */
    static void addTo(Rounds rounds, long size, long seed, Path raw, String[] expected) {
        rounds.add("limit_digest_md5_mb_s", size, () -> expected[0] = digest(size, seed, "MD5"));
        rounds.add("limit_digest_sha512_mb_s", size, () -> expected[1] = digest(size, seed, "SHA-512"));
        rounds.add("limit_digest_md5_sha512_mb_s", size, () -> digest(size, seed, "MD5", "SHA-512"));
        rounds.add("limit_write_fsync_mb_s", size, () -> Files.deleteIfExists(raw),
                () -> rawWriteFsync(raw, size, seed));
    }

    /** Prints the limits {@link #addTo} added, and {@code limit_read_mb_s}. */
    static void print(Rounds rounds) {
        rounds.printMbPerSecond("limit_write_fsync_mb_s");
        rounds.printMbPerSecond("limit_read_mb_s");
        rounds.printMbPerSecond("limit_digest_md5_mb_s");
        rounds.printMbPerSecond("limit_digest_sha512_mb_s");
        rounds.printMbPerSecond("limit_digest_md5_sha512_mb_s");
    }

    /** The smallest of the limits {@link #print} prints, in MB/s. */
    static double smallest(Rounds rounds) {
        double min = Double.MAX_VALUE;
        for (String f : new String[] {"limit_write_fsync_mb_s", "limit_read_mb_s", "limit_digest_md5_mb_s",
                "limit_digest_sha512_mb_s"}) {
            min = Math.min(min, rounds.medianMbPerSecond(f));
        }
        return min;
    }

    static String digest(long size, long seed, String... algorithms) throws Exception {
        MessageDigest[] digests = new MessageDigest[algorithms.length];
        for (int i = 0; i < digests.length; i++) {
            digests[i] = MessageDigest.getInstance(algorithms[i]);
        }
        byte[] buf = new byte[BUFFER];
        try (InputStream in = new PatternedSource(size, seed)) {
            for (int n; (n = in.readNBytes(buf, 0, BUFFER)) > 0; ) {
                for (MessageDigest d : digests) {
                    d.update(buf, 0, n);
                }
            }
        }
        return HexFormat.of().formatHex(digests[0].digest());
    }

    static void rawWriteFsync(Path file, long size, long seed) throws IOException {
        byte[] buf = new byte[BUFFER];
        try (InputStream in = new PatternedSource(size, seed);
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

    static long rawRead(Path file) throws IOException {
        byte[] buf = new byte[BUFFER];
        long total = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (int n; (n = ch.read(ByteBuffer.wrap(buf))) >= 0; ) {
                total += n;
            }
        }
        return total;
    }

    static void deleteTree(Path dir) throws IOException {
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
