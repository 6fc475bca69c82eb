package dev.imagecatalog.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PinnedHttpClientTest {
    private final ScriptedServer server;
    private final AddressRules loopbackAllowed = AddressRules.DEFAULTS.allowingPorts(Set.of())
            .allowingNetworks(List.of(IpNetwork.parse("127.0.0.0/8")));

    PinnedHttpClientTest() throws IOException {
        server = new ScriptedServer();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private PinnedHttpClient client(AddressRules rules, HostResolver resolver) {
        return new PinnedHttpClient(new AddressGuard(rules, resolver), Duration.ofSeconds(5), Duration.ofSeconds(5),
                2, PinnedHttpClient.defaultTls());
    }

    private PinnedHttpClient client() {
        return client(loopbackAllowed, HostResolver.system());
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void contentLengthBodyWithRangeHeaderSent() throws IOException {
        server.answer("HTTP/1.1 206 Partial Content\r\nContent-Length: 5\r\nContent-Range: bytes 2-6/10\r\n\r\n",
                bytes("23456"));
        try (PinnedResponse r = client().get(url("/a/b.img?x=1"), Map.of("Range", "bytes=2-6"))) {
            assertThat(r.status()).isEqualTo(206);
            assertThat(r.contentLength()).isEqualTo(5);
            assertThat(r.header("content-range")).contains("bytes 2-6/10");
            assertThat(r.body().readAllBytes()).isEqualTo(bytes("23456"));
        }
        assertThat(server.requests.get(0)).startsWith("GET /a/b.img?x=1 HTTP/1.1\r\n")
                .contains("\r\nHost: 127.0.0.1:" + server.port() + "\r\n").contains("\r\nRange: bytes=2-6\r\n")
                .contains("Connection: close");
    }

    @Test
    void chunkedBodyWithExtensionsAndTrailers() throws IOException {
        server.answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
                bytes("4;ext=1\r\nabcd\r\n3\r\nefg\r\n0\r\nX-Trailer: t\r\n\r\n"));
        try (PinnedResponse r = client().get(url("/c"), Map.of())) {
            assertThat(r.contentLength()).isEqualTo(-1);
            assertThat(r.body().readAllBytes()).isEqualTo(bytes("abcdefg"));
        }
    }

    @Test
    void closeDelimitedBody() throws IOException {
        server.answer("HTTP/1.0 200 OK\r\n\r\n", bytes("until the end"));
        try (PinnedResponse r = client().get(url("/d"), Map.of())) {
            assertThat(r.body().readAllBytes()).isEqualTo(bytes("until the end"));
        }
    }

    @Test
    void bodiesEndingEarlyAreErrorsNotShortReads() throws IOException {
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n", bytes("12345"));
        try (PinnedResponse r = client().get(url("/e"), Map.of())) {
            InputStream body = r.body();
            assertThatThrownBy(body::readAllBytes).isInstanceOf(EOFException.class)
                    .hasMessageContaining("after 5 of 10 bytes");
        }
        server.answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", bytes("a\r\n12345"));
        try (PinnedResponse r = client().get(url("/f"), Map.of())) {
            InputStream body = r.body();
            assertThatThrownBy(body::readAllBytes).isInstanceOf(EOFException.class);
        }
    }

    @Test
    void headHasNoBodyWhateverTheLength() throws IOException {
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 12345\r\n\r\n");
        try (PinnedResponse r = client().head(url("/h"), Map.of())) {
            assertThat(r.contentLength()).isEqualTo(12345);
            assertThat(r.body().readAllBytes()).isEmpty();
        }
        assertThat(server.requests.get(0)).startsWith("HEAD /h HTTP/1.1");
    }

    @Test
    void redirectsAreFollowedUpToTheLimitAndEachIsChecked() throws IOException {
        server.answer("HTTP/1.1 302 Found\r\nLocation: /second\r\nContent-Length: 0\r\n\r\n")
                .answer("HTTP/1.1 307 Temporary\r\nLocation: " + url("/third") + "\r\n\r\n")
                .answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n", bytes("ok"));
        try (PinnedResponse r = client().get(url("/first"), Map.of("Range", "bytes=0-1"))) {
            assertThat(r.body().readAllBytes()).isEqualTo(bytes("ok"));
            assertThat(r.url().uri().getPath()).isEqualTo("/third");
        }
        assertThat(server.requests).hasSize(3).allSatisfy(req -> assertThat(req).contains("Range: bytes=0-1"));

        server.answer("HTTP/1.1 301 Moved\r\nLocation: /1\r\n\r\n").answer("HTTP/1.1 301 Moved\r\nLocation: /2\r\n\r\n")
                .answer("HTTP/1.1 301 Moved\r\nLocation: /3\r\n\r\n");
        assertThatThrownBy(() -> client().get(url("/loop"), Map.of())).isInstanceOf(IOException.class)
                .hasMessageContaining("more than 2 times");

        server.answer("HTTP/1.1 302 Found\r\nLocation: http://169.254.169.254/latest/meta-data/\r\n\r\n");
        assertThatThrownBy(() -> client().get(url("/evil"), Map.of())).isInstanceOf(AddressRefusedException.class)
                .hasMessageContaining("metadata");
        server.answer("HTTP/1.1 302 Found\r\nLocation: http://[::ffff:10.0.0.1]/\r\n\r\n");
        assertThatThrownBy(() -> client().get(url("/evil2"), Map.of())).hasMessageContaining("private");
    }

    @Test
    void connectsToTheCheckedAddressAndSendsTheUrlsHost() throws IOException {
        int[] lookups = {0};
        HostResolver once = name -> {
            if (!name.equals("images.test")) {
                throw new UnknownHostException(name);
            }
            lookups[0]++;
            return List.of(InetAddress.getByName("127.0.0.1"));
        };
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n", bytes("x"));
        try (PinnedResponse r = client(loopbackAllowed, once)
                .get("http://images.test:" + server.port() + "/p", Map.of())) {
            assertThat(r.body().readAllBytes()).isEqualTo(bytes("x"));
        }
        assertThat(lookups[0]).isEqualTo(1);
        assertThat(server.requests.get(0)).contains("\r\nHost: images.test:" + server.port() + "\r\n");
    }

    @Test
    void loopbackIsRefusedWithoutTheSettingBeforeAnyConnection() {
        AddressRules anyPort = AddressRules.DEFAULTS.allowingPorts(Set.of());
        assertThatThrownBy(() -> client(anyPort, HostResolver.system()).get(url("/x"), Map.of()))
                .isInstanceOf(AddressRefusedException.class).hasMessageContaining("loopback");
        assertThat(server.requests).isEmpty();
    }

    @Test
    void badAnswersAreIoErrors() throws IOException {
        server.answer("SSH-2.0-OpenSSH\r\n\r\n");
        assertThatThrownBy(() -> client().get(url("/x"), Map.of())).isInstanceOf(IOException.class)
                .hasMessageContaining("bad status line");
        server.answer("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n");
        assertThatThrownBy(() -> client().get(url("/x"), Map.of())).hasMessageContaining("content-length");
        server.answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n");
        assertThatThrownBy(() -> client().get(url("/x"), Map.of())).hasMessageContaining("transfer-encoding");
        assertThatThrownBy(() -> client().get(url("/x"), Map.of("Range", "bytes=0-1\r\nX-Evil: 1")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
