package dev.imagecatalog.contract;

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
        return ImageServiceContract.failingStream(data, failAt, failure);
    }
}
