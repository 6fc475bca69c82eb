package dev.imagecatalog.server;

import com.sun.net.httpserver.HttpServer;
import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.task.Task;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * What the import tests share: a loopback web server for {@code web-download} (fixed bodies by path, 404 otherwise,
 * counting the requests it gets) with the catalog settings that let a server download from it, and a wait for an
 * import running in the background to end.
 */
public final class ImportFixtures {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private ImportFixtures() {
    }

    /** A loopback HTTP server serving fixed bodies. */
    public static final class Web implements AutoCloseable {
        private final HttpServer server;
        private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();
        private final AtomicInteger requests = new AtomicInteger();

        /** Starts it on a free port of 127.0.0.1. */
        public Web() {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", exchange -> {
                requests.incrementAndGet();
                byte[] body = bodies.get(exchange.getRequestURI().getPath());
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                    exchange.close();
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
        }

        /**
         * Serves {@code size} seeded bytes at {@code path}.
         *
         * @return the bytes
         */
        public byte[] serve(String path, int size, long seed) {
            byte[] bytes = new byte[size];
            new Random(seed).nextBytes(bytes);
            bytes[0] = 0; // never a recognised disk format's magic
            bodies.put(path, bytes);
            return bytes;
        }

        /** {@return the URL of {@code path} on this server} */
        public String url(String path) {
            return "http://127.0.0.1:" + port() + path;
        }

        /** {@return the port it listens on} */
        public int port() {
            return server.getAddress().getPort();
        }

        /** {@return how many requests it has had} */
        public int requests() {
            return requests.get();
        }

        /** {@return the catalog settings that let web-download reach this server, and only its port on loopback} */
        public Map<String, String> allowingSettings() {
            Map<String, String> m = new HashMap<>();
            m.put("import.filtering.allowed-ports", String.valueOf(port()));
            m.put("import.filtering.allowed-networks", "127.0.0.1/32");
            return m;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /**
     * Waits until none of the image's tasks is running and the image is not {@code importing}, and returns it.
     */
    public static Image awaitSettled(ImageCatalog catalog, String imageId) {
        RequestContext admin = RequestContext.admin("admin-project", "admin");
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            Image image = catalog.images(admin).get(imageId);
            List<Task> tasks = catalog.images(admin).tasks(imageId);
            boolean running = tasks.stream().anyMatch(t -> !t.status().terminal());
            if (!running && image.status() != ImageStatus.IMPORTING) {
                return image;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("image " + imageId + " still " + image.status() + " after " + PATIENCE
                        + ", tasks " + tasks);
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
    }

    /** Waits until the task has ended and returns it. */
    public static Task awaitTask(ImageCatalog catalog, String taskId) {
        RequestContext admin = RequestContext.admin("admin-project", "admin");
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            Task task = catalog.tasks(admin).get(taskId);
            if (task.status().terminal()) {
                return task;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("task " + taskId + " still " + task.status() + " after " + PATIENCE);
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
    }

    /** {@return the MD5 of the bytes, lower-case hex (Glance's {@code checksum})} */
    public static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
