package dev.imagecatalog.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP server for the tests of URL fetching, which counts the requests it gets by path. Each request is
 * answered with raw bytes, written exactly as given in one write and the connection then closed: the answer routed to
 * its path ({@link #route}, {@link #redirect}; every request to the path), else the next canned answer
 * ({@link #answer}, in order), else a 500. A {@link #stall stalled} path writes its bytes and then holds the
 * connection open, sending nothing more, until the client closes it. Each connection is served on its own thread.
 */
public final class ScriptedServer implements AutoCloseable {
    private record Answer(byte[] bytes, boolean stall) {
    }

    private final ServerSocket socket;
    private final ConcurrentLinkedQueue<byte[]> answers = new ConcurrentLinkedQueue<>();
    private final Map<String, Answer> routes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    /** Each request's head (request line and headers), in arrival order. */
    final List<String> requests = new CopyOnWriteArrayList<>();

    /**
     * A server on the loopback address and a free port.
     *
     * @throws IOException if no port can be bound
     */
    public ScriptedServer() throws IOException {
        this(InetAddress.getLoopbackAddress());
    }

    /**
     * A server on {@code address} (a loopback address: {@code 127.0.0.2}, {@code ::1}) and a free port.
     *
     * @param address where to listen
     * @throws IOException if it cannot be bound
     */
    public ScriptedServer(InetAddress address) throws IOException {
        socket = new ServerSocket(0, 50, address);
        Thread thread = new Thread(this::serve, "scripted-server-" + socket.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The port it listens on.
     *
     * @return the port
     */
    public int port() {
        return socket.getLocalPort();
    }

    /**
     * An {@code http} URL of {@code path} on this server, by address.
     *
     * @param path the path, starting with {@code /}
     * @return {@code http://address:port/path}
     */
    public String url(String path) {
        InetAddress a = socket.getInetAddress();
        String host = a instanceof Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
        return "http://" + host + ":" + port() + path;
    }

    /**
     * Answers the next request that has no route with {@code head} then {@code body}.
     *
     * @param head status line and headers, ending with an empty line
     * @param body the bytes after them
     * @return this server
     */
    public ScriptedServer answer(String head, byte[] body) {
        answers.add(concat(head, body));
        return this;
    }

    /**
     * Answers the next request that has no route with {@code raw}.
     *
     * @param raw the whole response
     * @return this server
     */
    public ScriptedServer answer(String raw) {
        return answer(raw, new byte[0]);
    }

    /**
     * Answers every request to {@code path} (the query ignored) with {@code head} then {@code body}.
     *
     * @param path the request path
     * @param head status line and headers, ending with an empty line
     * @param body the bytes after them
     * @return this server
     */
    public ScriptedServer route(String path, String head, byte[] body) {
        routes.put(path, new Answer(concat(head, body), false));
        return this;
    }

    /**
     * Serves {@code body} at {@code path} with its {@code Content-Length}.
     *
     * @param path the request path
     * @param body the body
     * @return this server
     */
    public ScriptedServer serve(String path, byte[] body) {
        return route(path, "HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n", body);
    }

    /**
     * Redirects every request to {@code path} to {@code location}.
     *
     * @param path     the request path
     * @param status   301, 302, 303, 307 or 308
     * @param location the {@code Location} header, as sent
     * @return this server
     */
    public ScriptedServer redirect(String path, int status, String location) {
        return route(path, "HTTP/1.1 " + status + " Redirect\r\nLocation: " + location + "\r\nContent-Length: 0\r\n\r\n",
                new byte[0]);
    }

    /**
     * Answers every request to {@code path} with {@code head} and {@code firstBytes}, then sends nothing more and
     * keeps the connection open until the client closes it.
     *
     * @param path       the request path
     * @param head       status line and headers (empty to stall before answering at all)
     * @param firstBytes body bytes sent before the stall
     * @return this server
     */
    public ScriptedServer stall(String path, String head, byte[] firstBytes) {
        routes.put(path, new Answer(concat(head, firstBytes), true));
        return this;
    }

    /**
     * How many requests for {@code path} (the query ignored) arrived.
     *
     * @param path the request path
     * @return the count
     */
    public int count(String path) {
        AtomicInteger n = counts.get(path);
        return n == null ? 0 : n.get();
    }

    /**
     * How many requests arrived, whatever their path.
     *
     * @return the count
     */
    public int total() {
        return requests.size();
    }

    /**
     * Each request's head (request line and headers), in arrival order.
     *
     * @return the heads so far
     */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private static byte[] concat(String head, byte[] body) {
        byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    private void serve() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                open.add(s);
                Thread t = new Thread(() -> exchange(s), "scripted-server-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void exchange(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0) {
                head.write(c);
                if (head.size() >= 4 && head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    break;
                }
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            String path = path(text);
            counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            requests.add(text);
            Answer routed = routes.get(path);
            byte[] answer = routed != null ? routed.bytes() : answers.poll();
            OutputStream out = s.getOutputStream();
            out.write(answer == null ? "HTTP/1.1 500 No Script\r\nContent-Length: 0\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1) : answer);
            out.flush();
            if (routed != null && routed.stall()) {
                while (in.read() >= 0) {
                    // hold the connection until the client gives up
                }
            }
        } catch (IOException e) {
            // the client went away
        } finally {
            open.remove(s);
        }
    }

    private static String path(String head) {
        String[] line = head.split("\r\n", 2)[0].split(" ");
        String target = line.length > 1 ? line[1] : "";
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
