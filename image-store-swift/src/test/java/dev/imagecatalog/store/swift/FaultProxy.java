package dev.imagecatalog.store.swift;

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

/**
 * A loopback TCP proxy in front of a real server that the tests control: per request it forwards, answers 503,
 * forwards but drops the response, cuts the response body after some bytes (a reset), or ends it there (a clean
 * close before the announced length). It forces {@code Connection: close}
 * on both sides so every request has its own connection.
 */
final class FaultProxy implements AutoCloseable {

    enum Action { PASS, FAIL_503, DROP_RESPONSE, CUT_BODY, END_BODY }

    record Decision(Action action, long cutAfter) {
        static final Decision PASS = new Decision(Action.PASS, 0);
        static final Decision FAIL = new Decision(Action.FAIL_503, 0);
        static final Decision DROP = new Decision(Action.DROP_RESPONSE, 0);

        static Decision cutAfter(long bytes) {
            return new Decision(Action.CUT_BODY, bytes);
        }

        /**
         * Forwards {@code bytes} of the body at the client's pace, then closes the connection cleanly: unlike a
         * reset, which discards what is still in the socket buffers, the client receives exactly those bytes, so
         * the break comes when the client has read that far.
         */
        static Decision endAfter(long bytes) {
            return new Decision(Action.END_BODY, bytes);
        }
    }

    /** Decides what happens to a request; may have side effects (e.g. revoke a token before forwarding). */
    interface Rule {
        Decision decide(String method, String target) throws Exception;
    }

    private final ServerSocket server;
    private final int upstreamPort;
    private final List<String> log = new ArrayList<>();
    private volatile Rule rule = (m, t) -> Decision.PASS;
    private final Thread acceptor;

    FaultProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "fault-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    void rule(Rule r) {
        this.rule = r;
    }

    /** "METHOD target -> status" lines, in order. */
    synchronized List<String> log() {
        return new ArrayList<>(log);
    }

    private synchronized void record(String line) {
        log.add(line);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> handle(s), "fault-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket client) {
        try (client; Socket up = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
            InputStream cin = client.getInputStream();
            OutputStream cout = client.getOutputStream();
            String head = readHead(cin);
            if (head == null) {
                return;
            }
            String[] requestLine = head.substring(0, head.indexOf("\r\n")).split(" ");
            Decision d = rule.decide(requestLine[0], requestLine[1]);
            if (d.action() == Action.FAIL_503) {
                record(requestLine[0] + " " + requestLine[1] + " -> 503 (injected)");
                cout.write("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                cout.flush();
                return;
            }
            OutputStream uout = up.getOutputStream();
            uout.write(withConnectionClose(head).getBytes(StandardCharsets.ISO_8859_1));
            uout.flush();
            Thread pump = new Thread(() -> {
                try {
                    cin.transferTo(uout);
                } catch (IOException ignored) {
                    // either side closed
                }
            }, "fault-proxy-pump");
            pump.setDaemon(true);
            pump.start();
            InputStream uin = up.getInputStream();
            String respHead = readHead(uin);
            if (respHead == null) {
                return;
            }
            String status = respHead.substring(0, respHead.indexOf("\r\n"));
            if (d.action() == Action.DROP_RESPONSE) {
                record(requestLine[0] + " " + requestLine[1] + " -> " + status + " (response dropped)");
                client.setSoLinger(true, 0);
                return;
            }
            record(requestLine[0] + " " + requestLine[1] + " -> " + status
                    + (d.action() == Action.CUT_BODY ? " (cut after " + d.cutAfter() + " bytes)"
                    : d.action() == Action.END_BODY ? " (ended after " + d.cutAfter() + " bytes)" : ""));
            cout.write(withConnectionClose(respHead).getBytes(StandardCharsets.ISO_8859_1));
            if (d.action() == Action.CUT_BODY) {
                cout.write(uin.readNBytes((int) d.cutAfter()));
                cout.flush();
                client.setSoLinger(true, 0); // a reset, as a broken network gives
                return;
            }
            if (d.action() == Action.END_BODY) {
                byte[] buf = new byte[65_536];
                for (long left = d.cutAfter(); left > 0; ) {
                    int n = uin.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) {
                        break;
                    }
                    cout.write(buf, 0, n);
                    left -= n;
                }
                cout.flush();
                return; // closing the sockets: a FIN after the bytes written
            }
            uin.transferTo(cout);
            cout.flush();
        } catch (Exception e) {
            // the connection ends; the client sees what it sees
        }
    }

    private static String withConnectionClose(String head) {
        StringBuilder out = new StringBuilder();
        for (String line : head.split("\r\n")) {
            if (!line.isEmpty() && !line.toLowerCase().startsWith("connection:")) {
                out.append(line).append("\r\n");
            }
        }
        return out.append("Connection: close\r\n\r\n").toString();
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) {
                return null;
            }
            b.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1
                    : (c == '\r' ? 1 : 0);
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
