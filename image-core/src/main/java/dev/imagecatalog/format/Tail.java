package dev.imagecatalog.format;

import java.nio.ByteBuffer;

/** The last {@link #CAPACITY} bytes of the stream, kept for formats with a footer (vhd fixed, vmdk stream). */
final class Tail {
    /** The longest footer any parser reads: vmdk's footer marker, footer and end-of-stream marker. */
    static final int CAPACITY = 1536;

    private final byte[] ring = new byte[CAPACITY];
    private long total;

    void offer(ByteBuffer chunk) {
        int n = chunk.remaining();
        int skip = Math.max(0, n - CAPACITY);
        for (int i = skip; i < n; ) {
            int at = (int) ((total + i) % CAPACITY);
            int run = Math.min(n - i, CAPACITY - at);
            chunk.get(chunk.position() + i, ring, at, run);
            i += run;
        }
        total += n;
    }

    /** The last {@code n} bytes (at most {@link #CAPACITY}), or null if the stream is shorter. */
    byte[] last(int n) {
        if (n > CAPACITY || n > total) {
            return null;
        }
        byte[] out = new byte[n];
        long start = total - n;
        for (int i = 0; i < n; i++) {
            out[i] = ring[(int) ((start + i) % CAPACITY)];
        }
        return out;
    }
}
