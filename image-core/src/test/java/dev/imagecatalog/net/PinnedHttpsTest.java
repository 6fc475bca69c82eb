package dev.imagecatalog.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS through the pinned client: a loopback HTTPS server whose certificate names {@code images.test} (made by the
 * JDK's keytool) and which accepts only that TLS server name; the test resolver sends {@code images.test} and
 * {@code other.test} to 127.0.0.1.
 */
class PinnedHttpsTest {
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static HttpsServer server;
    private static SSLContext trustingTheServer;
    private static final List<String> HOSTS = new CopyOnWriteArrayList<>();
    private static final List<SNIServerName> SERVER_NAMES = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit",
                "-keypass", "changeit", "-alias", "server", "-keyalg", "EC", "-dname", "CN=images.test",
                "-ext", "SAN=dns:images.test", "-validity", "2").redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(out).isZero();

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        trustingTheServer = SSLContext.getInstance("TLS");
        trustingTheServer.init(null, tmf.getTrustManagers(), null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = serverContext.getDefaultSSLParameters();
                p.setSNIMatchers(List.of(SNIHostName.createSNIMatcher("images\\.test")));
                params.setSSLParameters(p);
            }
        });
        server.createContext("/", ex -> {
            HOSTS.add(ex.getRequestHeaders().getFirst("Host"));
            SERVER_NAMES.addAll(((ExtendedSSLSession) ((HttpsExchange) ex).getSSLSession()).getRequestedServerNames());
            byte[] body = "secure".getBytes(StandardCharsets.US_ASCII);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static PinnedHttpClient client() {
        HostResolver toLoopback = name -> {
            if (name.equals("images.test") || name.equals("other.test")) {
                return List.of(InetAddress.getByName("127.0.0.1"));
            }
            throw new UnknownHostException(name);
        };
        AddressRules rules = AddressRules.DEFAULTS.allowingPorts(java.util.Set.of())
                .allowingNetworks(List.of(IpNetwork.parse("127.0.0.0/8")));
        return new PinnedHttpClient(new AddressGuard(rules, toLoopback), Duration.ofSeconds(10),
                Duration.ofSeconds(10), 0, trustingTheServer.getSocketFactory());
    }

    private static String url(String host) {
        return "https://" + host + ":" + server.getAddress().getPort() + "/x";
    }

    @Test
    void connectsToTheCheckedAddressWithTheUrlsNameForSniAndVerification() throws IOException {
        try (PinnedResponse r = client().get(url("images.test"), Map.of())) {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body().readAllBytes()).isEqualTo("secure".getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(HOSTS).contains("images.test:" + server.getAddress().getPort());
        assertThat(SERVER_NAMES).contains(new SNIHostName("images.test"));
    }

    @Test
    void aCertificateForAnotherNameIsRefused() {
        // other.test: the server accepts no such server name, and the certificate does not name it either
        assertThatThrownBy(() -> client().get(url("other.test"), Map.of())).isInstanceOf(SSLException.class);
        // an IP literal sends no server name (the server accepts that) and the certificate names no IP address:
        // hostname verification refuses it
        assertThatThrownBy(() -> client().get(url("127.0.0.1"), Map.of())).isInstanceOf(SSLException.class);
    }

    @Test
    void theDefaultTrustStoreDoesNotTrustTheTestCertificate() {
        PinnedHttpClient defaults = new PinnedHttpClient(client().guard(), Duration.ofSeconds(10),
                Duration.ofSeconds(10), 0, PinnedHttpClient.defaultTls());
        assertThatThrownBy(() -> defaults.get(url("images.test"), Map.of())).isInstanceOf(SSLException.class);
    }
}
