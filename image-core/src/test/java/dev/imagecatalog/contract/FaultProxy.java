package dev.imagecatalog.contract;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A loopback HTTP/1.1 proxy in front of a real server (S3, Swift) that a test steers to inject network faults. It
 * reads each request and each response head, frames bodies (Content-Length, chunked, none, until close), and keeps
 * connections alive as the client and the server do, unless {@link #oneRequestPerConnection} forces
 * {@code Connection: close} on both sides.
 *
 * <p>Per request, a {@link Rule} decides from the method and target what happens ({@link Decision}): forward it,
 * answer an error without forwarding it, forward it but reset the connection instead of answering, cut the answer's
 * body after some bytes with a reset, or end it there with a clean close (a FIN before the announced length).
 * {@link #failNext} is the rule "fail the next N requests matching". Independently, {@link #cutUploadAfter} and
 * {@link #cutDownloadAfter} cut whichever connection carries the N-th next byte of request bodies or of what the
 * server sends. {@link #requests()} and {@link #log()} say what passed through.
 */
public final class FaultProxy implements AutoCloseable {

    /** What happens to one request. */
    public enum Action {
        /** Forwarded, answered as the server answers. */
        PASS,
        /** Not forwarded: the proxy answers the decision's status and body, then closes the connection. */
        FAIL,
        /** Forwarded; the server's answer is discarded and the client's connection reset. */
        DROP_RESPONSE,
        /** Forwarded; the answer's head and the first bytes of its body reach the client, then a reset. */
        CUT_BODY,
        /** Forwarded; the answer's head and the first bytes of its body reach the client, then a clean close. */
        END_BODY
    }

    /**
     * A rule's answer for one request.
     *
     * @param action what happens
     * @param bytes for {@link Action#CUT_BODY} and {@link Action#END_BODY}, the body bytes let through
     * @param status for {@link Action#FAIL}, the HTTP status answered
     * @param contentType for {@link Action#FAIL}, the answer's content type ({@code null}: no body)
     * @param body for {@link Action#FAIL}, the answer's body
     */
    public record Decision(Action action, long bytes, int status, String contentType, byte[] body) {
        /** Forward the request. */
        public static final Decision PASS = new Decision(Action.PASS, 0, 0, null, new byte[0]);
        /** Answer 503 with no body, as a busy Swift proxy does. */
        public static final Decision FAIL = fail(503);
        /** Forward the request, then reset the connection instead of answering. */
        public static final Decision DROP = new Decision(Action.DROP_RESPONSE, 0, 0, null, new byte[0]);

        /** Answer {@code status} with no body, without forwarding the request. */
        public static Decision fail(int status) {
            return new Decision(Action.FAIL, 0, status, null, new byte[0]);
        }

        /** Answer {@code status} with an S3-style XML error ({@code code}), without forwarding the request. */
        public static Decision failS3(int status, String code) {
            return new Decision(Action.FAIL, 0, status, "application/xml", ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                    + "<Error><Code>" + code + "</Code><Message>injected by the test proxy</Message></Error>")
                    .getBytes(StandardCharsets.UTF_8));
        }

        /** Forward; let {@code bytes} of the answer's body through, then reset the connection. */
        public static Decision cutAfter(long bytes) {
            return new Decision(Action.CUT_BODY, bytes, 0, null, new byte[0]);
        }

        /**
         * Forward; let {@code bytes} of the answer's body through at the client's pace, then close the connection
         * cleanly: unlike a reset, which discards what is still in the socket buffers, the client receives exactly
         * those bytes, so the break comes when the client has read that far.
         */
        public static Decision endAfter(long bytes) {
            return new Decision(Action.END_BODY, bytes, 0, null, new byte[0]);
        }
    }

    /** Decides what happens to a request; may have side effects (e.g. revoke a token before forwarding). */
    @FunctionalInterface
    public interface Rule {
        /** The decision for a request with this method and target ({@code /path?query}). */
        Decision decide(String method, String target) throws Exception;
    }

    /** One request in flight on a connection, waiting for its answer. */
    private record Exchange(String method, String target, Decision decision) {
    }

    private static final long UNARMED = -1;

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final AtomicLong uploadCut = new AtomicLong(UNARMED);
    private final AtomicLong downloadCut = new AtomicLong(UNARMED);
    private final AtomicInteger failuresInjected = new AtomicInteger();
    private final AtomicInteger cuts = new AtomicInteger();
    private volatile Rule rule = (m, t) -> Decision.PASS;
    private volatile boolean oneRequestPerConnection;

    /** Listens on a free loopback port and forwards to {@code targetHost:targetPort}. */
    public FaultProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.submit(this::acceptLoop);
    }

    /** The port the proxy listens on (loopback). */
    public int port() {
        return server.getLocalPort();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    /**
     * Forces {@code Connection: close} on every request and answer, so each request has a connection of its own
     * (a client never reuses a connection a fault was injected on); default off: connections live as long as the
     * client and the server keep them.
     */
    public FaultProxy oneRequestPerConnection(boolean on) {
        this.oneRequestPerConnection = on;
        return this;
    }

    /** Every request from now on is decided by {@code r}. */
    public void rule(Rule r) {
        this.rule = r;
    }

    /**
     * The next {@code n} requests whose "METHOD target" matches get a 500 with an S3-style {@code InternalError}
     * body instead of reaching the server; every other request passes.
     */
    public void failNext(int n, Predicate<String> request) {
        AtomicInteger left = new AtomicInteger(n);
        rule((m, t) -> request.test(m + " " + t) && left.getAndUpdate(v -> Math.max(0, v - 1)) > 0
                ? Decision.failS3(500, "InternalError") : Decision.PASS);
    }

    /** Cuts the connection carrying request-body bytes after {@code bytes} more of them. */
    public void cutUploadAfter(long bytes) {
        uploadCut.set(bytes);
    }

    /** Cuts the connection carrying server-to-client bytes after {@code bytes} more of them. */
    public void cutDownloadAfter(long bytes) {
        downloadCut.set(bytes);
    }

    /** How many requests were answered with an injected error. */
    public int failuresInjected() {
        return failuresInjected.get();
    }

    /** How many connections {@link #cutUploadAfter} and {@link #cutDownloadAfter} cut. */
    public int cuts() {
        return cuts.get();
    }

    /** "METHOD target" (plus " Range: ..." when the request has one) of every request seen, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /**
     * "METHOD target -> answer" of every request answered, in order: the server's status line, with
     * " (response dropped)", " (cut after N bytes)" or " (ended after N bytes)" when a rule said so, or
     * "STATUS (injected)" for an injected error.
     */
    public List<String> log() {
        return List.copyOf(log);
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
                BlockingQueue<Exchange> inFlight = new LinkedBlockingQueue<>();
                threads.submit(() -> requestLoop(client, upstream, inFlight));
                threads.submit(() -> responseLoop(client, upstream, inFlight));
            } catch (IOException e) {
                return;
            }
        }
    }

    // ------------------------------------------------------------------ client -> server

    private void requestLoop(Socket client, Socket upstream, BlockingQueue<Exchange> inFlight) {
        try {
            InputStream in = new BufferedInputStream(client.getInputStream(), 65536);
            OutputStream out = upstream.getOutputStream();
            while (true) {
                Head head = Head.read(in);
                if (head == null) {
                    break;
                }
                String[] requestLine = head.firstLine().split(" ");
                String method = requestLine[0];
                String target = requestLine.length > 1 ? requestLine[1] : "";
                String range = head.header("range");
                requests.add(method + " " + target + (range == null ? "" : " Range: " + range));
                Decision d = rule.decide(method, target);
                if (d.action() == Action.FAIL) {
                    answerInjected(client, in, head, method, target, d);
                    break;
                }
                inFlight.add(new Exchange(method, target, d));
                out.write(head.bytes(oneRequestPerConnection));
                out.flush();
                if (!copyBody(in, out, head, false, uploadCut, client, upstream)) {
                    break;
                }
            }
        } catch (Exception e) {
            // connection gone
        } finally {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    private void answerInjected(Socket client, InputStream in, Head head, String method, String target, Decision d)
            throws IOException {
        failuresInjected.incrementAndGet();
        log.add(method + " " + target + " -> " + d.status() + " (injected)");
        if (!"100-continue".equalsIgnoreCase(head.header("expect"))) {
            copyBody(in, OutputStream.nullOutputStream(), head, false, new AtomicLong(UNARMED), client, client);
        }
        StringBuilder h = new StringBuilder("HTTP/1.1 ").append(d.status()).append(" Injected\r\n");
        if (d.contentType() != null) {
            h.append("Content-Type: ").append(d.contentType()).append("\r\n");
        }
        h.append("Content-Length: ").append(d.body().length).append("\r\nConnection: close\r\n\r\n");
        OutputStream toClient = client.getOutputStream();
        toClient.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
        toClient.write(d.body());
        toClient.flush();
    }

    // ------------------------------------------------------------------ server -> client

    private void responseLoop(Socket client, Socket upstream, BlockingQueue<Exchange> inFlight) {
        try {
            InputStream in = new BufferedInputStream(upstream.getInputStream(), 65536);
            OutputStream out = client.getOutputStream();
            while (true) {
                Head head = Head.read(in);
                if (head == null) {
                    break;
                }
                int status = head.status();
                if (status >= 100 && status < 200) { // 100 Continue and the like: the request is still in flight
                    if (!write(downloadCut, head.bytes(false), out, client, upstream)) {
                        return;
                    }
                    out.flush();
                    continue;
                }
                Exchange x = inFlight.poll(30, TimeUnit.SECONDS);
                if (x == null) {
                    x = new Exchange("?", "?", Decision.PASS);
                }
                String entry = x.method() + " " + x.target() + " -> " + head.firstLine();
                if (x.decision().action() == Action.DROP_RESPONSE) {
                    log.add(entry + " (response dropped)");
                    reset(client);
                    return;
                }
                boolean noBody = x.method().equals("HEAD") || status == 204 || status == 304;
                switch (x.decision().action()) {
                    case CUT_BODY, END_BODY -> {
                        boolean cut = x.decision().action() == Action.CUT_BODY;
                        log.add(entry + (cut ? " (cut after " : " (ended after ") + x.decision().bytes() + " bytes)");
                        out.write(head.bytes(true));
                        copyPrefix(in, out, noBody ? 0 : x.decision().bytes());
                        out.flush();
                        if (cut) {
                            reset(client); // a reset, as a broken network gives
                        }
                        return; // otherwise closing the sockets: a FIN after the bytes written
                    }
                    default -> {
                        log.add(entry);
                        if (!write(downloadCut, head.bytes(oneRequestPerConnection), out, client, upstream)
                                || !copyBody(in, out, noBody ? null : head, true, downloadCut, client, upstream)) {
                            return;
                        }
                        out.flush();
                        if (oneRequestPerConnection || (!noBody && head.lengthUnknown(true))) {
                            return;
                        }
                    }
                }
            }
        } catch (Exception e) {
            // connection gone
        } finally {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    // ------------------------------------------------------------------ bodies

    /**
     * Copies the body the head announces ({@code head} null: none) through the cut {@code cut}; false if the
     * connection was cut or ended.
     */
    private boolean copyBody(InputStream in, OutputStream out, Head head, boolean response, AtomicLong cut, Socket a,
                             Socket b) throws IOException {
        if (head == null) {
            return true;
        }
        if (head.chunked()) {
            while (true) {
                String sizeLine = readLine(in);
                if (sizeLine == null || !write(cut, (sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1), out, a, b)) {
                    return false;
                }
                int semi = sizeLine.indexOf(';');
                long size = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
                if (size == 0) { // trailers up to an empty line
                    for (String t; (t = readLine(in)) != null; ) {
                        if (!write(cut, (t + "\r\n").getBytes(StandardCharsets.ISO_8859_1), out, a, b)) {
                            return false;
                        }
                        if (t.isEmpty()) {
                            return true;
                        }
                    }
                    return false;
                }
                if (!copyCounted(in, out, size + 2, cut, a, b)) { // the data and its CRLF
                    return false;
                }
            }
        }
        long length = head.contentLength();
        if (length >= 0) {
            return copyCounted(in, out, length, cut, a, b);
        }
        if (!response) {
            return true; // a request with neither length nor chunking has no body
        }
        copyCounted(in, out, Long.MAX_VALUE, cut, a, b); // until the server closes the connection
        return false;
    }

    private boolean copyCounted(InputStream in, OutputStream out, long count, AtomicLong cut, Socket a, Socket b)
            throws IOException {
        byte[] buf = new byte[65536];
        for (long left = count; left > 0; ) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                return false;
            }
            if (!cutCheck(cut, buf, n, out, a, b)) {
                return false;
            }
            left -= n;
        }
        out.flush();
        return true;
    }

    private boolean write(AtomicLong cut, byte[] bytes, OutputStream out, Socket a, Socket b) throws IOException {
        return cutCheck(cut, bytes, bytes.length, out, a, b);
    }

    private static void copyPrefix(InputStream in, OutputStream out, long bytes) throws IOException {
        byte[] buf = new byte[65536];
        for (long left = bytes; left > 0; ) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                return;
            }
            out.write(buf, 0, n);
            left -= n;
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
            } else if (cut.compareAndSet(left, UNARMED)) {
                out.write(buf, 0, (int) left);
                out.flush();
                cuts.incrementAndGet();
                closeQuietly(a);
                closeQuietly(b);
                return false;
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        for (int c; (c = in.read()) >= 0; ) {
            if (c == '\n') {
                byte[] b = line.toByteArray();
                int len = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
                return new String(b, 0, len, StandardCharsets.ISO_8859_1);
            }
            line.write(c);
        }
        return null;
    }

    /** A request or response head: the first line and the header lines, as received. */
    private record Head(String firstLine, List<String[]> headers) {

        /** The next head on the stream, null at its end. */
        static Head read(InputStream in) throws IOException {
            String first = readLine(in);
            if (first == null) {
                return null;
            }
            List<String[]> headers = new ArrayList<>();
            for (String line; (line = readLine(in)) != null && !line.isEmpty(); ) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.add(new String[] {line.substring(0, colon).trim(), line.substring(colon + 1).trim()});
                }
            }
            return new Head(first, headers);
        }

        String header(String name) {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    return h[1];
                }
            }
            return null;
        }

        int status() {
            String[] parts = firstLine.split(" ");
            return parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        }

        boolean chunked() {
            String te = header("transfer-encoding");
            return te != null && te.toLowerCase(Locale.ROOT).contains("chunked");
        }

        long contentLength() {
            String cl = header("content-length");
            return cl == null ? -1 : Long.parseLong(cl);
        }

        /** A response without length or chunking runs until the server closes; a request has no body then. */
        boolean lengthUnknown(boolean response) {
            return response && !chunked() && contentLength() < 0;
        }

        /** The head as bytes, with {@code Connection: close} instead of any Connection header if {@code close}. */
        byte[] bytes(boolean close) {
            StringBuilder out = new StringBuilder(firstLine).append("\r\n");
            for (String[] h : headers) {
                if (!(close && h[0].equalsIgnoreCase("connection"))) {
                    out.append(h[0]).append(": ").append(h[1]).append("\r\n");
                }
            }
            if (close) {
                out.append("Connection: close\r\n");
            }
            return out.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // closing anyway
        }
        closeQuietly(s);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    /** Stops listening and closes every connection. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        sockets.forEach(FaultProxy::closeQuietly);
        threads.shutdownNow();
    }
}
