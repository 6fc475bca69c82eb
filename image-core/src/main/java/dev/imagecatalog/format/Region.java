package dev.imagecatalog.format;

import java.nio.ByteBuffer;

/**
 * A span of the stream a parser needs ({@code offset}, {@code length}), captured from the chunks as they pass.
 * Its buffer is allocated on the first byte captured, so a region the stream never reaches costs nothing. A region
 * whose start the stream had already passed when it was asked for is {@linkplain #missed() missed}: one pass never
 * goes back.
 */
final class Region {
    private final long offset;
    private final int length;
    private byte[] data;
    private int filled;
    private boolean missed;

    Region(long offset, int length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("region " + offset + "+" + length);
        }
        this.offset = offset;
        this.length = length;
    }

    long offset() {
        return offset;
    }

    int length() {
        return length;
    }

    /** Copies the part of {@code chunk} (which starts at stream position {@code position}) this region wants. */
    void offer(long position, ByteBuffer chunk) {
        if (complete() || missed) {
            return;
        }
        long want = offset + filled;
        long end = position + chunk.remaining();
        if (want < position) {
            missed = true;
            return;
        }
        if (want >= end) {
            return;
        }
        int from = (int) (want - position);
        int n = (int) Math.min(length - filled, end - want);
        if (data == null) {
            data = new byte[length];
        }
        chunk.get(chunk.position() + from, data, filled, n);
        filled += n;
    }

    boolean complete() {
        return filled == length;
    }

    /** Marks the region as missed: it starts before bytes the stream has already passed. */
    void miss() {
        missed = true;
    }

    /** The region started before the stream position at which it was first offered bytes. */
    boolean missed() {
        return missed;
    }

    /** Bytes captured so far. */
    int filled() {
        return filled;
    }

    /** The captured bytes (the first {@link #filled()} are valid); an empty array before the first byte. */
    byte[] data() {
        return data == null ? new byte[length] : data;
    }
}
