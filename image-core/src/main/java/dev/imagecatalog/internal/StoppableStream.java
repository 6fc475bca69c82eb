package dev.imagecatalog.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.BooleanSupplier;

/**
 * A stream read until the work it feeds stops: every {@code checkEvery} bytes (0: every read) it asks
 * {@code running}, and once that is false a read fails with {@code stopped}, so a fan-out reading it ends.
 */
final class StoppableStream extends FilterInputStream {
    private final BooleanSupplier running;
    private final long checkEvery;
    private final String stopped;
    private long sinceCheck;

    StoppableStream(InputStream in, BooleanSupplier running, long checkEvery, String stopped) {
        super(in);
        this.running = running;
        this.checkEvery = checkEvery;
        this.stopped = stopped;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (sinceCheck >= checkEvery) {
            sinceCheck = 0;
            if (!running.getAsBoolean()) {
                throw new IOException(stopped);
            }
        }
        int n = super.read(b, off, len);
        sinceCheck += Math.max(n, 0);
        return n;
    }
}
