package dev.imagecatalog.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.contract.SeededBytes;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.spi.ImageStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that break the exchange: they go away mid-upload (Content-Length or chunked), stall past the idle
 * timeout, are cut off by the server closing, or go away mid-download. Each time the image is back to queued, the
 * store holds nothing, no server thread is left in the route, and the server goes on serving.
 */
class ImageDataBrokenClientTest {
    static final RequestContext ADMIN = RequestContext.admin("p-admin", "admin");
    static final long IDLE_MILLIS = 1000;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    ImageCatalog catalog;
    ImageServer server;

    @BeforeEach
    void start() {
        catalog = ImageCatalog.builder().settings(Map.of("metadata.type", "memory", "stores", "mem",
                "store.mem.type", "memory")).build();
        server = serve();
    }

    ImageServer serve() {
        return ImageServer.builder().catalog(catalog).settings(Map.of("server.port", "0",
                "server.stop-timeout", "1s")).start();
    }

    @AfterEach
    void stop() {
        server.close();
        catalog.close();
    }

    String newImage() {
        return catalog.images(ADMIN).create(ImageDraft.builder().name("broken").diskFormat("raw")
                .containerFormat("bare").build()).id();
    }

    ImageStatus status(String id) {
        return catalog.images(ADMIN).get(id).status();
    }

