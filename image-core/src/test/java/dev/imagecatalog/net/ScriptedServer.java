package dev.imagecatalog.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback server answering each connection with the next canned response (raw bytes, written exactly as given,
 * then the connection closed) and recording each request's head.
 */
final class ScriptedServer implements AutoCloseable {
    private final ServerSocket socket;
    private final ConcurrentLinkedQueue<byte[]> answers = new ConcurrentLinkedQueue<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final Thread thread;

    ScriptedServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "scripted-server");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    ScriptedServer answer(String head, byte[] body) {
        byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        answers.add(all);
        return this;
    }

    ScriptedServer answer(String raw) {
        return answer(raw, new byte[0]);
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket s = socket.accept()) {
                InputStream in = s.getInputStream();
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                int c;
                while ((c = in.read()) >= 0) {
                    head.write(c);
                    String h = head.toString(StandardCharsets.ISO_8859_1);
                    if (h.endsWith("\r\n\r\n")) {
                        break;
                    }
                }
                requests.add(head.toString(StandardCharsets.ISO_8859_1));
                byte[] answer = answers.poll();
                OutputStream out = s.getOutputStream();
                out.write(answer == null ? "HTTP/1.1 500 No Script\r\nContent-Length: 0\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1) : answer);
                out.flush();
            } catch (IOException e) {
                // closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
