package dev.imagecatalog.store.swift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagecatalog.contract.FaultProxy;
import dev.imagecatalog.contract.TestEnvironment;
import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.error.ForbiddenException;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.spi.ImageWriter;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store against a real Keystone v3 and a Swift that validates Keystone tokens
 * ({@code scripts/servers/start-keystone.sh}, {@code start-swift-keystone.sh}).
 */
class KeystoneSwiftImageStoreTest {
    private static final String WHO = "scripts/servers/start-keystone.sh + start-swift-keystone.sh "
            + "(source DATA_DIR/imagecatalog.env)";
    private static final int SEGMENT = 256 * 1024;

    private String authUrl;
    private JsonNode fixtures;
    private String container;
    private SwiftImageStore cleaner;

    @BeforeEach
    void setUp() throws Exception {
        authUrl = TestEnvironment.require("IMAGECATALOG_KEYSTONE_URL", WHO);
        fixtures = SwiftClient.JSON.readTree(Path.of(TestEnvironment.require("IMAGECATALOG_KEYSTONE_FIXTURES", WHO)).toFile());
        container = SwiftTestSupport.uniqueContainer("ks");
        cleaner = SwiftTestSupport.create("ks", passwordSettings());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (cleaner != null) {
            SwiftTestSupport.deleteContainers(cleaner, container, container + "_segments");
            cleaner.close();
        }
    }

