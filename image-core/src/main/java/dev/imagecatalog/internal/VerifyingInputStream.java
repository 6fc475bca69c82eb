package dev.imagecatalog.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.function.Supplier;

/**
 * Computes the MD5 and the multihash of what is read and, at the end of the stream, throws an
 * {@link IOException} if they (or the length) differ from the image's recorded values, naming the stores the bytes
 * came from (asked of {@code blame}, which also learns of the corruption).
 */
final class VerifyingInputStream extends FilterInputStream {
    private final String imageId;
    private final MessageDigest md5;
    private final MessageDigest hash;
    private final long expectedSize;
    private final String expectedMd5;
    private final String expectedHash;
    private final Supplier<String> blame;
    private long count;
    private boolean verified;
    private IOException corruption;

    VerifyingInputStream(String imageId, InputStream in, MessageDigest md5, MessageDigest hash, long expectedSize,
                         String expectedMd5, String expectedHash, Supplier<String> blame) {
        super(in);
        this.blame = blame;
        this.imageId = imageId;
        this.md5 = md5;
        this.hash = hash;
        this.expectedSize = expectedSize;
        this.expectedMd5 = expectedMd5;
        this.expectedHash = expectedHash;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n = in.read(b, off, len);
        if (n < 0) {
            verify();
            return -1;
        }
        md5.update(b, off, n);
        if (hash != null) {
            hash.update(b, off, n);
        }
        count += n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // skipping would bypass the digests: read and discard instead
        byte[] buf = new byte[(int) Math.min(8192, Math.max(n, 1))];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    private void verify() throws IOException {
        if (verified) {
            if (corruption != null) {
                throw new IOException(corruption.getMessage(), corruption);
            }
            return;
        }
        verified = true;
        String problem = problem();
        if (problem != null) {
            corruption = new IOException("image " + imageId + " is corrupt in " + blame.get() + ": " + problem);
            throw corruption;
        }
    }

    /** What differs from the image's recorded values, or null. */
    private String problem() {
        if (count != expectedSize) {
            return "read " + count + " bytes, expected " + expectedSize;
        }
        String gotMd5 = UploadPipeline.hex(md5);
        if (expectedMd5 != null && !expectedMd5.equalsIgnoreCase(gotMd5)) {
            return "md5 " + gotMd5 + ", expected " + expectedMd5;
        }
        if (hash != null && expectedHash != null) {
            String got = UploadPipeline.hex(hash);
            if (!expectedHash.equalsIgnoreCase(got)) {
                return "multihash " + got + ", expected " + expectedHash;
            }
        }
        return null;
    }
}
