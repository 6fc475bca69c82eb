package dev.imagecatalog.contract;

import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.error.StorageFullException;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageWriter;
import dev.imagecatalog.spi.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Test-only: wraps a real store and fails or pauses on demand, so the service contract can check that core cleans
 * up after a store failure (the real store's abort must leave nothing), and crash tests can hold an upload right
 * after the store's commit or a delete right before it starts. Type {@code faulty}; configure the wrapped
 * store under {@code store.<id>.delegate.} ({@code delegate.type} and its own keys). Faults are switched at run
 * time through the instance: {@code (FaultyImageStore) catalog.backends().stores().get(id)}. Write faults
 * ({@link #inject}) and read faults ({@link #injectRead}) are armed independently; every {@link #openStream} is
 * recorded ({@link #opens()}), so a test can check which offset a read fell back to. A store can also be stopped
 * ({@link #stop()}, or {@link #stopAfterReading} in the middle of a read): it then refuses every call that would
 * reach its medium with an {@link IOException}, as a store whose server went away does.
 */
public final class FaultyImageStore implements ImageStore {

    /** What to do wrong. */
    public enum Fault { NONE, IO_ERROR_ON_WRITE, STORAGE_FULL_ON_WRITE, IO_ERROR_ON_COMMIT,
        /** Writes past the threshold wait until {@link #release()}. */
        BLOCK_ON_WRITE,
        /** A commit is done by the wrapped store, then waits until {@link #release()} before returning. */
        BLOCK_AFTER_COMMIT,
        /** A delete waits until {@link #release()} before the wrapped store starts it. */
        BLOCK_ON_DELETE }

    /** What to do wrong when reading; positions are offsets in the object, not in the stream. */
    public enum ReadFault { NONE,
        /** {@link #openStream} throws an {@link IOException} (a refused connection, a 5xx). */
        IO_ERROR_ON_OPEN,
        /** {@link #openStream} throws {@link NotFoundException} (the object is gone). */
        MISSING_ON_OPEN,
        /** Reading the byte at the fault's offset throws an {@link IOException}; the bytes before it are given. */
        IO_ERROR_AT,
        /** The stream ends (-1) before the byte at the fault's offset, as a cut connection read as EOF would. */
        ENDS_AT,
        /** The byte at the fault's offset is given with its bits flipped. */
        CORRUPT_AT,
        /** The stream gives every byte asked, then one more. */
        EXCESS_BYTE,
        /** Reading the byte at the fault's offset waits until {@link #release()} (at most 60 s). */
        BLOCK_AT }

    /**
     * One {@link #openStream} call.
     *
     * @param location the location asked for
     * @param offset   the first byte asked for
     * @param length   how many bytes were asked for
     */
    public record Open(StoreLocation location, long offset, long length) {
    }

    private static final long OFF = -1;

    private final ImageStore delegate;
    private volatile boolean stopped;
    private volatile long stopAfterReading = OFF;
    private volatile ReadFault readFault = ReadFault.NONE;
    private volatile long readFaultAt;
    private final java.util.List<Open> opens = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Fault fault = Fault.NONE;
    private volatile long failAfterBytes;
    private volatile java.time.Duration commitDelay = java.time.Duration.ZERO;
    private final java.util.concurrent.CountDownLatch blocked = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);

    /** Waits until a write is blocked by {@link Fault#BLOCK_ON_WRITE}. */
    public boolean awaitBlocked(long seconds) throws InterruptedException {
        return blocked.await(seconds, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Lets blocked writes go on. */
    public void release() {
        released.countDown();
    }

    FaultyImageStore(ImageStore delegate) {
        this.delegate = delegate;
    }

    /** The wrapped store. */
    public ImageStore delegate() {
        return delegate;
    }

    /**
     * Holds every later commit for {@code delay} after the wrapped store committed, so the object sits committed
     * but not yet referenced by its image (as if the process were slow between the two).
     */
    public void delayCommits(java.time.Duration delay) {
        commitDelay = delay;
    }

    /** Arms a fault; write faults strike once more than {@code afterBytes} bytes were written. */
    public void inject(Fault f, long afterBytes) {
        fault = f;
        failAfterBytes = afterBytes;
    }

    /** From now on every call reaching the medium fails, as if the store's server had gone away. */
    public void stop() {
        stopped = true;
    }

    /** Undoes {@link #stop()} and disarms every fault. */
    public void restart() {
        stopped = false;
        stopAfterReading = OFF;
        fault = Fault.NONE;
        readFault = ReadFault.NONE;
    }

    /** The next stream opened delivers {@code bytes} bytes, then fails with an {@link IOException} and the store stops. */
    public void stopAfterReading(long bytes) {
        stopAfterReading = bytes;
    }

    private void refuseIfStopped() throws IOException {
        if (stopped) {
            throw new IOException("store " + id() + " is stopped (injected by the test)");
        }
    }

    @Override
    public boolean canWrite() {
        return delegate.canWrite();
    }

    @Override
    public java.util.Optional<StoreLocation> locate(String url) {
        return delegate.locate(url);
    }

    @Override
    public java.util.Map<String, String> properties() {
        return delegate.properties();
    }

    @Override
    public String id() {
        return delegate.id();
    }

    @Override
    public String scheme() {
        return delegate.scheme();
    }

    @Override
    public ImageWriter openWriter(String imageId, long expectedSize) throws IOException {
        refuseIfStopped();
        ImageWriter w = delegate.openWriter(imageId, expectedSize);
        return new ImageWriter() {
            private long written;

            @Override
            public void write(ByteBuffer data) throws IOException {
                refuseIfStopped();
                Fault f = fault;
                if (written + data.remaining() > failAfterBytes) {
                    if (f == Fault.IO_ERROR_ON_WRITE) {
                        throw new IOException("injected write failure");
                    }
                    if (f == Fault.BLOCK_ON_WRITE) {
                        block();
                    }
                    if (f == Fault.STORAGE_FULL_ON_WRITE) {
                        throw new StorageFullException("injected: no space left", null);
                    }
                }
                written += data.remaining();
                w.write(data);
            }

            @Override
            public StoreLocation location() {
                return w.location();
            }

            @Override
            public StoreLocation commit() throws IOException {
                refuseIfStopped();
                if (fault == Fault.IO_ERROR_ON_COMMIT) {
                    w.abort(); // a failed commit leaves nothing, as the contract demands of real stores
                    throw new IOException("injected commit failure");
                }
                StoreLocation committed = w.commit();
                if (fault == Fault.BLOCK_AFTER_COMMIT) {
                    block();
                }
                if (!commitDelay.isZero()) {
                    try {
                        Thread.sleep(commitDelay.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException("interrupted after the commit");
                    }
                }
                return committed;
            }

            @Override
            public void abort() {
                w.abort();
            }

            @Override
            public void close() {
                w.close();
            }
        };
    }

    /** Arms a read fault for every later {@link #openStream}; {@code atByte} is an offset in the object. */
    public void injectRead(ReadFault f, long atByte) {
        readFault = f;
        readFaultAt = atByte;
    }

    /** Every {@link #openStream} call so far, in order (failed ones too). */
    public java.util.List<Open> opens() {
        return java.util.List.copyOf(opens);
    }

    /** The offset of every {@link #openStream} call so far, in order (failed ones too). */
    public java.util.List<Long> readOffsets() {
        return opens.stream().map(Open::offset).toList();
    }

    /** Forgets the {@link #openStream} calls recorded so far. */
    public void clearOpens() {
        opens.clear();
    }

    @Override
    public InputStream openStream(StoreLocation location, long offset, long length) throws IOException {
        opens.add(new Open(location, offset, length));
        refuseIfStopped();
        ReadFault f = readFault;
        if (f == ReadFault.IO_ERROR_ON_OPEN) {
            throw new IOException("injected: connection refused");
        }
        if (f == ReadFault.MISSING_ON_OPEN) {
            throw new NotFoundException("injected: no object at " + location);
        }
        InputStream in = delegate.openStream(location, offset, length);
        long stopAt = stopAfterReading;
        if (stopAt != OFF) {
            stopAfterReading = OFF;
            return new FaultyStream(in, offset, ReadFault.IO_ERROR_AT, offset + stopAt, this::stop);
        }
        if (f == ReadFault.BLOCK_AT) {
            return new FaultyStream(in, offset, f, readFaultAt, () -> {
                try {
                    block();
                } catch (java.io.InterruptedIOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        return f == ReadFault.NONE ? in : new FaultyStream(in, offset, f, readFaultAt, () -> { });
    }

    /** A stream of the object's bytes from {@code position} that misbehaves as {@code fault} says. */
    private static final class FaultyStream extends java.io.FilterInputStream {
        private final ReadFault fault;
        private final long at;
        private final Runnable struck;
        private long position;
        private boolean excessGiven;

        /** {@code struck} runs when an {@link ReadFault#IO_ERROR_AT} fault strikes (before it throws) or a {@link ReadFault#BLOCK_AT} one. */
        FaultyStream(InputStream in, long position, ReadFault fault, long at, Runnable struck) {
            super(in);
            this.position = position;
            this.fault = fault;
            this.at = at;
            this.struck = struck;
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
            int allowed = len;
            if (fault == ReadFault.BLOCK_AT && position <= at && position + len > at) {
                if (position == at) {
                    struck.run();
                } else {
                    allowed = (int) (at - position);
                }
            }
            if ((fault == ReadFault.IO_ERROR_AT || fault == ReadFault.ENDS_AT) && position + len > at) {
                if (position >= at) {
                    if (fault == ReadFault.ENDS_AT) {
                        return -1;
                    }
                    struck.run();
                    throw new IOException("injected: connection reset at byte " + position);
                }
                allowed = (int) (at - position);
            }
            int n = in.read(b, off, allowed);
            if (n < 0) {
                if (fault == ReadFault.EXCESS_BYTE && !excessGiven) {
                    excessGiven = true;
                    b[off] = 42;
                    return 1;
                }
                return -1;
            }
            if (fault == ReadFault.CORRUPT_AT && at >= position && at < position + n) {
                b[off + (int) (at - position)] ^= (byte) 0xff;
            }
            position += n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            return super.skip(0); // reads go through read(), so the faults stay where they were put
        }
    }

    @Override
    public long size(StoreLocation location) throws IOException {
        refuseIfStopped();
        return delegate.size(location);
    }

    @Override
    public boolean exists(StoreLocation location) throws IOException {
        refuseIfStopped();
        return delegate.exists(location);
    }

    @Override
    public boolean delete(StoreLocation location) throws IOException {
        refuseIfStopped();
        if (fault == Fault.BLOCK_ON_DELETE) {
            block();
        }
        return delegate.delete(location);
    }

    /** Signals {@link #awaitBlocked} and waits (at most 60 s) for {@link #release()}. */
    private void block() throws java.io.InterruptedIOException {
        blocked.countDown();
        try {
            released.await(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while blocked");
        }
    }

    @Override
    public void forEachOwned(Consumer<StoredObject> visitor) throws IOException {
        refuseIfStopped();
        delegate.forEachOwned(visitor);
    }

    @Override
    public boolean remove(StoredObject object) throws IOException {
        refuseIfStopped();
        return delegate.remove(object);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