    private Map<String, String> passwordSettings() {
        Map<String, String> m = new HashMap<>();
        m.put("auth", "password");
        m.put("auth-url", authUrl);
        m.put("username", fixtures.path("demo").path("username").asText());
        m.put("password", fixtures.path("demo").path("password").asText());
        m.put("project", fixtures.path("demo").path("project").asText());
        m.put("region", "RegionOne");
        m.put("container", container);
        m.put("create-containers", "true");
        m.put("segment-size", SEGMENT + "B");
        m.put("large-object-threshold", SEGMENT + "B");
        return m;
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static StoreLocation write(SwiftImageStore s, byte[] data) throws IOException {
        try (ImageWriter w = s.openWriter(UUID.randomUUID().toString(), -1)) {
            for (int pos = 0; pos < data.length; pos += 40_000) {
                w.write(ByteBuffer.wrap(data, pos, Math.min(40_000, data.length - pos)));
            }
            return w.commit();
        }
    }

    private static void assertRoundTrip(SwiftImageStore s, byte[] data) throws Exception {
        StoreLocation loc = write(s, data);
        try (InputStream in = s.openStream(loc, 0, -1)) {
            assertThat(sha256(in.readAllBytes())).isEqualTo(sha256(data));
        }
        assertThat(s.size(loc)).isEqualTo(data.length);
        assertThat(s.delete(loc)).isTrue();
        assertThat(s.exists(loc)).isFalse();
    }

    @Test
    void passwordAuthWritesPlainObjectsAndSlosToTheCatalogEndpoint() throws Exception {
        SwiftImageStore s = SwiftTestSupport.create("ks", passwordSettings());
        try {
            assertRoundTrip(s, bytes(1000, 1));
            assertRoundTrip(s, bytes(3 * SEGMENT + 7, 2));
            assertThat(s.client.token().storageUrl()).endsWith("/v1/AUTH_" + fixtures.path("demo").path("project_id").asText());
            assertThat(s.client.token().expiresAt()).isAfter(java.time.Instant.now());
            SwiftTestSupport.assertNoStraySegments(s);
        } finally {
            s.close();
        }
    }

    @Test
    void applicationCredentialAuthWorks() throws Exception {
        Map<String, String> m = passwordSettings();
        m.remove("username");
        m.remove("password");
        m.remove("project");
        m.put("auth", "application-credential");
        m.put("application-credential-id", fixtures.path("application_credential").path("id").asText());
        m.put("application-credential-secret", fixtures.path("application_credential").path("secret").asText());
        SwiftImageStore s = SwiftTestSupport.create("ks", m);
        try {
            assertRoundTrip(s, bytes(2 * SEGMENT + 1, 3));
        } finally {
            s.close();
        }
        m.put("application-credential-secret", "wrong");
        SwiftImageStore bad = SwiftTestSupport.create("ks", m);
        assertThatThrownBy(() -> bad.exists(new StoreLocation("swift", "ks", container + "/x")))
                .isInstanceOf(ForbiddenException.class);
        bad.close();
    }

    @Test
    void endpointIsChosenFromTheCatalogByRegionAndInterface() throws Exception {
        StoreLocation probe = new StoreLocation("swift", "ks", container + "/nothing-here");
        Map<String, String> internal = passwordSettings();
        internal.put("interface", "internal");
        try (SwiftImageStore s = SwiftTestSupport.create("ks", internal)) {
            assertThat(s.exists(probe)).isFalse();
        }
        // RegionTwo's public object-store endpoint leads to a closed port: picking it is visible as a refused connection
        Map<String, String> region2 = passwordSettings();
        region2.put("region", "RegionTwo");
        try (SwiftImageStore s = SwiftTestSupport.create("ks", region2)) {
            assertThat(s.client.token().storageUrl()).startsWith("http://127.0.0.1:9/");
            assertThatThrownBy(() -> s.exists(probe)).isInstanceOf(IOException.class);
        }
        Map<String, String> none = passwordSettings();
        none.put("region", "RegionTwo");
        none.put("interface", "internal");
        try (SwiftImageStore s = SwiftTestSupport.create("ks", none)) {
            assertThatThrownBy(() -> s.exists(probe)).isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("object-store").hasMessageContaining("internal").hasMessageContaining("RegionTwo");
        }
    }

    @Test
    void tokenRevokedMidUploadIsReplacedAndTheUploadCompletes() throws Exception {
        URI swift = URI.create(cleaner.client.token().storageUrl());
        try (FaultProxy proxy = new FaultProxy(swift.getHost(), swift.getPort()).oneRequestPerConnection(true)) {
            Map<String, String> m = passwordSettings();
            m.put("storage-url", "http://127.0.0.1:" + proxy.port() + swift.getRawPath());
            m.put("segments-in-flight", "2");
            SwiftImageStore s = SwiftTestSupport.create("ks", m);
            String token = s.client.token().value();
            AtomicInteger calls = new AtomicInteger();
            proxy.rule((method, target) -> {
                if (method.equals("PUT") && target.endsWith("/00000003") && calls.getAndIncrement() == 0) {
                    revoke(token);
                }
                return FaultProxy.Decision.PASS;
            });
            byte[] data = bytes(5 * SEGMENT + 11, 4);
            StoreLocation loc = write(s, data);
            assertThat(proxy.log()).anyMatch(l -> l.contains("/00000003 -> HTTP/1.1 401"));
            assertThat(s.client.authentications()).isEqualTo(2);
            try (InputStream in = s.openStream(loc, 0, -1)) {
                assertThat(sha256(in.readAllBytes())).isEqualTo(sha256(data));
            }
            assertThat(s.delete(loc)).isTrue();
            SwiftTestSupport.assertNoStraySegments(s);
            s.close();
        }
    }

    @Test
    void aTokenOfAnotherProjectIsRefused() throws Exception {
        JsonNode other = fixtures.path("service_user");
        SwiftAuth.Token otherToken = SwiftAuth.KeystoneAuth.password(authUrl, other.path("username").asText(), "Default",
                other.path("password").asText(), other.path("project").asText(), "Default", "object-store", "RegionOne",
                "public").authenticate(HttpClient.newHttpClient(), Duration.ofSeconds(30));
        String demoStorage = cleaner.client.token().storageUrl();
        assertThat(otherToken.storageUrl()).isNotEqualTo(demoStorage);
        SwiftImageStore s = SwiftTestSupport.create("ks", Map.of("auth", "token", "token", otherToken.value(),
                "storage-url", demoStorage, "container", container, "create-containers", "true"));
        try (ImageWriter w = s.openWriter(UUID.randomUUID().toString(), 10)) {
            w.write(ByteBuffer.wrap(new byte[10]));
            assertThatThrownBy(w::commit).isInstanceOf(ForbiddenException.class);
        } finally {
            s.close();
        }
        assertThat(SwiftTestSupport.names(cleaner, container)).isEmpty();
    }

    @Test
    void wrongPasswordIsForbidden() {
        Map<String, String> m = passwordSettings();
        m.put("password", "not-the-password");
        SwiftImageStore s = SwiftTestSupport.create("ks", m);
        assertThatThrownBy(() -> s.exists(new StoreLocation("swift", "ks", container + "/x")))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("Keystone");
        s.close();
    }

    /** Revokes a token with Keystone's DELETE /v3/auth/tokens, authorized by the admin. */
    private void revoke(String token) throws Exception {
        JsonNode admin = fixtures.path("admin");
        SwiftAuth.KeystoneAuth adminAuth = SwiftAuth.KeystoneAuth.password(authUrl, admin.path("username").asText(),
                "Default", admin.path("password").asText(), admin.path("project").asText(), "Default", "identity",
                null, "public");
        HttpClient http = HttpClient.newHttpClient();
        String adminToken = adminAuth.authenticate(http, Duration.ofSeconds(30)).value();
        String base = authUrl.endsWith("/v3") ? authUrl : authUrl + "/v3";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/auth/tokens"))
                .header("X-Auth-Token", adminToken).header("X-Subject-Token", token).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("revoking the token").isEqualTo(204);
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
