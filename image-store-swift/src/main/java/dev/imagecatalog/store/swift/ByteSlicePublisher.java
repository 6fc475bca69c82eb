package dev.imagecatalog.store.swift;

import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A request body over a byte array region that hands the HTTP client read-only slices of the array instead of
 * copies (the JDK's {@code ofByteArray} copies the body into 16 KiB buffers). The array must not change until the
 * request completes.
 */
final class ByteSlicePublisher implements HttpRequest.BodyPublisher {
    private static final int SLICE = 256 * 1024;
    private final byte[] data;
    private final int offset;
    private final int length;

    ByteSlicePublisher(byte[] data, int offset, int length) {
        this.data = data;
        this.offset = offset;
        this.length = length;
    }

    @Override
    public long contentLength() {
        return length;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        subscriber.onSubscribe(new Flow.Subscription() {
            private final AtomicLong demand = new AtomicLong();
            private final AtomicBoolean draining = new AtomicBoolean();
            private volatile boolean cancelled;
            private int position = offset; // only touched by the thread that holds 'draining'
            private boolean completed;

            @Override
            public void request(long n) {
                if (n <= 0) {
                    cancelled = true;
                    subscriber.onError(new IllegalArgumentException("non-positive request " + n));
                    return;
                }
                demand.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
                drain();
            }

            private void drain() {
                while (draining.compareAndSet(false, true)) {
                    try {
                        while (!cancelled && !completed && demand.get() > 0) {
                            int end = offset + length;
                            if (position >= end) {
                                completed = true;
                                subscriber.onComplete();
                                break;
                            }
                            int n = Math.min(SLICE, end - position);
                            ByteBuffer slice = ByteBuffer.wrap(data, position, n).slice().asReadOnlyBuffer();
                            position += n;
                            demand.decrementAndGet();
                            subscriber.onNext(slice);
                        }
                        if (!completed && position >= offset + length && !cancelled && demand.get() >= 0) {
                            completed = true;
                            subscriber.onComplete();
                        }
                    } finally {
                        draining.set(false);
                    }
                    if (cancelled || completed || demand.get() == 0) {
                        return;
                    }
                }
            }

            @Override
            public void cancel() {
                cancelled = true;
            }
        });
    }
}
