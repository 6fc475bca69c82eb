package dev.imagecatalog.internal;

import dev.imagecatalog.data.ProgressListener;
import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.format.InspectionSession;
import dev.imagecatalog.spi.ImageWriter;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One streaming read of {@link UploadPipeline} with workers: the caller's thread reads into a bounded pool of
 * buffers and hands each, read-only, to the MD5 worker, the multihash worker and one worker per writer at once; a
 * buffer returns to the pool when all of them are done with it.
 */
final class BufferFanOut {
    private final ExecutorService executor;
    private final int bufferSize;
    private final int buffers;
    private final String imageId;
    private final List<ImageWriter> writers;
    private final boolean dropFailed;
    private final MessageDigest md5;
    private final MessageDigest hash;
    private final long cap;
    private final long expectedSize;
    private final ProgressListener listener;
    private final UploadPipeline.Allowance allowance;
    private final InspectionSession inspection;
    private final ArrayBlockingQueue<byte[]> pool;
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final Map<Integer, RuntimeException> failedWriters = new ConcurrentHashMap<>();
    private final AtomicInteger liveWriters;
    private final Worker[] workers;
    private final CountDownLatch finished;
    private final Chunk end;
    private int allocated;

    private final class Chunk {
        final byte[] data;
        final int length;
        final AtomicInteger pending = new AtomicInteger(workers.length);

        Chunk(byte[] data, int length) {
            this.data = data;
            this.length = length;
        }

        void release() {
            if (pending.decrementAndGet() == 0 && data.length == bufferSize) {
                pool.offer(data);
            }
        }
    }

    private abstract class Worker implements Runnable {
        final LinkedBlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();

        abstract void process(Chunk c);

        @Override
        public void run() {
            try {
                while (true) {
                    Chunk c;
                    try {
                        c = queue.take();
                    } catch (InterruptedException e) {
                        fail(new BackendUnavailableException("streaming image " + imageId + " interrupted", e));
                        Thread.currentThread().interrupt();
                        return;
                    }
                    if (c == end) {
                        return;
                    }
                    try {
                        if (failure.get() == null) {
                            process(c);
                        }
                    } catch (RuntimeException | Error e) {
                        fail(e instanceof RuntimeException ? (RuntimeException) e
                                : new IllegalStateException("streaming worker failed", e));
                    } finally {
                        c.release();
                    }
                }
            } finally {
                // release whatever is still queued so the reader is never starved
                Chunk c;
                while ((c = queue.poll()) != null) {
                    if (c != end) {
                        c.release();
                    }
                }
                finished.countDown();
            }
        }
    }

    /** Gives each chunk to one writer; with {@code dropFailed} a failing writer is aborted and skipped after. */
    private final class WriterWorker extends Worker {
        private final int index;
        private boolean dropped;

        WriterWorker(int index) {
            this.index = index;
        }

        @Override
        void process(Chunk c) {
            if (dropped) {
                return;
            }
            ImageWriter writer = writers.get(index);
            try {
                UploadPipeline.writeToStore(imageId, writer, ByteBuffer.wrap(c.data, 0, c.length).asReadOnlyBuffer());
            } catch (RuntimeException e) {
                if (!dropFailed) {
                    throw e;
                }
                dropped = true;
                failedWriters.put(index, e);
                UploadPipeline.abortQuietly(imageId, writer, e);
                if (liveWriters.decrementAndGet() == 0) {
                    fail(new UploadPipeline.NoWriterLeft());
                }
            }
        }
    }

