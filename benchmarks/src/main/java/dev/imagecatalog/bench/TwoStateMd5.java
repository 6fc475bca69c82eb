package dev.imagecatalog.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A hand-written MD5 (RFC 1321) that runs two digests over the same bytes in one pass: each 64-byte block goes
 * through both states' 64 steps in one loop, the second state restartable at block boundaries. This is the
 * interleaved pass an upload to Swift could use for the image's MD5 and the current segment's MD5 at once. Input
 * lengths must be multiples of 64 bytes until {@link #digest}.
 */
final class TwoStateMd5 {
    private static final VarHandle LE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int[] K = new int[64];
    private static final int[] S = {7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
        5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
        4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
        6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21};
    private static final int[] G = new int[64];

    static {
        for (int i = 0; i < 64; i++) {
            K[i] = (int) (long) Math.floor(Math.abs(Math.sin(i + 1)) * 4294967296.0);
            G[i] = i < 16 ? i : i < 32 ? (5 * i + 1) & 15 : i < 48 ? (3 * i + 5) & 15 : (7 * i) & 15;
        }
    }

    private final int[] first = initial();
    private final int[] second = initial();
    private long firstLength;
    private long secondLength;

    private static int[] initial() {
        return new int[] {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
    }

    /** Adds {@code len} bytes (a multiple of 64) to both digests. */
    void update(byte[] buf, int off, int len) {
        if ((len & 63) != 0) {
            throw new IllegalArgumentException("length " + len + " is not a multiple of 64");
        }
        int[] a = first;
        int[] b = second;
        for (int p = off; p < off + len; p += 64) {
            int a0 = a[0], b0 = a[1], c0 = a[2], d0 = a[3];
            int a1 = b[0], b1 = b[1], c1 = b[2], d1 = b[3];
            for (int i = 0; i < 64; i++) {
                int f0;
                int f1;
                if (i < 16) {
                    f0 = (b0 & c0) | (~b0 & d0);
                    f1 = (b1 & c1) | (~b1 & d1);
                } else if (i < 32) {
                    f0 = (d0 & b0) | (~d0 & c0);
                    f1 = (d1 & b1) | (~d1 & c1);
                } else if (i < 48) {
                    f0 = b0 ^ c0 ^ d0;
                    f1 = b1 ^ c1 ^ d1;
                } else {
                    f0 = c0 ^ (b0 | ~d0);
                    f1 = c1 ^ (b1 | ~d1);
                }
                int w = (int) LE_INT.get(buf, p + 4 * G[i]);
                int t0 = d0;
                d0 = c0;
                c0 = b0;
                b0 += Integer.rotateLeft(a0 + f0 + K[i] + w, S[i]);
                a0 = t0;
                int t1 = d1;
                d1 = c1;
                c1 = b1;
                b1 += Integer.rotateLeft(a1 + f1 + K[i] + w, S[i]);
                a1 = t1;
            }
            a[0] += a0;
            a[1] += b0;
            a[2] += c0;
            a[3] += d0;
            b[0] += a1;
            b[1] += b1;
            b[2] += c1;
            b[3] += d1;
        }
        firstLength += len;
        secondLength += len;
    }

    /** The second digest of everything since the last restart, and starts it again. */
    byte[] digestSecondAndRestart() {
        byte[] d = finish(second, secondLength);
        System.arraycopy(initial(), 0, second, 0, 4);
        secondLength = 0;
        return d;
    }

    /** The first digest (of everything). */
    byte[] digestFirst() {
        return finish(first.clone(), firstLength);
    }

    /** Pads (one block: lengths are multiples of 64) and returns the digest of {@code state}. */
    private static byte[] finish(int[] state, long length) {
        byte[] pad = new byte[64];
        pad[0] = (byte) 0x80;
        long bits = length * 8;
        for (int i = 0; i < 8; i++) {
            pad[56 + i] = (byte) (bits >>> (8 * i));
        }
        TwoStateMd5 one = new TwoStateMd5();
        System.arraycopy(state, 0, one.first, 0, 4);
        one.update(pad, 0, 64);
        byte[] out = new byte[16];
        for (int i = 0; i < 4; i++) {
            LE_INT.set(out, 4 * i, one.first[i]);
        }
        return out;
    }
}
