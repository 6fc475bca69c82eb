package dev.imagecatalog.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.contract.SeededBytes;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.spi.ImageStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The image data routes against one store: each subclass says which. Upload (Content-Length and chunked), download,
 * Content-MD5, ranges, 204 without data, and the 4xx answers; each failure leaves the image queued and the store
 * empty.
 */
abstract class ImageDataCases {
    static final RequestContext OWNER = RequestContext.member("p-owner", "u-owner");
    static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    ImageServer server;

    /** {@return the catalog settings of the store under test, plus anything the subclass needs} */
    abstract Map<String, String> settings() throws IOException;

    @BeforeEach
    void start() throws IOException {
        server = ImageServer.builder().settings(settings()).setting("server.port", "0").start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    // ------------------------------------------------------------------ helpers

    ImageCatalog catalog() {
        return server.catalog();
    }

    String newImage() {
        return catalog().images(OWNER).create(ImageDraft.builder().name("data").diskFormat("raw")
                .containerFormat("bare").build()).id();
    }

    Image image(String id) {
        return catalog().images(RequestContext.admin("p-admin", "admin")).get(id);
    }

    URI file(String id) {
        return URI.create(server.uri() + "/v2/images/" + id + "/file");
    }

    HttpResponse<String> put(String id, HttpRequest.BodyPublisher body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(file(id)).PUT(body);
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> putBytes(String id, byte[] data) throws Exception {
        return put(id, HttpRequest.BodyPublishers.ofByteArray(data), "Content-Type", "application/octet-stream");
    }

    HttpResponse<byte[]> get(String id, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(file(id)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    String uploaded(String data) throws Exception {
        String id = newImage();
        assertThat(putBytes(id, data.getBytes(StandardCharsets.US_ASCII)).statusCode()).isEqualTo(204);
        return id;
    }

    /** {@return every object (committed or left over) the catalog's stores hold} */
    List<String> storedObjects() throws IOException {
        List<String> found = new ArrayList<>();
        for (ImageStore store : catalog().backends().stores().values()) {
            store.forEachOwned(o -> found.add(o.imageId() + (o.committed() ? "" : " (incomplete)")));
        }
        return found;
    }

    void assertQueuedAndNothingStored(String id) throws IOException {
        Image image = image(id);
        assertThat(image.status()).isEqualTo(ImageStatus.QUEUED);
        assertThat(image.size()).isNull();
        assertThat(image.checksum()).isNull();
        assertThat(storedObjects()).isEmpty();
    }

    static JsonNode json(String body) throws IOException {
        return new ObjectMapper().readTree(body);
    }

    // ------------------------------------------------------------------ upload

    @Test
    void uploadWithContentLengthMakesTheImageActiveAndDownloadGivesItBackWithContentMd5() throws Exception {
        String id = newImage();
        byte[] data = SeededBytes.stream(7, 300_000).readAllBytes();
        HttpResponse<String> up = putBytes(id, data);
        assertThat(up.statusCode()).isEqualTo(204);
        assertThat(up.body()).isEmpty();
        assertThat(up.headers().firstValue("x-openstack-request-id")).isPresent();
        Image image = image(id);
        assertThat(image.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(image.size()).isEqualTo(300_000L);
        assertThat(image.checksum()).isEqualTo(SeededBytes.md5(7, 300_000));

        HttpResponse<byte[]> down = get(id);
        assertThat(down.statusCode()).isEqualTo(200);
        assertThat(down.body()).isEqualTo(data);
        assertThat(down.headers().firstValue("Content-Type")).contains("application/octet-stream");
        assertThat(down.headers().firstValue("Content-Length")).contains("300000");
        assertThat(down.headers().firstValue("Content-MD5")).contains(SeededBytes.md5(7, 300_000));
        assertThat(down.headers().firstValue("Content-Range")).isEmpty();
    }

    @Test
    void chunkedUploadWithoutADeclaredSizeIsStoredWhole() throws Exception {
        String id = newImage();
        long size = 3L * 1024 * 1024 + 17;
        HttpResponse<String> up = put(id, HttpRequest.BodyPublishers.ofInputStream(() -> SeededBytes.stream(3, size)),
                "Content-Type", "application/octet-stream");
        assertThat(up.statusCode()).isEqualTo(204);
        Image image = image(id);
        assertThat(image.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(image.size()).isEqualTo(size);
        assertThat(image.checksum()).isEqualTo(SeededBytes.md5(3, size));
        HttpResponse<InputStream> down = http.send(HttpRequest.newBuilder(file(id)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = down.body()) {
            assertThat(SeededBytes.digest("MD5", in)).isEqualTo(SeededBytes.md5(3, size));
        }
    }

    @Test
    void anUploadThatExpects100ContinueIsRefusedBeforeItsBodyOrContinuedAndTaken() throws Exception {
        String id = newImage();
        try (Socket s = new Socket(server.uri().getHost(), server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("PUT /v2/images/" + id + "/file HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
                    + "Content-Length: 26\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(readHead(s.getInputStream())).startsWith("HTTP/1.1 415 ");
        }
        assertQueuedAndNothingStored(id);
        try (Socket s = new Socket(server.uri().getHost(), server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("PUT /v2/images/" + id + "/file HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/octet-stream\r\nContent-Length: 26\r\nExpect: 100-continue\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            assertThat(readHead(in)).startsWith("HTTP/1.1 100 ");
            out.write(LETTERS.getBytes(StandardCharsets.US_ASCII));
            assertThat(readHead(in)).startsWith("HTTP/1.1 204 ");
        }
        assertThat(new String(get(id).body(), StandardCharsets.US_ASCII)).isEqualTo(LETTERS);
    }

    /** {@return the status line and headers of the next answer on a raw connection} */
    static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            head.append((char) c);
        }
        return head.toString();
    }

    @Test
    void emptyImageUploadsAndDownloadsAsZeroBytes() throws Exception {
        String id = uploaded("");
        assertThat(image(id).size()).isZero();
        HttpResponse<byte[]> down = get(id);
        assertThat(down.statusCode()).isEqualTo(200);
        assertThat(down.body()).isEmpty();
        assertThat(down.headers().firstValue("Content-Length")).contains("0");
        assertThat(down.headers().firstValue("Content-MD5")).contains("d41d8cd98f00b204e9800998ecf8427e");
    }

    @Test
    void uploadOfAnotherContentTypeIs415AndLeavesTheImageQueued() throws Exception {
        String id = newImage();
        HttpResponse<String> r = put(id, HttpRequest.BodyPublishers.ofString("{}"), "Content-Type", "application/json");
        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(json(r.body()).get("code").asText()).isEqualTo("415 Unsupported Media Type");
        HttpResponse<String> none = put(id, HttpRequest.BodyPublishers.ofString("abc"));
        assertThat(none.statusCode()).isEqualTo(415);
        assertQueuedAndNothingStored(id);
    }

    @Test
    void uploadToAnActiveImageIs409AndKeepsItsData() throws Exception {
        String id = uploaded(LETTERS);
        HttpResponse<String> r = putBytes(id, "other".getBytes(StandardCharsets.US_ASCII));
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(new String(get(id).body(), StandardCharsets.US_ASCII)).isEqualTo(LETTERS);
        assertThat(storedObjects()).hasSize(1);
    }

    @Test
    void uploadToAnUnknownOrInvisibleImageIs404() throws Exception {
        assertThat(putBytes("7c1b0ad8-2b29-4bb1-9c3e-4e0a5a0f2a11", new byte[10]).statusCode()).isEqualTo(404);
        String id = newImage();
        HttpResponse<String> r = put(id, HttpRequest.BodyPublishers.ofString("abc"), "Content-Type",
                "application/octet-stream", "X-Project-Id", "p-other", "X-Roles", "reader,member");
        assertThat(r.statusCode()).isEqualTo(404);
        assertQueuedAndNothingStored(id);
    }

    @Test
    void aReaderOfTheOwningProjectMayNotUpload() throws Exception {
        String id = newImage();
        HttpResponse<String> r = put(id, HttpRequest.BodyPublishers.ofString("abc"), "Content-Type",
                "application/octet-stream", "X-Project-Id", "p-owner", "X-Roles", "reader");
        assertThat(r.statusCode()).isEqualTo(403);
        assertQueuedAndNothingStored(id);
    }

    @Test
    void aDeclaredSizeTheDataDoesNotHaveIs400AndLeavesNothing() throws Exception {
        String id = newImage();
        HttpResponse<String> r = put(id, HttpRequest.BodyPublishers.ofString(LETTERS), "Content-Type",
                "application/octet-stream", "x-openstack-image-size", "27");
        assertThat(r.statusCode()).isEqualTo(400);
        assertQueuedAndNothingStored(id);
        HttpResponse<String> bad = put(id, HttpRequest.BodyPublishers.ofString(LETTERS), "Content-Type",
                "application/octet-stream", "x-openstack-image-size", "lots");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertQueuedAndNothingStored(id);
        HttpResponse<String> ok = put(id, HttpRequest.BodyPublishers.ofString(LETTERS), "Content-Type",
                "application/octet-stream", "x-openstack-image-size", "26");
        assertThat(ok.statusCode()).isEqualTo(204);
    }

    @Test
    void anUploadOverTheSizeCapIs413AndLeavesNothing() throws Exception {
        server.close();
        Map<String, String> s = new java.util.HashMap<>(settings());
        s.put("image.size-cap", "1KiB");
        server = ImageServer.builder().settings(s).setting("server.port", "0").start();
        String id = newImage();
        HttpResponse<String> declared = putBytes(id, new byte[2048]);
        assertThat(declared.statusCode()).isEqualTo(413);
        assertQueuedAndNothingStored(id);
        HttpResponse<String> chunked = put(id, HttpRequest.BodyPublishers.ofInputStream(
                () -> SeededBytes.stream(1, 4096)), "Content-Type", "application/octet-stream");
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertQueuedAndNothingStored(id);
    }

    // ------------------------------------------------------------------ download

    @Test
    void downloadOfAnImageWithoutDataIs204() throws Exception {
        String id = newImage();
        HttpResponse<byte[]> r = get(id);
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
        assertThat(r.headers().firstValue("Content-MD5")).isEmpty();
        // Glance looks at the range only for an image with data
        assertThat(get(id, "Range", "bytes=0-1,4-5").statusCode()).isEqualTo(204);
        assertThat(get(id, "Range", "bytes=9-2").statusCode()).isEqualTo(204);
    }

    @Test
    void downloadOfAnUnknownOrInvisibleImageIs404() throws Exception {
        assertThat(get("7c1b0ad8-2b29-4bb1-9c3e-4e0a5a0f2a11").statusCode()).isEqualTo(404);
        String id = uploaded(LETTERS);
        HttpResponse<byte[]> r = get(id, "X-Project-Id", "p-other", "X-Roles", "reader,member");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(get(id, "X-Project-Id", "p-other", "X-Roles", "reader,member", "Range", "bytes=99-").statusCode())
                .isEqualTo(404);
    }

    @Test
    void aDeactivatedImageIs403ForitsProjectAndStillServedToAnAdmin() throws Exception {
        String id = uploaded(LETTERS);
        catalog().images(RequestContext.admin("p-admin", "admin")).deactivate(id);
        HttpResponse<byte[]> r = get(id, "X-Project-Id", "p-owner", "X-Roles", "reader,member");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(get(id, "X-Project-Id", "p-owner", "X-Roles", "reader,member", "Range", "bytes=99-").statusCode())
                .isEqualTo(403);
        assertThat(new String(get(id).body(), StandardCharsets.US_ASCII)).isEqualTo(LETTERS);
    }

    @Test
    void rangeDownloadsAre206WithContentRangeAndTheWholeImagesMd5() throws Exception {
        String id = uploaded(LETTERS);
        String md5 = image(id).checksum();
        assertRange(id, "bytes=3-10", "DEFGHIJK", "bytes 3-10/26");
        assertRange(id, "bytes=20-", "UVWXYZ", "bytes 20-25/26");
        assertRange(id, "bytes=-4", "WXYZ", "bytes 22-25/26");
        assertRange(id, "bytes=0-", LETTERS, "bytes 0-25/26");
        assertRange(id, "bytes=24-100", "YZ", "bytes 24-25/26");
        assertRange(id, "bytes=-100", LETTERS, "bytes 0-25/26");
        assertRange(id, "bytes=25-25", "Z", "bytes 25-25/26");
        HttpResponse<byte[]> r = get(id, "Range", "bytes=1-2");
        assertThat(r.headers().firstValue("Content-MD5")).contains(md5);
        assertThat(r.headers().firstValue("Content-Length")).contains("2");
    }

    @Test
    void aRequestContentRangeIsTakenAsTheRangeAndMustLieInsideTheImage() throws Exception {
        String id = uploaded(LETTERS);
        assertRange(id, "Content-Range", "bytes 1-4/*", "BCDE", "bytes 1-4/26");
        assertRange(id, "Content-Range", "bytes 0-25/26", LETTERS, "bytes 0-25/26");
        assertThat(get(id, "Content-Range", "bytes 20-26/*").statusCode()).isEqualTo(416);
        assertThat(get(id, "Content-Range", "bytes 4-1/*").statusCode()).isEqualTo(416);
        assertThat(get(id, "Content-Range", "pages 1-2/*").statusCode()).isEqualTo(416);
        // Range wins over Content-Range
        assertRange(id, "bytes=0-1", "AB", "bytes 0-1/26");
    }

    @Test
    void unsatisfiableOrMalformedRangesAre416AndSeveralRangesAre400() throws Exception {
        String id = uploaded(LETTERS);
        for (String range : List.of("bytes=26-", "bytes=30-40", "bytes=10-5", "bytes=abc", "items=0-1", "bytes=-0",
                "bytes=")) {
            HttpResponse<byte[]> r = get(id, "Range", range);
            assertThat(r.statusCode()).as(range).isEqualTo(416);
            assertThat(json(new String(r.body(), StandardCharsets.UTF_8)).get("code").asText()).startsWith("416 ");
            assertThat(r.headers().firstValue("Content-MD5")).isEmpty();
        }
        HttpResponse<byte[]> multi = get(id, "Range", "bytes=0-1,4-5");
        assertThat(multi.statusCode()).isEqualTo(400);
        assertThat(new String(multi.body(), StandardCharsets.UTF_8)).contains("multiple ranges");
    }

    void assertRange(String id, String range, String body, String contentRange) throws Exception {
        assertRange(id, "Range", range, body, contentRange);
    }

    void assertRange(String id, String header, String range, String body, String contentRange) throws Exception {
        HttpResponse<byte[]> r = get(id, header, range);
        assertThat(r.statusCode()).as(range).isEqualTo(206);
        assertThat(new String(r.body(), StandardCharsets.US_ASCII)).as(range).isEqualTo(body);
        assertThat(r.headers().firstValue("Content-Range")).as(range).contains(contentRange);
        assertThat(r.headers().firstValue("Content-Length")).as(range).contains(Integer.toString(body.length()));
    }

    @Test
    void concurrentUploadsToOneImageLetExactlyOneWin() throws Exception {
        String id = newImage();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger conflict = new AtomicInteger();
        List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread t = new Thread(() -> {
                try {
                    // a loser is refused before its body is read; the server reads and drops the body (it is small)
                    // so that the 409 reaches the client instead of a reset connection
                    int status = putBytes(id, SeededBytes.stream(5, 1 << 20).readAllBytes()).statusCode();
                    statuses.add(status);
                    (status == 204 ? ok : status == 409 ? conflict : new AtomicInteger()).incrementAndGet();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(ok.get()).as("statuses %s", statuses).isEqualTo(1);
        assertThat(conflict.get()).as("statuses %s", statuses).isEqualTo(3);
        assertThat(storedObjects()).hasSize(1);
    }

    @Test
    void anIdThatIsNotAUuidIs404AndAnUpperCaseIdNamesTheSameImage() throws Exception {
        assertThat(putBytes("not-a-uuid", new byte[3]).statusCode()).isEqualTo(404);
        assertThat(get("not-a-uuid").statusCode()).isEqualTo(404);
        assertThat(get("not-a-uuid", "Range", "bytes=0-1,2-3").statusCode()).isEqualTo(404);
        String id = newImage();
        assertThat(putBytes(id.toUpperCase(java.util.Locale.ROOT), LETTERS.getBytes(StandardCharsets.US_ASCII))
                .statusCode()).isEqualTo(204);
        assertThat(new String(get(id.toUpperCase(java.util.Locale.ROOT)).body(), StandardCharsets.US_ASCII))
                .isEqualTo(LETTERS);
    }

    @Test
    void thePathMustNameAnImageFileRoute() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(file(newImage()))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).contains("GET, PUT");
    }
}
