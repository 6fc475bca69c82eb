package dev.imagecatalog.internal;

import dev.imagecatalog.data.ProgressListener;
import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.error.ImageCatalogException;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.error.TooLargeException;
import dev.imagecatalog.format.FormatReport;
import dev.imagecatalog.format.InspectionSession;
import dev.imagecatalog.spi.ImageWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams one upload: the caller's thread reads the source into a bounded pool of buffers; each filled buffer
 * goes, at once and read-only, to an MD5 worker, a multihash worker and the store writer, and returns to the pool
 * when all of them are done with it; when the upload is inspected, the reader gives the same buffer, read-only, to
 * the format inspection before it reads the next one. Memory is at most {@code buffers x bufferSize} whatever the
 * image size, and a slow consumer pushes back on the reader (it waits for a free buffer).
 *
 * <p>A copy between stores ({@link #fanOut}) goes the same way with one writer per target store: every writer
 * gets every buffer, and a writer that fails is aborted and dropped while the others go on.
 *
 * <p>Data that fits in one buffer is handled on the caller's thread without hand-offs; more is streamed by a
 * {@link BufferFanOut}.
 */
final class UploadPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(UploadPipeline.class);

    /** What was read: the size, the hex digests and the format inspection's report (null when not inspected). */
    record Result(long size, String md5, String hash, FormatReport format) {
    }

    /**
     * What a fan-out did: {@code read} the source's size and digests, or null when it stopped early because every
     * writer had failed; {@code failedWriters} each dropped writer's position in the list given, with why.
     */
    record FanOut(Result read, Map<Integer, RuntimeException> failedWriters) {
    }

    /** Marks a fan-out stopped because no writer is left. */
    static final class NoWriterLeft extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoWriterLeft() {
            super("every writer failed", null, false, false);
        }
    }

    /** The source stream failed; carries the source's exception. */
    static final class SourceException extends InvalidInputException {
        private static final long serialVersionUID = 1L;

        SourceException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Bytes the upload may still take (a quota); {@link #take} throws TooLarge when it may not. */
    interface Allowance {
        Allowance UNLIMITED = n -> { };

        void take(long bytes);
    }

    private final ExecutorService executor;
    private final int bufferSize;
    private final int buffers;
    private final String hashJcaName;

    UploadPipeline(ExecutorService executor, int bufferSize, int buffers, String hashJcaName) {
        this.executor = executor;
        this.bufferSize = bufferSize;
        this.buffers = buffers;
        this.hashJcaName = hashJcaName;
    }

    /**
     * Reads {@code in} to its end (or to {@code cap + 1} bytes) through the digests into {@code writer}. Does not
     * commit or abort the writer; the caller does, depending on the outcome.
     *
     * @param expectedSize the declared size or -1; more bytes than declared stop the read early
     */
    Result run(String imageId, InputStream in, ImageWriter writer, long cap, long expectedSize, ProgressListener listener) {
        return run(imageId, in, writer, cap, expectedSize, listener, Allowance.UNLIMITED);
    }

    /** As above, taking each chunk's bytes from {@code allowance} before it is written. */
    Result run(String imageId, InputStream in, ImageWriter writer, long cap, long expectedSize, ProgressListener listener,
               Allowance allowance) {
        return run(imageId, in, writer, cap, expectedSize, listener, allowance, null);
    }

    /**
     * As above, with every buffer also given, read-only, to {@code inspection} (null: not inspected); its report is
     * in the result, and the caller decides on it before it commits the writer.
     */
    Result run(String imageId, InputStream in, ImageWriter writer, long cap, long expectedSize, ProgressListener listener,
               Allowance allowance, InspectionSession inspection) {
        return stream(imageId, in, List.of(writer), false, hashJcaName, cap, expectedSize, listener, allowance,
                inspection).read();
    }

    /**
     * Reads {@code in} (a copy's source) to its end once, giving every buffer to the MD5 worker, the worker of the
     * multihash {@code hashJcaName} and each of {@code writers} at once. A writer that fails is aborted and dropped,
     * the others go on; when none is left the read stops. Commits nothing: the caller decides on the digests.
     *
     * @param expectedSize the source's size or -1; more bytes than that stop the read early (InvalidInput)
     * @throws SourceException if reading the source fails
     */
    FanOut fanOut(String imageId, InputStream in, List<ImageWriter> writers, long expectedSize, String hashJcaName) {
        return fanOut(imageId, in, writers, expectedSize, hashJcaName, null);
    }

    /**
     * As above, with every buffer also given, read-only, to {@code inspection} (null: not inspected; its report is
     * in the result, for the caller to decide on before it commits any writer).
     */
    FanOut fanOut(String imageId, InputStream in, List<ImageWriter> writers, long expectedSize, String hashJcaName,
                  InspectionSession inspection) {
        return stream(imageId, in, writers, true, hashJcaName, Long.MAX_VALUE, expectedSize, (a, b) -> { },
                Allowance.UNLIMITED, inspection);
    }

    private FanOut stream(String imageId, InputStream in, List<ImageWriter> writers, boolean dropFailed,
                          String hashJca, long cap, long expectedSize, ProgressListener listener, Allowance allowance,
                          InspectionSession inspection) {
        MessageDigest md5 = Digests.create("MD5");
        MessageDigest hash = Digests.create(hashJca);
        int firstSize = bufferSize;
        if (expectedSize >= 0 && expectedSize < bufferSize) {
            firstSize = (int) Math.max(1024, expectedSize + 1); // room to notice a longer-than-declared source
        }
        byte[] first = new byte[firstSize];
        long limit = readLimit(cap, expectedSize);
        int n = fill(imageId, in, first, (int) Math.min(first.length, limit));
        boolean eof = n < first.length && n < limit;
        if (eof || n == 0) {
            checkBounds(imageId, n, cap, expectedSize);
            allowance.take(n);
            md5.update(first, 0, n);
            hash.update(first, 0, n);
            Map<Integer, RuntimeException> failed = new TreeMap<>();
            if (n > 0) {
                for (int i = 0; i < writers.size(); i++) {
                    try {
                        writeToStore(imageId, writers.get(i), ByteBuffer.wrap(first, 0, n).asReadOnlyBuffer());
                    } catch (RuntimeException e) {
                        if (!dropFailed) {
                            throw e;
                        }
                        failed.put(i, e);
                        abortQuietly(imageId, writers.get(i), e);
                    }
                }
                if (inspection != null) {
                    inspection.accept(ByteBuffer.wrap(first, 0, n).asReadOnlyBuffer());
                }
            }
            progress(listener, n, expectedSize);
            Result r = new Result(n, hex(md5), hex(hash), inspection == null ? null : inspection.finish());
            return new FanOut(failed.size() == writers.size() && n > 0 ? null : r, failed);
        }
        return new BufferFanOut(executor, bufferSize, buffers, imageId, writers, dropFailed, md5, hash, cap,
                expectedSize, listener, allowance, inspection).run(in, first, n);
    }

    static void abortQuietly(String imageId, ImageWriter writer, RuntimeException cause) {
        try {
            writer.abort();
        } catch (RuntimeException e) {
            LOG.warn("aborting a write of image {} failed", imageId, e);
            cause.addSuppressed(e);
        }
    }

    static long readLimit(long cap, long expectedSize) {
        long limit = cap == Long.MAX_VALUE ? Long.MAX_VALUE : cap + 1;
        if (expectedSize >= 0 && expectedSize < Long.MAX_VALUE) {
            limit = Math.min(limit, expectedSize + 1);
        }
        return limit;
    }

    static void checkBounds(String imageId, long total, long cap, long expectedSize) {
        if (total > cap) {
            throw new TooLargeException("the incoming image " + imageId + " is too large: more than the size cap of "
                    + cap + " bytes");
        }
        if (expectedSize >= 0 && total > expectedSize) {
            throw new InvalidInputException("the data of image " + imageId + " is longer than its declared size of "
                    + expectedSize + " bytes");
        }
    }

    static void progress(ProgressListener listener, long soFar, long expected) {
        try {
            listener.progress(soFar, expected);
        } catch (RuntimeException e) {
            LOG.warn("progress listener failed (ignored)", e);
        }
    }

    static String hex(MessageDigest d) {
        return HexFormat.of().formatHex(d.digest());
    }

    /** Reads until {@code max} bytes or the end; returns how many were read. */
    static int fill(String imageId, InputStream in, byte[] buf, int max) {
        int off = 0;
        try {
            while (off < max) {
                int r = in.read(buf, off, max - off);
                if (r < 0) {
                    break;
                }
                off += r;
            }
        } catch (IOException e) {
            throw new SourceException("reading the data for image " + imageId + " failed: " + e.getMessage(), e);
        }
        return off;
    }

    static void writeToStore(String imageId, ImageWriter writer, ByteBuffer data) {
        try {
            writer.write(data);
        } catch (ImageCatalogException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new BackendUnavailableException("the store failed writing image " + imageId + ": " + e.getMessage(), e);
        }
    }
}
