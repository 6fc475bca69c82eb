package dev.imagecatalog.internal;

import dev.imagecatalog.image.Image;
import dev.imagecatalog.policy.RequestContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/** Counts the bytes a download sends and publishes {@code image.send} once, when it is closed. */
final class SendCountingStream extends FilterInputStream {
    private final Image image;
    private final long expected;
    private final RequestContext receiver;
    private final EventBus events;
    private final AtomicBoolean closed = new AtomicBoolean();
    private long sent;

    SendCountingStream(InputStream in, Image image, long expected, RequestContext receiver, EventBus events) {
        super(in);
        this.image = image;
        this.expected = expected;
        this.receiver = receiver;
        this.events = events;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            sent++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            sent += n;
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            if (closed.compareAndSet(false, true)) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("bytes_sent", sent);
                p.put("image_id", image.id());
                p.put("owner_id", image.owner());
                p.put("receiver_tenant_id", receiver.projectId());
                p.put("receiver_user_id", receiver.userId());
                p.put("complete", sent == expected);
                events.publish(ImageEvents.SEND, image.id(), p);
            }
        }
    }
}
