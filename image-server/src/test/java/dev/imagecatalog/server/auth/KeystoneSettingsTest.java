package dev.imagecatalog.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.error.CatalogConfigurationException;
import dev.imagecatalog.server.ImageServer;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code server.keystone.*} settings: what a keystone server needs, and bad values failing at start by key. */
class KeystoneSettingsTest {

    private static Map<String, String> keystoneSettings() {
        Map<String, String> m = new HashMap<>(Map.of("metadata.type", "memory", "stores", "mem",
                "store.mem.type", "memory", "server.port", "0", "server.auth", "keystone"));
        m.put("server.keystone.url", "http://127.0.0.1:5000/v3");
        m.put("server.keystone.username", "glance");
        m.put("server.keystone.password", "s3cret-value");
        m.put("server.keystone.project", "service");
        return m;
    }

    private static void assertStartFails(Map<String, String> settings, String message) {
        assertThatThrownBy(() -> ImageServer.builder().settings(settings).start().close())
                .isInstanceOf(CatalogConfigurationException.class).hasMessageContaining(message)
                .message().doesNotContain("s3cret-value");
    }

    @Test
    void eachRequiredKeyIsNamedWhenMissing() {
        for (String key : new String[] {"url", "username", "password", "project"}) {
            Map<String, String> s = keystoneSettings();
            s.remove("server.keystone." + key);
            assertStartFails(s, "'server.keystone." + key + "'");
        }
    }

    @Test
    void badValuesAreNamedByKey() {
        Map<String, String> bad = new HashMap<>();
        bad.put("server.keystone.url", "ftp://keystone/v3");
        bad.put("server.keystone.www-authenticate-uri", "not a url");
        bad.put("server.keystone.cache-size", "-1");
        bad.put("server.keystone.cache-ttl", "300");
        bad.put("server.keystone.timeout", "0s");
        bad.forEach((key, value) -> {
            Map<String, String> s = keystoneSettings();
            s.put(key, value);
            assertStartFails(s, "'" + key + "'");
        });
    }

    @Test
    void aMisspelledKeyIsRefusedWithTheNearestOne() {
        Map<String, String> s = keystoneSettings();
        s.put("server.keystone.usrname", "glance");
        assertStartFails(s, "did you mean 'server.keystone.username'");
    }

    @Test
    void aCompleteKeystoneConfigurationStartsWithoutReachingKeystone() {
        Map<String, String> s = keystoneSettings();
        s.put("server.keystone.url", "http://127.0.0.1:1/v3");
        s.put("server.keystone.cache-size", "50");
        s.put("server.keystone.cache-ttl", "30s");
        try (ImageServer server = ImageServer.builder().settings(s).start()) {
            assertThat(server.port()).isPositive();
        }
    }

    @Test
    void keystoneSettingsUnderNoauthAreAccepted() {
        Map<String, String> s = keystoneSettings();
        s.put("server.auth", "noauth");
        s.remove("server.keystone.url");
        try (ImageServer server = ImageServer.builder().settings(s).start()) {
            assertThat(server.port()).isPositive();
        }
    }

    @Test
    void theIdentityEndpointEndsInV3() {
        assertThat(KeystoneConfig.identityEndpoint(URI.create("http://k:5000")))
                .isEqualTo(URI.create("http://k:5000/v3"));
        assertThat(KeystoneConfig.identityEndpoint(URI.create("http://k:5000/")))
                .isEqualTo(URI.create("http://k:5000/v3"));
        assertThat(KeystoneConfig.identityEndpoint(URI.create("https://k/identity/v3/")))
                .isEqualTo(URI.create("https://k/identity/v3"));
        assertThat(KeystoneConfig.identityEndpoint(URI.create("https://k/identity")))
                .isEqualTo(URI.create("https://k/identity/v3"));
    }
}
