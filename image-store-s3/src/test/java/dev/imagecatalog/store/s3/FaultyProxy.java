package dev.imagecatalog.store.s3;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * A loopback TCP proxy in front of an S3 server that the tests steer: it forwards bytes both ways, can cut a
 * connection after N more bytes in either direction, and can answer 500 to the next N requests matching a
 * predicate on "METHOD path?query" (the request is not forwarded). It frames requests by Content-Length so it
 * sees every request on a kept-alive connection; responses are forwarded as raw bytes.
 */
final class FaultyProxy implements AutoCloseable {
    private static final byte[] ERROR_BODY = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>InternalError"
            + "</Code><Message>injected by the test proxy</Message></Error>").getBytes(StandardCharsets.UTF_8);

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "faulty-proxy");
        t.setDaemon(true);
        return t;
    });
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicLong uploadCut = new AtomicLong(-1);
    private final AtomicLong downloadCut = new AtomicLong(-1);
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicReference<Predicate<String>> failWhen = new AtomicReference<>(r -> true);
    private final AtomicInteger failuresInjected = new AtomicInteger();
    private final AtomicInteger cuts = new AtomicInteger();

    FaultyProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.submit(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    /** The next {@code n} requests whose "METHOD path?query" matches get a 500 instead of reaching the server. */
    void failNext(int n, Predicate<String> request) {
        failWhen.set(request);
        failuresLeft.set(n);
    }

    /** Cuts the connection carrying client-to-server bytes after {@code bytes} more of them. */
    void cutUploadAfter(long bytes) {
        uploadCut.set(bytes);
    }

    /** Cuts the connection carrying server-to-client bytes after {@code bytes} more of them. */
    void cutDownloadAfter(long bytes) {
        downloadCut.set(bytes);
    }

    int failuresInjected() {
        return failuresInjected.get();
    }

    int cuts() {
        return cuts.get();
    }

    /** "METHOD path?query [Range: ...]" of every request seen, in order. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(targetHost, targetPort);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(upstream);
                threads.submit(() -> requestsLoop(client, upstream));
                threads.submit(() -> pump(upstream, client, downloadCut));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void requestsLoop(Socket client, Socket upstream) {
        try {
            InputStream in = new BufferedInputStream(client.getInputStream(), 65536);
            OutputStream out = upstream.getOutputStream();
            while (true) {
                byte[] head = readHead(in);
                if (head == null) {
                    break;
                }
                String text = new String(head, StandardCharsets.ISO_8859_1);
                String[] lines = text.split("\r\n");
                String[] requestLine = lines[0].split(" ");
                String request = requestLine[0] + " " + (requestLine.length > 1 ? requestLine[1] : "");
                long contentLength = 0;
                boolean chunked = false;
                boolean expectContinue = false;
                String range = null;
                for (int i = 1; i < lines.length; i++) {
                    int colon = lines[i].indexOf(':');
                    if (colon < 0) {
                        continue;
                    }
                    String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    String value = lines[i].substring(colon + 1).trim();
                    switch (name) {
                        case "content-length": contentLength = Long.parseLong(value); break;
                        case "transfer-encoding": chunked = value.toLowerCase(Locale.ROOT).contains("chunked"); break;
                        case "expect": expectContinue = value.equalsIgnoreCase("100-continue"); break;
                        case "range": range = value; break;
                        default: break;
                    }
                }
                requests.add(range == null ? request : request + " Range: " + range);
                if (shouldFail(request)) {
                    if (!expectContinue) {
                        in.skipNBytes(contentLength);
                    }
                    OutputStream toClient = client.getOutputStream();
                    toClient.write(("HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/xml\r\n"
                            + "Content-Length: " + ERROR_BODY.length + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    toClient.write(ERROR_BODY);
                    toClient.flush();
                    break;
                }
                out.write(head);
                out.flush();
                if (chunked) { // not framed by length: forward the rest of the connection as it comes
                    forward(in, out, Long.MAX_VALUE, client, upstream);
                    break;
                }
                if (!forward(in, out, contentLength, client, upstream)) {
                    break;
                }
            }
        } catch (IOException e) {
            // connection gone
        } finally {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    private boolean shouldFail(String request) {
        if (!failWhen.get().test(request)) {
            return false;
        }
        while (true) {
            int left = failuresLeft.get();
            if (left <= 0) {
                return false;
            }
            if (failuresLeft.compareAndSet(left, left - 1)) {
                failuresInjected.incrementAndGet();
                return true;
            }
        }
    }

    /** Forwards up to {@code count} bytes; false if the connection was cut or ended. */
    private boolean forward(InputStream in, OutputStream out, long count, Socket a, Socket b) throws IOException {
        byte[] buf = new byte[65536];
        long left = count;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                return false;
            }
            if (!cutCheck(uploadCut, buf, n, out, a, b)) {
                return false;
            }
            left -= n;
        }
        out.flush();
        return true;
    }

    private void pump(Socket from, Socket to, AtomicLong cut) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (!cutCheck(cut, buf, n, out, from, to)) {
                    return;
                }
                out.flush();
            }
        } catch (IOException e) {
            // connection gone
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** Writes the bytes, or only those before an armed cut point and then closes both sockets (false). */
    private boolean cutCheck(AtomicLong cut, byte[] buf, int n, OutputStream out, Socket a, Socket b)
            throws IOException {
        while (true) {
            long left = cut.get();
            if (left < 0) {
                out.write(buf, 0, n);
                return true;
            }
            if (n < left) {
                if (cut.compareAndSet(left, left - n)) {
                    out.write(buf, 0, n);
                    return true;
                }
            } else if (cut.compareAndSet(left, -1)) {
                out.write(buf, 0, (int) left);
                out.flush();
                cuts.incrementAndGet();
                closeQuietly(a);
                closeQuietly(b);
                return false;
            }
        }
    }

    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(1024);
        int matched = 0;
        while (true) {
            int c = in.read();
            if (c < 0) {
                return null;
            }
            head.write(c);
            matched = (c == '\r' && (matched == 0 || matched == 2)) || (c == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (c == '\r' ? 1 : 0);
            if (matched == 4) {
                return head.toByteArray();
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() {
        closeQuietly2();
        sockets.forEach(FaultyProxy::closeQuietly);
        threads.shutdownNow();
    }

    private void closeQuietly2() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
