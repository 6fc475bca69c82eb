package dev.imagecatalog.contract;

import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * {@code size} pseudo-random bytes made while they are read: a 1 MiB random block (from {@code seed}) repeated at a
 * shifting offset, so no two MiB of the stream are alike and nothing but the block is held, whatever the size.
 * Two streams with the same size and seed give the same bytes.
 */
public final class GeneratedStream extends InputStream {
    private static final int BLOCK = 1 << 20;
    private final byte[] block = new byte[BLOCK];
    private final long size;
    private long position;

    public GeneratedStream(long size, long seed) {
        this.size = size;
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < BLOCK; i += 8) {
            long v = random.nextLong();
            for (int j = 0; j < 8; j++) {
                block[i + j] = (byte) (v >>> (8 * j));
            }
        }
    }

    /** The MD5 (lower-case hex, as Glance's {@code checksum}) of the stream of {@code size} bytes from {@code seed}. */
    public static String md5(long size, long seed) {
        GeneratedStream in = new GeneratedStream(size, seed);
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            byte[] buf = new byte[BLOCK];
            for (int n; (n = in.read(buf, 0, buf.length)) > 0; ) {
                md5.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        position = size;
    }

    @Override
    public int read() {
        if (position >= size) {
            return -1;
        }
        int b = block[offset()] & 0xff;
        position++;
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (position >= size) {
            return -1;
        }
        int start = offset();
        // up to the end of the block, and of this pass (where the offset shifts)
        long toPassEnd = BLOCK - position % BLOCK;
        int n = (int) Math.min(Math.min(len, size - position), Math.min(BLOCK - start, toPassEnd));
        System.arraycopy(block, start, b, off, n);
        position += n;
        return n;
    }

    /** The block offset of the current position; each pass over the block starts one byte further on. */
    private int offset() {
        return (int) ((position / BLOCK + position) % BLOCK);
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, size - position);
    }
}