    BufferFanOut(ExecutorService executor, int bufferSize, int buffers, String imageId, List<ImageWriter> writers,
                 boolean dropFailed, MessageDigest md5, MessageDigest hash, long cap, long expectedSize,
                 ProgressListener listener, UploadPipeline.Allowance allowance, InspectionSession inspection) {
        this.executor = executor;
        this.bufferSize = bufferSize;
        this.buffers = buffers;
        this.pool = new ArrayBlockingQueue<>(buffers + 1);
        this.imageId = imageId;
        this.writers = writers;
        this.dropFailed = dropFailed;
        this.inspection = inspection;
        this.liveWriters = new AtomicInteger(writers.size());
        this.workers = new Worker[2 + writers.size()];
        this.finished = new CountDownLatch(workers.length);
        this.end = new Chunk(new byte[0], 0);
        this.allowance = allowance;
        this.md5 = md5;
        this.hash = hash;
        this.cap = cap;
        this.expectedSize = expectedSize;
        this.listener = listener;
    }

    private void fail(RuntimeException e) {
        failure.compareAndSet(null, e);
    }

    UploadPipeline.FanOut run(InputStream in, byte[] first, int firstLength) {
        workers[0] = new Worker() {
            @Override
            void process(Chunk c) {
                md5.update(c.data, 0, c.length);
            }
        };
        workers[1] = new Worker() {
            @Override
            void process(Chunk c) {
                hash.update(c.data, 0, c.length);
            }
        };
        for (int i = 0; i < writers.size(); i++) {
            workers[2 + i] = new WriterWorker(i);
        }
        int started = 0;
        try {
            for (Worker w : workers) {
                executor.execute(w);
                started++;
            }
        } catch (RejectedExecutionException e) {
            for (int i = started; i < workers.length; i++) {
                finished.countDown();
            }
            fail(new BackendUnavailableException("the catalog is closed", e));
        }
        long total = 0;
        RuntimeException readerFailure = null;
        try {
            if (first.length == bufferSize) {
                allocated = 1;
            }
            byte[] buf = first;
            int n = firstLength;
            long limit = UploadPipeline.readLimit(cap, expectedSize);
            while (true) {
                total += n;
                UploadPipeline.checkBounds(imageId, total, cap, expectedSize);
                allowance.take(n);
                dispatch(new Chunk(buf, n));
                if (inspection != null) {
                    // on the reader's thread: a parser reads only the header regions it asked for and the
                    // session keeps a short tail, so this costs far less than a hand-off to a fourth thread
                    inspection.accept(ByteBuffer.wrap(buf, 0, n).asReadOnlyBuffer());
                }
                UploadPipeline.progress(listener, total, expectedSize);
                if (failure.get() != null) {
                    break;
                }
                buf = acquire();
                if (failure.get() != null) {
                    break;
                }
                long remaining = limit - total;
                n = UploadPipeline.fill(imageId, in, buf, (int) Math.min(buf.length, remaining));
                if (n == 0) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            readerFailure = e;
            fail(e);
        } catch (InterruptedException e) {
            readerFailure = new BackendUnavailableException("upload of image " + imageId + " interrupted", e);
            fail(readerFailure);
            Thread.currentThread().interrupt();
        } finally {
            for (Worker w : workers) {
                if (w != null) {
                    w.queue.add(end);
                }
            }
            awaitUninterruptibly();
        }
        if (readerFailure != null) {
            throw readerFailure;
        }
        RuntimeException f = failure.get();
        if (f instanceof UploadPipeline.NoWriterLeft) {
            return new UploadPipeline.FanOut(null, new TreeMap<>(failedWriters));
        }
        if (f != null) {
            throw f;
        }
        return new UploadPipeline.FanOut(new UploadPipeline.Result(total, UploadPipeline.hex(md5), UploadPipeline.hex(hash), inspection == null ? null : inspection.finish()),
                new TreeMap<>(failedWriters));
    }

    private void dispatch(Chunk c) {
        for (Worker w : workers) {
            w.queue.add(c);
        }
    }

    private byte[] acquire() throws InterruptedException {
        byte[] b = pool.poll();
        if (b != null) {
            return b;
        }
        if (allocated < buffers) {
            allocated++;
            return new byte[bufferSize];
        }
        return pool.take();
    }

    private void awaitUninterruptibly() {
        boolean interrupted = false;
        while (true) {
            try {
                finished.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
