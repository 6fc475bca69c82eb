package dev.imagecatalog.store.filesystem;

import dev.imagecatalog.image.StoreLocation;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Positioned reads of [position, end) from a channel; closing the stream closes the channel. */
final class FileRangeStream extends InputStream {
    private static final int READ_CHUNK = 1 << 20;

    private final FileChannel channel;
    private final long end;
    private final StoreLocation location;
    private long position;
    private boolean closed;

    FileRangeStream(FileChannel channel, long start, long end, StoreLocation location) {
        this.channel = channel;
        this.position = start;
        this.end = end;
        this.location = location;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("stream closed");
        }
        if (len == 0) {
            return 0;
        }
        long left = end - position;
        if (left <= 0) {
            return -1;
        }
        int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(Math.min(len, left), READ_CHUNK)), position);
        if (n < 0) {
            throw new EOFException(location + " ended at byte " + position + ", expected " + end + " (truncated?)");
        }
        position += n;
        return n;
    }

    @Override
    public long skip(long n) {
        long k = Math.max(0, Math.min(n, end - position));
        position += k;
        return k;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, end - position));
    }

    @Override
    public void close() throws IOException {
        closed = true;
        channel.close();
    }
}
