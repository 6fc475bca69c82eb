package dev.imagecatalog.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/**
 * Reproducible image data for tests in several processes: {@code size} pseudo-random bytes determined by
 * {@code seed} alone (generated in 64 KiB blocks, so how a reader splits its reads does not matter).
 */
public final class SeededBytes extends InputStream {
    private static final int BLOCK = 64 * 1024;

    private final long seed;
    private final long size;
    private final byte[] block = new byte[BLOCK];
    private long position;
    private long blockIndex = -1;

    private SeededBytes(long seed, long size) {
        this.seed = seed;
        this.size = size;
    }

    /** A stream of the {@code size} bytes of {@code seed}. */
    public static InputStream stream(long seed, long size) {
        return new SeededBytes(seed, size);
    }

    /** The hex MD5 of the bytes of {@code seed} and {@code size} (what the catalog records as the checksum). */
    public static String md5(long seed, long size) {
        return digest("MD5", stream(seed, size));
    }

    /** The hex digest ({@code MD5}, {@code SHA-512}, ...) of what {@code in} holds to its end; closes it. */
    public static String digest(String algorithm, InputStream in) {
        try (InputStream s = in) {
            MessageDigest d = MessageDigest.getInstance(algorithm);
            byte[] buf = new byte[BLOCK];
            for (int n; (n = s.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException(algorithm, e);
        }
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (position >= size) {
            return -1;
        }
        long index = position / BLOCK;
        if (index != blockIndex) {
            new Random(seed * 1_000_003L + index).nextBytes(block);
            blockIndex = index;
        }
        int inBlock = (int) (position % BLOCK);
        int n = (int) Math.min(Math.min(len, BLOCK - inBlock), size - position);
        System.arraycopy(block, inBlock, b, off, n);
        position += n;
        return n;
    }
}
