package dev.imagecatalog.internal;

import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.spi.ImageStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One range of an image's bytes read from its locations in turn: it reads from the first location that opens and,
 * when that store fails (an I/O error or unchecked store error while reading, the stream ending before the range's
 * end, or more bytes than asked), opens the next location at the first byte not yet delivered and goes on, so the
 * reader sees one unbroken stream. Each location is tried at most once per stream. Every failed location is
 * reported to {@link ReadSuspects}. A failure of an interrupted thread is the reader's, not the store's: it is thrown
 * as it is, no other location is opened and none becomes suspect. When no location is left, {@link #open} throws
 * (and a read fails with) a {@link BackendUnavailableException} naming each store's failure.
 *
 * <p>A stream whose bytes end exactly at the range's end is checked for excess before its last bytes are given out:
 * a store that has more to give is failed and its last read discarded, so the next location re-reads them. Not
 * thread-safe, like any input stream.
 */
final class FailoverStream extends InputStream {
    private static final Logger LOG = LoggerFactory.getLogger(FailoverStream.class);

    private final String imageId;
    private final ImageStores stores;
    private final List<StoreLocation> remainingLocations;
    private final long rangeOffset;
    private final long rangeLength;
    /** One line per failure, in order, for the final error. */
    private final List<String> failures = new ArrayList<>();
    /** The locations that delivered at least one byte, in order. */
    private final Set<StoreLocation> sources = new LinkedHashSet<>();
    private StoreLocation currentLocation;
    private InputStream current;
    /** Whether {@code current} has given the reader any byte. */
    private boolean currentDelivered;
    private long delivered;
    private boolean closed;

    private FailoverStream(String imageId, ImageStores stores, List<StoreLocation> locations, long rangeOffset,
                           long rangeLength) {
        this.imageId = imageId;
        this.stores = stores;
        this.remainingLocations = new ArrayList<>(locations);
        this.rangeOffset = rangeOffset;
        this.rangeLength = rangeLength;
    }

    /**
     * Opens the first of {@code locations} (in the order given) that opens.
     *
     * @throws BackendUnavailableException naming every location's failure when none opens
     */
    static FailoverStream open(String imageId, ImageStores stores, List<StoreLocation> locations, long offset,
                               long length) {
        FailoverStream s = new FailoverStream(imageId, stores, locations, offset, length);
        s.openNext();
        if (s.current == null) {
            throw s.exhausted();
        }
        return s;
    }

    /**
     * The delivered bytes proved wrong (a checksum mismatch): every location that delivered some of them becomes a
     * {@linkplain ReadSuspects#corrupt corrupt suspect}, since which one is at fault cannot be told apart.
     *
     * @return the stores that delivered them, for the error message ("store 'a'", "stores 'a', 'b'")
     */
    String blameCorruption() {
        List<String> ids = new ArrayList<>();
        for (StoreLocation loc : sources) {
            stores.suspects().corrupt(loc);
            LOG.warn("image {}: the bytes read from {} do not match the image's checksums", imageId, loc);
            ids.add("'" + loc.storeId() + "'");
        }
        return (ids.size() == 1 ? "store " : "stores ") + String.join(", ", ids);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("stream closed");
        }
        long remaining = rangeLength - delivered;
        if (len == 0) {
            return 0;
        }
        if (remaining == 0) {
            return -1;
        }
        while (true) {
            if (current == null) {
                openNext();
                if (current == null) {
                    BackendUnavailableException e = exhausted();
                    throw new IOException(e.getMessage(), e);
                }
            }
            int n;
            try {
                n = current.read(b, off, (int) Math.min(len, remaining));
                if (n == 0) {
                    return 0;
                }
                if (n < 0) {
                    fail("its stream ended after " + delivered + " of the " + rangeLength + " bytes asked", null,
                            false);
                    continue;
                }
                if (n == remaining && current.read() >= 0) {
                    fail("its stream holds more than the " + rangeLength + " bytes asked", null, true);
                    continue;
                }
            } catch (IOException | RuntimeException e) {
                if (interrupted(e)) {
                    throw e instanceof IOException io ? io : new InterruptedIOException("interrupted while reading");
                }
                fail("reading failed after " + delivered + " bytes: " + e, e, false);
                continue;
            }
            delivered += n;
            if (!currentDelivered) {
                sources.add(currentLocation);
                currentDelivered = true;
            }
            return n;
        }
    }

    @Override
    public int available() throws IOException {
        if (current == null || closed) {
            return 0;
        }
        try {
            return (int) Math.min(current.available(), rangeLength - delivered);
        } catch (IOException e) {
            return 0; // the next read fails over
        }
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            closeCurrent();
        }
    }

    /** Opens the next location at the first byte not yet delivered; leaves {@code current} null if none opens. */
    private void openNext() {
        while (current == null && !remainingLocations.isEmpty()) {
            StoreLocation loc = remainingLocations.remove(0);
            try {
                current = openAt(loc, rangeOffset + delivered, rangeLength - delivered);
                currentLocation = loc;
                currentDelivered = false;
            } catch (BackendUnavailableException e) {
                failures.add(e.getMessage());
                if (interrupted(e.getCause())) {
                    remainingLocations.clear();
                    failures.add("interrupted: no other store tried");
                    return;
                }
                stores.suspects().failed(loc);
                LOG.warn("image {}: {}", imageId, e.getMessage());
            }
        }
    }

    /** Whether the reading thread was interrupted: then no other location is tried and none becomes suspect. */
    private static boolean interrupted(Throwable failure) {
        return failure instanceof InterruptedIOException || Thread.currentThread().isInterrupted();
    }

    /** The bytes at one location; every failure is a {@link BackendUnavailableException} naming the store. */
    private InputStream openAt(StoreLocation loc, long offset, long length) {
        ImageStore store = stores.get(loc.storeId());
        if (store == null) {
            throw new BackendUnavailableException("store '" + loc.storeId()
                    + "' holds a copy but this catalog does not configure it");
        }
        try {
            return store.openStream(loc, offset, length);
        } catch (NotFoundException e) {
            throw new BackendUnavailableException("store '" + loc.storeId() + "' is missing the data", e);
        } catch (IOException | RuntimeException e) {
            throw new BackendUnavailableException("store '" + loc.storeId() + "' failed to open bytes " + offset
                    + "-" + (offset + length - 1) + ": " + e.getMessage(), e);
        }
    }

    /**
     * The current location failed: remembered, closed, and the next one will be opened. {@code corrupt}: it gave
     * more bytes than asked, so its object is not the image's bytes (an early end or an error may be transient).
     */
    private void fail(String what, Throwable cause, boolean corrupt) {
        String line = "store '" + currentLocation.storeId() + "': " + what;
        failures.add(line);
        if (corrupt) {
            stores.suspects().corrupt(currentLocation);
        } else {
            stores.suspects().failed(currentLocation);
        }
        LOG.warn("image {}: {}; reading on from the next location at byte {}", imageId, line,
                rangeOffset + delivered, cause);
        closeCurrent();
    }

    private void closeCurrent() {
        InputStream c = current;
        current = null;
        if (c != null) {
            try {
                c.close();
            } catch (IOException | RuntimeException e) {
                LOG.debug("closing a stream of image {} failed", imageId, e);
            }
        }
    }

    private BackendUnavailableException exhausted() {
        return new BackendUnavailableException("no store could deliver the data of image " + imageId
                + (delivered > 0 ? " from byte " + (rangeOffset + delivered) : "") + ": "
                + String.join("; ", failures));
    }
}
