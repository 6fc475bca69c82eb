package dev.imagecatalog.contract;

import java.io.IOException;
import java.io.InputStream;
import java.util.Random;

/** The disks {@link SnapshotContract} snapshots: seeded bytes, streamed without a length, failing where asked. */
final class SnapshotSources {
    private SnapshotSources() {
    }

    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A stream that does not tell its length ({@code available()} is 0). */
    static InputStream stream(byte[] data) {
        return failingAfter(data, Integer.MAX_VALUE, null);
    }

    static InputStream failingAfter(byte[] data, int failAt) {
        return failingAfter(data, failAt, null);
    }

    /** Serves {@code data}, then throws {@code failure} (an IOException if null) once {@code failAt} were read. */
    static InputStream failingAfter(byte[] data, int failAt, RuntimeException failure) {
        return new InputStream() {
            private int pos;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (pos >= failAt) {
                    if (failure != null) {
                        throw failure;
                    }
                    throw new IOException("disk read failed (injected)");
                }
                int n = Math.min(len, Math.min(failAt, data.length) - pos);
                if (n <= 0) {
                    return -1;
                }
                System.arraycopy(data, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }
}
