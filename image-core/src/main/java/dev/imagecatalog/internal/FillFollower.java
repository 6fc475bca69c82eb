package dev.imagecatalog.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;

/**
 * A download that follows a {@link CacheFill}: it reads the fill's file up to what has been written, waiting for
 * more, so concurrent first downloads read the store once, and it ends as soon as the image's size is written: it
 * never waits for the fill's verification, and delivers exactly the bytes a download from the store would have (a
 * {@code verified} download checks them itself). If the fill is abandoned before its copy is complete it goes on
 * from the store at the first byte not yet delivered. Closing the download that started the fill before the copy
 * is complete abandons the fill.
 */
final class FillFollower extends InputStream {
    /** Opens the image's bytes in its stores from {@code offset} to the end. */
    interface StoreReader {
        InputStream open(long offset) throws IOException;
    }

    private final CacheFill fill;
    private final FileChannel in;
    private final long size;
    private final boolean owner;
    private final StoreReader store;
    private InputStream fallback;
    private long pos;
    private boolean closed;

    FillFollower(CacheFill fill, FileChannel in, long size, boolean owner, StoreReader store) {
        this.fill = fill;
        this.in = in;
        this.size = size;
        this.owner = owner;
        this.store = store;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("stream closed");
        }
        if (len == 0) {
            return 0;
        }
        if (fallback != null) {
            int n = fallback.read(b, off, len);
            pos += Math.max(n, 0);
            return n;
        }
        if (pos >= size) {
            return -1;
        }
        long written = fill.awaitData(pos);
        if (written < 0) {
            fallback = store.open(pos);
            return read(b, off, len);
        }
        int n = in.read(ByteBuffer.wrap(b, off, (int) Math.min(len, written - pos)), pos);
        if (n <= 0) {
            throw new IOException("the image cache's file of image " + fill.image().id() + " ended at byte " + pos);
        }
        pos += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            in.close();
            if (fallback != null) {
                fallback.close();
            }
        } finally {
            if (owner && pos < size) {
                fill.abandonCopy("the download that started it was closed after " + pos + " of " + size
                        + " bytes");
            }
        }
    }
}
