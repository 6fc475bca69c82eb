package dev.imagecatalog.store.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback HTTP server (the JDK's) serving byte arrays by path with {@code Range}, and faults on demand: the next
 * requests answered 503, the next body cut after some bytes, {@code Range} ignored, redirects. Records each
 * request's method, path and {@code Range} header.
 */
final class ImageHttpServer implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

    private final HttpServer server;
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    private final Map<String, String> redirects = new ConcurrentHashMap<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger failNext = new AtomicInteger();
    final AtomicLong cutNextAfter = new AtomicLong(-1);
    volatile boolean ignoreRange;
    volatile boolean headAllowed = true;

    ImageHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    ImageHttpServer put(String path, byte[] bytes) {
        objects.put(path, bytes);
        return this;
    }

    ImageHttpServer redirect(String path, String location) {
        redirects.put(path, location);
        return this;
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String range = ex.getRequestHeaders().getFirst("Range");
        requests.add(ex.getRequestMethod() + " " + path + (range == null ? "" : " " + range));
        try (ex) {
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                ex.sendResponseHeaders(503, -1);
                return;
            }
            if (redirects.containsKey(path)) {
                ex.getResponseHeaders().add("Location", redirects.get(path));
                ex.sendResponseHeaders(302, -1);
                return;
            }
            byte[] body = objects.get(path);
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            boolean head = ex.getRequestMethod().equals("HEAD");
            if (head && !headAllowed) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            int from = 0;
            int to = body.length - 1;
            Matcher m = range == null || ignoreRange ? null : RANGE.matcher(range);
            if (m != null && m.matches()) {
                from = Integer.parseInt(m.group(1));
                to = m.group(2).isEmpty() ? to : Math.min(to, Integer.parseInt(m.group(2)));
                if (from >= body.length) {
                    ex.getResponseHeaders().add("Content-Range", "bytes */" + body.length);
                    ex.sendResponseHeaders(416, -1);
                    return;
                }
                ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + to + "/" + body.length);
            }
            int length = to - from + 1;
            ex.getResponseHeaders().add("Content-Length", String.valueOf(length));
            ex.sendResponseHeaders(m != null && m.matches() ? 206 : 200, head ? -1 : length);
            if (head) {
                return;
            }
            long cut = cutNextAfter.getAndSet(-1);
            OutputStream out = ex.getResponseBody();
            if (cut >= 0 && cut < length) {
                out.write(body, from, (int) cut);
                out.flush();
                throw new IOException("cut on purpose after " + cut + " bytes");
            }
            out.write(body, from, length);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
