package dev.imagecatalog.bench;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Random;

/**
 * A deterministic stream of {@code length} pseudo-random bytes: a block of random bytes (off-heap, so it does not
 * count as heap used) repeated. Incompressible enough for a filesystem; costs one memory copy per byte, so the
 * limits and the catalog runs read exactly the same bytes at the same cost.
 */
final class PatternedSource extends InputStream {
    private static final int BLOCK = (1 << 20) + 4099; // not a multiple of any buffer size

    private final ByteBuffer block;
    private final long length;
    private long position;

    PatternedSource(long length, long seed) {
        this.length = length;
        byte[] random = new byte[BLOCK];
        new Random(seed).nextBytes(random);
        this.block = ByteBuffer.allocateDirect(BLOCK);
        this.block.put(random).flip();
    }

    @Override
    public int read() {
        if (position >= length) {
            return -1;
        }
        return block.get((int) (position++ % BLOCK)) & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (position >= length) {
            return -1;
        }
        int done = 0;
        while (done < len && position < length) {
            int at = (int) (position % BLOCK);
            int n = (int) Math.min(Math.min(len - done, BLOCK - at), length - position);
            block.get(at, b, off + done, n);
            done += n;
            position += n;
        }
        return done;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, length - position);
    }
}
