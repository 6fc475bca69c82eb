package dev.imagecatalog.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.contract.SeededBytes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image data routes over the filesystem store: the same cases, and no file left behind by a failed upload. */
class ImageDataFilesystemTest extends ImageDataCases {
    @TempDir
    Path dir;

    @Override
    Map<String, String> settings() {
        return Map.of("metadata.type", "memory", "stores", "fs", "store.fs.type", "filesystem",
                "store.fs.datadir", dir.toString(), "store.fs.fsync", "false");
    }

    /** {@return every regular file under the data directory} */
    List<Path> files() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Override
    void assertQueuedAndNothingStored(String id) throws IOException {
        super.assertQueuedAndNothingStored(id);
        assertThat(files()).isEmpty();
    }

    @Test
    void anUploadedImageIsOneFileOfItsSize() throws Exception {
        String id = uploaded(LETTERS);
        assertThat(files()).hasSize(1);
        assertThat(Files.size(files().get(0))).isEqualTo(26);
        assertThat(files().get(0).getFileName().toString()).isEqualTo(id);
    }

    @Test
    void aStoreThatFailsBeforeTheFirstByteGetsACleanErrorAnswer() throws Exception {
        String id = uploaded(LETTERS);
        Files.delete(files().get(0));
        HttpResponse<byte[]> gone = get(id);
        assertThat(gone.statusCode()).isEqualTo(503);
        assertThat(json(new String(gone.body(), StandardCharsets.UTF_8)).get("code").asText())
                .isEqualTo("503 Service Unavailable");
        assertThat(gone.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(gone.headers().firstValue("Content-MD5")).isEmpty();

        String empty = uploaded(LETTERS);
        Files.write(files().get(0), new byte[0]); // the object is there but holds nothing
        HttpResponse<byte[]> nothing = get(empty);
        assertThat(nothing.statusCode()).isEqualTo(500);
        assertThat(nothing.headers().firstValue("Content-MD5")).isEmpty();
        assertThat(json(new String(nothing.body(), StandardCharsets.UTF_8)).get("code").asText()).startsWith("500 ");
    }

    @Test
    void aStoreThatEndsEarlyAfterTheFirstByteAbortsTheConnection() throws Exception {
        String id = newImage();
        assertThat(putBytes(id, SeededBytes.stream(4, 2 << 20).readAllBytes()).statusCode()).isEqualTo(204);
        try (FileChannel ch = FileChannel.open(files().get(0), StandardOpenOption.WRITE)) {
            ch.truncate(1 << 20);
        }
        try (Socket s = new Socket(server.uri().getHost(), server.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET /v2/images/" + id + "/file HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("Content-Length: " + (2 << 20));
            long body = 0;
            try {
                body = in.transferTo(OutputStream.nullOutputStream());
            } catch (SocketException reset) {
                // an abort may reach the client as a reset: the body is short either way
            }
            assertThat(body).isLessThan(2 << 20);
        }
        HttpRequest whole = HttpRequest.newBuilder(file(id)).build();
        assertThatThrownBy(() -> http.send(whole, HttpResponse.BodyHandlers.ofByteArray()))
                .isInstanceOf(IOException.class);
        assertThat(get(uploaded(LETTERS)).body()).isEqualTo(LETTERS.getBytes(StandardCharsets.US_ASCII));
    }
}
