package dev.imagecatalog.store.swift;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.error.ImageCatalogException;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.spi.ImageWriter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upload. Bytes are copied into segment-sized buffers; at most {@code segments-in-flight} buffers exist at a
 * time (the one being filled included), so memory is bounded by segments in flight x segment size. A write of at
 * most {@code large-object-threshold} bytes is one PUT; a larger one is an SLO whose manifest is PUT last. On any
 * failure, abort or close without commit, every segment written is deleted.
 */
final class SwiftImageWriter implements ImageWriter {
    private static final Logger LOG = LoggerFactory.getLogger(SwiftImageWriter.class);

    private record Segment(String name, String etag, long size) {
    }

    private enum State { OPEN, COMMITTED, ABORTED }

    private final SwiftImageStore store;
    private final SwiftClient client;
    private final String container;
    private final String object;
    private final long expectedSize;
    private final int segmentSize;
    private final String uploadPrefix;
    private final Semaphore buffers;
    private final ConcurrentLinkedQueue<byte[]> freeBuffers = new ConcurrentLinkedQueue<>();
    private final List<Future<Segment>> segments = new ArrayList<>();
    /** Segment names that may exist in the segments container (added before each PUT). */
    private final Set<String> maybeWritten = ConcurrentHashMap.newKeySet();
    private volatile Throwable failure;
    private volatile State state = State.OPEN;
    private byte[] buf;
    private int fill;
    private long total;

    /**
     * @param uploadPrefix the name prefix (ending in '/') of this upload's segments in the segments container,
     *                     unique to the upload
     */
    SwiftImageWriter(SwiftImageStore store, String container, String object, String uploadPrefix, long expectedSize) {
        this.store = store;
        this.client = store.client;
        this.container = container;
        this.object = object;
        this.expectedSize = expectedSize;
        this.segmentSize = store.config.segmentSize();
        this.uploadPrefix = uploadPrefix;
        this.buffers = new Semaphore(store.config.segmentsInFlight());
    }

    @Override
    public void write(ByteBuffer data) throws IOException {
        if (state != State.OPEN) {
            throw new IllegalStateException("writer is " + state.name().toLowerCase());
        }
        try {
            while (data.hasRemaining()) {
                rethrowFailure();
                if (buf == null) {
                    buf = takeBuffer(initialCapacity());
                } else if (fill == buf.length) {
                    if (buf.length < segmentSize) {
                        buf = Arrays.copyOf(buf, (int) Math.min(segmentSize, Math.max(buf.length * 2L, 1L << 16)));
                    } else {
                        submitSegment(); // a full segment and more bytes: this is a large object
                        buf = takeBuffer(segmentSize);
                    }
                }
                int n = Math.min(data.remaining(), buf.length - fill);
                data.get(buf, fill, n);
                fill += n;
                total += n;
            }
        } catch (IOException | RuntimeException e) {
            abort();
            throw e;
        }
    }

    private int initialCapacity() {
        if (!segments.isEmpty()) {
            return segmentSize;
        }
        if (expectedSize >= 0) {
            return (int) Math.max(1, Math.min(expectedSize, segmentSize));
        }
        return Math.min(segmentSize, 1 << 16);
    }

    private byte[] takeBuffer(int capacity) throws IOException {
        try {
            buffers.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a segment upload");
        }
        if (capacity == segmentSize) {
            byte[] b = freeBuffers.poll();
            if (b != null) {
                return b;
            }
        }
        return new byte[capacity];
    }

    private void rethrowFailure() throws IOException {
        Throwable f = failure;
        if (f instanceof IOException) {
            throw new IOException("segment upload of " + container + "/" + object + " failed: " + f.getMessage(), f);
        }
        if (f instanceof ImageCatalogException) {
            throw (ImageCatalogException) f;
        }
        if (f != null) {
            throw new IOException("segment upload of " + container + "/" + object + " failed", f);
        }
    }

    /** Hands the current buffer to the upload pool (its permit is released when the PUT is done). */
    private void submitSegment() throws IOException {
        if (segments.isEmpty()) {
            store.ensureContainer(store.config.segmentsContainer());
        }
        byte[] data = buf;
        int length = fill;
        String name = uploadPrefix + String.format("%08d", segments.size() + 1);
        buf = null;
        fill = 0;
        segments.add(store.uploads().submit(() -> {
            try {
                if (state == State.ABORTED) {
                    throw new IOException("upload aborted");
                }
                maybeWritten.add(name);
                String etag = putVerified(store.config.segmentsContainer(), name, data, length, "", 2);
                return new Segment(name, etag, length);
            } catch (Throwable t) {
                if (failure == null) {
                    failure = t;
                }
                throw t;
            } finally {
                if (data.length == segmentSize) {
                    freeBuffers.add(data);
                }
                buffers.release();
            }
        }));
    }

