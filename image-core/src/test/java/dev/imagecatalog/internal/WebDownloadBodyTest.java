package dev.imagecatalog.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.error.ImageCatalogException;
import dev.imagecatalog.error.TooLargeException;
import dev.imagecatalog.net.ScriptedServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What web-download does with the bodies an allowed server sends: the cap against {@code Content-Length} (before
 * the body is read) and against the bytes received (chunked, or delimited by the connection's close), bodies shorter
 * or longer than announced, stalls (read timeout), HTTP errors; each failure typed, the target as it was and no
 * temporary file left.
 */
class WebDownloadBodyTest {
    private static final int CAP = 16 * 1024;
    private static SsrfServers servers;
    private static final byte[] FULL = WebDownloadSsrfTest.image(CAP);

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws IOException {
        servers = new SsrfServers();
        byte[] over = WebDownloadSsrfTest.image(CAP + 1);
        servers.origin.serve("/exact", FULL)
                .route("/exact-chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", chunked(FULL, 1000))
                .route("/exact-close", "HTTP/1.0 200 OK\r\n\r\n", FULL)
                .serve("/empty", new byte[0])
                .stall("/announces-too-much", "HTTP/1.1 200 OK\r\nContent-Length: " + (CAP + 1) + "\r\n\r\n",
                        new byte[0])
                .stall("/announces-a-lot", "HTTP/1.1 200 OK\r\nContent-Length: 1099511627776\r\n\r\n", new byte[10])
                .route("/chunked-over", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", chunked(over, 4096))
                .route("/close-over", "HTTP/1.0 200 OK\r\n\r\n", over)
                .route("/short", "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n", Arrays.copyOf(FULL, 600))
                .route("/long", "HTTP/1.1 200 OK\r\nContent-Length: 600\r\n\r\n", Arrays.copyOf(FULL, 1000))
                .route("/chunked-cut", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
                        Arrays.copyOf(chunked(FULL, 1000), 2500))
                .stall("/stall-body", "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n", Arrays.copyOf(FULL, 300))
                .stall("/stall-head", "", new byte[0])
                .route("/missing", "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n", new byte[0])
                .route("/forbidden", "HTTP/1.1 403 Forbidden\r\nContent-Length: 3\r\n\r\n", bytes("no!"))
                .route("/broken", "HTTP/1.1 500 Oops\r\nContent-Length: 0\r\n\r\n", new byte[0])
                .route("/garbage", "SSH-2.0-OpenSSH_9.2\r\n\r\n", new byte[0])
                .route("/redirect-no-location", "HTTP/1.1 302 Found\r\nContent-Length: 0\r\n\r\n", new byte[0]);
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] chunked(byte[] body, int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int at = 0; at < body.length; at += size) {
            int n = Math.min(size, body.length - at);
            out.writeBytes(bytes(Integer.toHexString(n) + "\r\n"));
            out.write(body, at, n);
            out.writeBytes(bytes("\r\n"));
        }
        out.writeBytes(bytes("0\r\n\r\n"));
        return out.toByteArray();
    }

    private WebDownload web() {
        return servers.download(servers.openOrigin(), Duration.ofSeconds(30), 3);
    }

    /** Fetching {@code path} fails with {@code type}; the target keeps its old bytes and nothing else is left. */
    private void assertFails(WebDownload web, String path, Class<? extends ImageCatalogException> type, String why)
            throws IOException {
        Path target = dir.resolve("image");
        Files.write(target, bytes("before"));
        int before = servers.origin.count(path);
        assertThatThrownBy(() -> web.fetch(servers.origin.url(path), target, CAP, n -> { })).as(path)
                .isInstanceOf(type).hasMessageContaining(why);
        assertThat(servers.origin.count(path)).as(path).isEqualTo(before + 1);
        assertThat(Files.readAllBytes(target)).as(path).isEqualTo(bytes("before"));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as(path).containsExactly(target);
        }
    }

    @Test
    void bodiesUpToTheCapArriveWhicheverWayTheyEnd() throws IOException {
        for (String path : List.of("/exact", "/exact-chunked", "/exact-close")) {
            Path target = dir.resolve("image");
            Files.write(target, bytes("old bytes replaced"));
            List<Long> progress = new ArrayList<>();
            assertThat(web().fetch(servers.origin.url(path), target, CAP, progress::add)).isEqualTo(CAP);
            assertThat(Files.readAllBytes(target)).as(path).isEqualTo(FULL);
            assertThat(progress).as(path).containsExactly((long) CAP);
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files).as(path).containsExactly(target);
            }
        }
        assertThat(web().fetch(servers.origin.url("/empty"), dir.resolve("empty"), CAP, n -> { })).isZero();
        assertThat(dir.resolve("empty")).isEmptyFile();
    }

    @Test
    void progressIsToldEveryMebibyteAndAtTheEnd() throws IOException {
        int size = (int) (2 * WebDownload.PROGRESS_EVERY + 1000);
        byte[] big = WebDownloadSsrfTest.image(size);
        servers.origin.route("/big", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", chunked(big, 64 * 1024));
        List<Long> progress = new ArrayList<>();
        Path target = dir.resolve("big");
        assertThat(web().fetch(servers.origin.url("/big"), target, size, progress::add)).isEqualTo(size);
        assertThat(Files.readAllBytes(target)).isEqualTo(big);
        assertThat(progress).hasSize(3).isSorted().endsWith((long) size);
        assertThat(progress.get(0)).isBetween(WebDownload.PROGRESS_EVERY, 2 * WebDownload.PROGRESS_EVERY - 1);
    }

    @Test
    void anInterruptedFetchStopsAndLeavesNothing() throws IOException {
        int size = (int) (2 * WebDownload.PROGRESS_EVERY);
        servers.origin.serve("/interrupted", WebDownloadSsrfTest.image(size));
        Path target = dir.resolve("image");
        try {
            assertThatThrownBy(() -> web().fetch(servers.origin.url("/interrupted"), target, size,
                    n -> Thread.currentThread().interrupt())).isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("interrupted");
        } finally {
            assertThat(Thread.interrupted()).isTrue();
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void anAnnouncedLengthOverTheCapIsRefusedBeforeTheBody() throws IOException {
        // the server announces more than the cap and then sends nothing: reading would wait for the 30 s timeout
        assertFails(web(), "/announces-too-much", TooLargeException.class, "announces " + (CAP + 1) + " bytes");
        assertFails(web(), "/announces-a-lot", TooLargeException.class, "announces 1099511627776 bytes");
    }

    @Test
    void bodiesPassingTheCapWithoutAnnouncingItAreCutOff() throws IOException {
        assertFails(web(), "/chunked-over", TooLargeException.class, "sent more than " + CAP + " bytes");
        assertFails(web(), "/close-over", TooLargeException.class, "sent more than " + CAP + " bytes");
    }

    @Test
    void bodiesShorterOrLongerThanAnnouncedAreRefused() throws IOException {
        assertFails(web(), "/short", BackendUnavailableException.class, "after 600 of 1000 bytes");
        assertFails(web(), "/long", BackendUnavailableException.class, "more bytes than the Content-Length of 600");
        assertFails(web(), "/chunked-cut", BackendUnavailableException.class, "chunk");
    }

    @Test
    void aStalledServerTimesOut() throws IOException {
        WebDownload impatient = servers.download(servers.openOrigin(), Duration.ofMillis(300), 3);
        assertFails(impatient, "/stall-body", BackendUnavailableException.class, "timed out");
        assertFails(impatient, "/stall-head", BackendUnavailableException.class, "timed out");
    }

    @Test
    void httpErrorsAndBadAnswersAreBackendFailures() throws IOException {
        assertFails(web(), "/missing", BackendUnavailableException.class, "answered 404");
        assertFails(web(), "/forbidden", BackendUnavailableException.class, "answered 403");
        assertFails(web(), "/broken", BackendUnavailableException.class, "answered 500");
        assertFails(web(), "/garbage", BackendUnavailableException.class, "bad status line");
        assertFails(web(), "/redirect-no-location", BackendUnavailableException.class, "answered 302");
    }

    @Test
    void aServerThatIsGoneIsABackendFailure() throws IOException {
        int port;
        try (ScriptedServer gone = new ScriptedServer()) {
            port = gone.port();
        }
        Path target = dir.resolve("image");
        WebDownload web = servers.download(servers.openOrigin().allowingPorts(Set.of(port)),
                Duration.ofSeconds(5), 3);
        assertThatThrownBy(() -> web.fetch("http://127.0.0.1:" + port + "/img", target, CAP, n -> { }))
                .isInstanceOf(BackendUnavailableException.class).hasMessageContaining("failed");
        assertThat(target).doesNotExist();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
