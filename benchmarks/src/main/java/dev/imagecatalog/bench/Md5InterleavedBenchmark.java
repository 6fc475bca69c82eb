package dev.imagecatalog.bench;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Benchmark {@code md5-interleaved}: what an upload to Swift pays for its MD5s. Over the same bytes ({@code
 * bench.size}, default 256 MiB, in 1 MiB buffers cut from a 16 MiB random array), it times the image's MD5 plus an
 * MD5 per segment ({@code bench.segment}, default 64 MiB) as two JDK digests fed the same buffers, against one
 * hand-written pass ({@link TwoStateMd5}) computing both, and the JDK's MD5 and SHA-512 alone. Every measurement
 * runs once per round ({@code bench.rounds}, default 3), interleaved ({@link Rounds}); each figure is the median of
 * its rounds. The hand-written digests are checked against the JDK's in every round.
 *
 * <p>Figures: {@code md5_jdk_mb_s}, {@code sha512_jdk_mb_s}, {@code md5_image_and_segments_jdk_s} and
 * {@code md5_image_and_segments_interleaved_s} (seconds for the whole size), {@code md5_interleaved_vs_jdk_ratio}
 * (interleaved time / JDK time: below 1 the interleaved pass is cheaper).
 */
public final class Md5InterleavedBenchmark {
    private static final int BUFFER = 1 << 20;
    private static final int SOURCE = 16 << 20;

    private Md5InterleavedBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long size = Figures.parseSize(System.getProperty("bench.size", "256MiB"));
        long segment = Figures.parseSize(System.getProperty("bench.segment", "64MiB"));
        int rounds = Integer.getInteger("bench.rounds", 3);
        if (size % BUFFER != 0 || segment % BUFFER != 0) {
            throw new IllegalArgumentException("bench.size and bench.segment must be whole MiB");
        }
        byte[] source = new byte[SOURCE];
        new Random(11).nextBytes(source);
        Figures.note("%d bytes, segments of %d bytes, %d rounds; JDK %s", size, segment, rounds,
                System.getProperty("java.version"));
        AtomicReference<List<byte[]>> jdk = new AtomicReference<>(); // this round's JDK digests
        Rounds r = new Rounds(rounds);
        r.add("md5_jdk_mb_s", size, () -> digestAll(source, size, "MD5"));
        r.add("sha512_jdk_mb_s", size, () -> digestAll(source, size, "SHA-512"));
        r.add("md5_image_and_segments_jdk_s", size, () -> jdk.set(jdkImageAndSegments(source, size, segment)));
        r.add("md5_image_and_segments_interleaved_s", size, () -> {
            List<byte[]> hand = interleavedImageAndSegments(source, size, segment);
            if (jdk.get().size() != hand.size()) {
                throw new IllegalStateException("digest counts differ");
            }
            for (int i = 0; i < hand.size(); i++) {
                if (!Arrays.equals(jdk.get().get(i), hand.get(i))) {
                    throw new IllegalStateException("the hand-written MD5 differs from the JDK's at digest " + i);
                }
            }
        });
        r.run();
        r.printMbPerSecond("md5_jdk_mb_s");
        r.printMbPerSecond("sha512_jdk_mb_s");
        double twoJdk = r.medianNanos("md5_image_and_segments_jdk_s");
        double interleaved = r.medianNanos("md5_image_and_segments_interleaved_s");
        Figures.print("md5_image_and_segments_jdk_s", twoJdk / 1e9, "s");
        Figures.print("md5_image_and_segments_interleaved_s", interleaved / 1e9, "s");
        Figures.print("md5_interleaved_vs_jdk_ratio", interleaved / twoJdk, "ratio");
    }

    private static void digestAll(byte[] source, long size, String algorithm) throws Exception {
        MessageDigest d = MessageDigest.getInstance(algorithm);
        for (long p = 0; p < size; p += BUFFER) {
            d.update(source, (int) (p % SOURCE), BUFFER);
        }
        d.digest();
    }

    /** Each segment's MD5, then the image's: two JDK digests fed every buffer. */
    private static List<byte[]> jdkImageAndSegments(byte[] source, long size, long segment) throws Exception {
        MessageDigest image = MessageDigest.getInstance("MD5");
        MessageDigest seg = MessageDigest.getInstance("MD5");
        List<byte[]> out = new ArrayList<>();
        for (long p = 0; p < size; p += BUFFER) {
            int off = (int) (p % SOURCE);
            image.update(source, off, BUFFER);
            seg.update(source, off, BUFFER);
            if ((p + BUFFER) % segment == 0 || p + BUFFER == size) {
                out.add(seg.digest());
            }
        }
        out.add(image.digest());
        return out;
    }

    /** The same digests from one hand-written pass over each buffer. */
    private static List<byte[]> interleavedImageAndSegments(byte[] source, long size, long segment) {
        TwoStateMd5 md5 = new TwoStateMd5();
        List<byte[]> out = new ArrayList<>();
        for (long p = 0; p < size; p += BUFFER) {
            md5.update(source, (int) (p % SOURCE), BUFFER);
            if ((p + BUFFER) % segment == 0 || p + BUFFER == size) {
                out.add(md5.digestSecondAndRestart());
            }
        }
        out.add(md5.digestFirst());
        return out;
    }
}