    /** PUTs bytes with their MD5 as ETag (Swift refuses a mismatch with 422) and checks the ETag it returns. */
    private String putVerified(String cont, String name, byte[] data, int length, String query, int attempts)
            throws IOException {
        String md5 = md5Hex(data, 0, length);
        String path = SwiftClient.objectPath(cont, name) + query;
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<byte[]> r = client.send("PUT", path,
                        Map.of("ETag", md5, "Content-Type", "application/octet-stream"),
                        () -> new ByteSlicePublisher(data, 0, length),
                        HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() == 404 && !store.config.createContainers()) {
                    throw new BackendUnavailableException("Swift container '" + cont + "' does not exist: create it "
                            + "or set create-containers = true");
                }
                if (r.statusCode() / 100 == 5 && attempt < attempts) {
                    LOG.info("PUT {} answered {}; retrying", path, r.statusCode());
                    continue;
                }
                SwiftClient.check(r, "PUT " + cont + "/" + name);
                String got = unquote(r.headers().firstValue("ETag").orElse(""));
                if (!md5.equalsIgnoreCase(got)) {
                    throw new IOException("PUT " + cont + "/" + name + ": Swift stored ETag '" + got + "', sent " + md5);
                }
                return md5;
            } catch (IOException e) {
                if (attempt >= attempts || e instanceof InterruptedIOException) {
                    throw e;
                }
                LOG.info("PUT {} failed ({}); retrying", path, e.toString());
            }
        }
    }

    @Override
    public StoreLocation location() {
        return store.location(container, object);
    }

    @Override
    public StoreLocation commit() throws IOException {
        if (state != State.OPEN) {
            throw new IllegalStateException("writer is " + state.name().toLowerCase());
        }
        try {
            rethrowFailure();
            store.ensureContainer(container);
            if (segments.isEmpty() && total <= store.config.largeObjectThreshold()) {
                putVerified(container, object, buf == null ? new byte[0] : buf, fill, "", 2);
            } else {
                if (fill > 0) {
                    submitSegment();
                }
                putManifest(awaitSegments());
            }
            state = State.COMMITTED;
            buf = null;
            return store.location(container, object);
        } catch (IOException | RuntimeException e) {
            abort();
            throw e;
        }
    }

    private List<Segment> awaitSegments() throws IOException {
        List<Segment> done = new ArrayList<>();
        for (Future<Segment> f : segments) {
            try {
                done.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for segment uploads");
            } catch (ExecutionException e) {
                rethrowFailure();
                throw new IOException("segment upload failed", e.getCause());
            }
        }
        return done;
    }

    private void putManifest(List<Segment> done) throws IOException {
        ArrayNode manifest = SwiftClient.JSON.createArrayNode();
        StringBuilder etags = new StringBuilder();
        for (Segment s : done) {
            ObjectNode e = manifest.addObject();
            e.put("path", "/" + store.config.segmentsContainer() + "/" + s.name());
            e.put("etag", s.etag());
            e.put("size_bytes", s.size());
            etags.append(s.etag());
        }
        byte[] body = SwiftClient.JSON.writeValueAsBytes(manifest);
        String path = SwiftClient.objectPath(container, object) + "?multipart-manifest=put";
        HttpResponse<byte[]> r;
        try {
            r = client.send("PUT", path, Map.of("Content-Type", "application/octet-stream"),
                    () -> HttpRequest.BodyPublishers.ofByteArray(body), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            // the outcome is unknown: the manifest may exist and point at segments about to be deleted
            store.deleteQuietly(container, object);
            throw e;
        }
        SwiftClient.check(r, "PUT SLO manifest " + container + "/" + object);
        String expected = md5Hex(etags.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, etags.length());
        String got = unquote(r.headers().firstValue("ETag").orElse(""));
        if (!expected.equalsIgnoreCase(got)) {
            store.deleteQuietly(container, object);
            throw new IOException("SLO manifest " + container + "/" + object + ": Swift returned ETag '" + got
                    + "', expected " + expected);
        }
    }

    @Override
    public void abort() {
        if (state != State.OPEN) {
            return;
        }
        state = State.ABORTED;
        buf = null;
        for (Future<Segment> f : segments) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException ignored) {
                // cleaned up below
            }
        }
        for (String name : maybeWritten) {
            store.deleteQuietly(store.config.segmentsContainer(), name);
        }
        freeBuffers.clear();
    }

    @Override
    public void close() {
        if (state == State.OPEN) {
            abort();
        }
    }

    static String md5Hex(byte[] data, int off, int len) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            md.update(data, off, len);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