    List<String> storedObjects() throws IOException {
        List<String> found = new ArrayList<>();
        for (ImageStore store : catalog.backends().stores().values()) {
            store.forEachOwned(o -> found.add(o.imageId()));
        }
        return found;
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(10);
        }
    }

    /** True when no thread runs the data route: every upload or download the server took has ended. */
    static boolean noThreadInTheDataRoute() {
        for (StackTraceElement[] stack : Thread.getAllStackTraces().values()) {
            for (StackTraceElement frame : stack) {
                if (frame.getClassName().startsWith("dev.imagecatalog.server.api.ImageDataResource")) {
                    return false;
                }
            }
        }
        return true;
    }

    Socket connect() throws IOException {
        Socket s = new Socket(server.uri().getHost(), server.port());
        s.setSoTimeout(10_000);
        return s;
    }

    static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
    }

    void putHeaders(OutputStream out, String id, String lengthHeader) throws IOException {
        write(out, "PUT /v2/images/" + id + "/file HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/octet-stream\r\n" + lengthHeader + "\r\n\r\n");
    }

    void assertServerStillUploadsAndDownloads() throws Exception {
        String id = newImage();
        byte[] data = SeededBytes.stream(11, 1 << 20).readAllBytes();
        HttpResponse<String> up = http.send(HttpRequest.newBuilder(file(id)).header("Content-Type",
                "application/octet-stream").PUT(HttpRequest.BodyPublishers.ofByteArray(data)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(up.statusCode()).isEqualTo(204);
        HttpResponse<byte[]> down = http.send(HttpRequest.newBuilder(file(id)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(down.body()).isEqualTo(data);
    }

    URI file(String id) {
        return URI.create(server.uri() + "/v2/images/" + id + "/file");
    }

    @Test
    void aClientGoneMidUploadLeavesTheImageQueuedAndNothingStoredTwentyTimesOver() throws Exception {
        byte[] mib = SeededBytes.stream(1, 1 << 20).readAllBytes();
        for (int i = 0; i < 20; i++) {
            String id = newImage();
            try (Socket s = connect()) {
                if (i % 2 == 1) {
                    s.setSoLinger(true, 0); // every other client resets the connection instead of closing it
                }
                OutputStream out = s.getOutputStream();
                putHeaders(out, id, "Content-Length: " + (64L << 20));
                out.write(mib);
                out.flush();
                await("upload " + i + " started", () -> status(id) == ImageStatus.SAVING);
            }
            await("image " + i + " back to queued", () -> status(id) == ImageStatus.QUEUED);
            assertThat(catalog.images(ADMIN).get(id).size()).isNull();
        }
        await("no thread left in the data route", ImageDataBrokenClientTest::noThreadInTheDataRoute);
        assertThat(storedObjects()).isEmpty();
        assertServerStillUploadsAndDownloads();
    }

    @Test
    void aChunkedUploadCutOffBeforeItsLastChunkIsNotStored() throws Exception {
        String id = newImage();
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            putHeaders(out, id, "Transfer-Encoding: chunked");
            byte[] chunk = new byte[64 * 1024];
            for (int i = 0; i < 8; i++) {
                write(out, Integer.toHexString(chunk.length) + "\r\n");
                out.write(chunk);
                write(out, "\r\n");
            }
            out.flush();
            await("upload started", () -> status(id) == ImageStatus.SAVING);
        }
        await("image back to queued", () -> status(id) == ImageStatus.QUEUED);
        await("no thread left in the data route", ImageDataBrokenClientTest::noThreadInTheDataRoute);
        assertThat(storedObjects()).isEmpty();
        assertServerStillUploadsAndDownloads();
    }

    @Test
    void aClientThatStallsPastTheIdleTimeoutIsDroppedAndItsImageQueued() throws Exception {
        server.close();
        server = ImageServer.builder().catalog(catalog).settings(Map.of("server.port", "0",
                "server.idle-timeout", IDLE_MILLIS + "ms", "server.stop-timeout", "1s")).start();
        String id = newImage();
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            putHeaders(out, id, "Content-Length: 1000000");
            write(out, "a few bytes");
            out.flush();
            await("upload started", () -> status(id) == ImageStatus.SAVING);
            long stalledAt = System.nanoTime();
            await("image back to queued", () -> status(id) == ImageStatus.QUEUED);
            assertThat(Duration.ofNanos(System.nanoTime() - stalledAt)).isLessThan(Duration.ofSeconds(6));
            // the server answers an error and closes, or just closes: either way the exchange is over
            InputStream in = s.getInputStream();
            String answer;
            try {
                answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            } catch (SocketException reset) {
                answer = "";
            }
            assertThat(answer).doesNotStartWith("HTTP/1.1 2");
        }
        await("no thread left in the data route", ImageDataBrokenClientTest::noThreadInTheDataRoute);
        assertThat(storedObjects()).isEmpty();
        assertServerStillUploadsAndDownloads();
    }

    @Test
    void closingTheServerDuringAnUploadReturnsTheImageToQueued() throws Exception {
        String id = newImage();
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            putHeaders(out, id, "Content-Length: " + (64L << 20));
            out.write(new byte[1 << 20]);
            out.flush();
            await("upload started", () -> status(id) == ImageStatus.SAVING);
            server.close();
            await("image back to queued", () -> status(id) == ImageStatus.QUEUED);
            await("no thread left in the data route", ImageDataBrokenClientTest::noThreadInTheDataRoute);
        }
        assertThat(storedObjects()).isEmpty();
        server = serve();
        assertServerStillUploadsAndDownloads();
    }

    @Test
    void closingAServerThatOwnsItsCatalogRestoresTheUploadBeforeTheCatalogCloses() throws Exception {
        ImageServer owning = ImageServer.builder().settings(Map.of("metadata.type", "memory", "stores", "mem",
                "store.mem.type", "memory", "server.port", "0", "server.stop-timeout", "1s")).start();
        ImageCatalog own = owning.catalog();
        var backends = own.backends();
        String id = own.images(ADMIN).create(ImageDraft.builder().name("cut").diskFormat("raw")
                .containerFormat("bare").build()).id();
        try (Socket s = new Socket(owning.uri().getHost(), owning.port())) {
            OutputStream out = s.getOutputStream();
            putHeaders(out, id, "Content-Length: " + (64L << 20));
            out.write(new byte[1 << 20]);
            out.flush();
            await("upload started", () -> own.images(ADMIN).get(id).status() == ImageStatus.SAVING);
            owning.close();
        }
        assertThat(backends.metadataRepository().find(id).orElseThrow().status()).isEqualTo(ImageStatus.QUEUED);
        List<String> left = new ArrayList<>();
        for (ImageStore store : backends.stores().values()) {
            store.forEachOwned(o -> left.add(o.imageId()));
        }
        assertThat(left).isEmpty();
    }

    @Test
    void aClientGoneMidDownloadLeavesTheServerServing() throws Exception {
        String id = newImage();
        long size = 32L << 20;
        catalog.images(ADMIN).upload(id, SeededBytes.stream(2, size));
        for (int i = 0; i < 5; i++) {
            try (Socket s = connect()) {
                if (i % 2 == 1) {
                    s.setSoLinger(true, 0);
                }
                write(s.getOutputStream(), "GET /v2/images/" + id + "/file HTTP/1.1\r\nHost: localhost\r\n\r\n");
                InputStream in = s.getInputStream();
                assertThat(in.readNBytes(1 << 20)).hasSize(1 << 20);
            }
        }
        await("no thread left in the data route", ImageDataBrokenClientTest::noThreadInTheDataRoute);
        assertThat(status(id)).isEqualTo(ImageStatus.ACTIVE);
        HttpResponse<InputStream> whole = http.send(HttpRequest.newBuilder(file(id)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = whole.body()) {
            assertThat(SeededBytes.digest("MD5", in)).isEqualTo(SeededBytes.md5(2, size));
        }
        assertServerStillUploadsAndDownloads();
    }
}
