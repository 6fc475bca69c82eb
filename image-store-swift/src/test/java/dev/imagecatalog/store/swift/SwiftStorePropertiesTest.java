package dev.imagecatalog.store.swift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.config.Settings;
import dev.imagecatalog.image.StoreInfo;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.StoreContext;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code /v2/info/stores/detail} shows of a Swift store: where the objects go, never a credential. */
class SwiftStorePropertiesTest {
    private static final String SECRET = "swift-Password-0xC0FFEE";

    private static Map<String, String> properties(Map<String, String> settings) {
        try (ImageStore s = new SwiftImageStoreProvider().create(new StoreContext("s", "catalog-a",
                Settings.of(settings)))) {
            return s.properties();
        }
    }

    @Test
    void keystonePasswordSettingsShowTheUrlsAndContainersButNoCredential() {
        Map<String, String> m = new HashMap<>();
        m.put("type", "swift");
        m.put("auth", "password");
        m.put("auth-url", "https://admin:" + SECRET + "@keystone.example:5000/v3?token=" + SECRET);
        m.put("username", "glance");
        m.put("password", SECRET);
        m.put("project", "service");
        m.put("region", "RegionTwo");
        m.put("container", "images");
        m.put("segment-size", "32MiB");
        assertThat(properties(m)).isEqualTo(Map.of("auth", "password", "auth-url", "https://keystone.example:5000/v3",
                "region", "RegionTwo", "container", "images", "segments-container", "images_segments",
                "segment-size", Long.toString(32L << 20), "large-object-threshold", Long.toString(32L << 20),
                "segments-in-flight", "4"));
    }

    @Test
    void tokenAndApplicationCredentialSecretsNeverShow() {
        Map<String, String> token = new HashMap<>(Map.of("type", "swift", "auth", "token", "token", SECRET,
                "storage-url", "http://swift.example:8080/v1/AUTH_test"));
        assertThat(properties(token)).containsEntry("storage-url", "http://swift.example:8080/v1/AUTH_test")
                .doesNotContainKey("token");
        Map<String, String> app = new HashMap<>(Map.of("type", "swift", "auth", "application-credential",
                "auth-url", "http://keystone.example:5000/v3", "application-credential-id", "app-id-1",
                "application-credential-secret", SECRET));
        assertThat(properties(app)).doesNotContainKeys("application-credential-id", "application-credential-secret");
        assertThat(properties(token).values()).noneMatch(v -> v.contains(SECRET));
        assertThat(properties(app).values()).noneMatch(v -> v.contains(SECRET) || v.contains("app-id-1"));
    }

    @Test
    void anAdministratorSeesTheRealStoresPropertiesAndNotItsKey() {
        Map<String, String> settings = SwiftTestSupport.tempAuthSettings(SwiftTestSupport.uniqueContainer("props"));
        ImageCatalog.Builder b = ImageCatalog.builder().setting("metadata.type", "memory").setting("stores", "sw")
                .setting("store.sw.type", "swift").setting("store.sw.weight", "4");
        settings.forEach((k, v) -> b.setting("store.sw." + k, v));
        try (ImageCatalog c = b.build()) {
            StoreInfo info = c.images(RequestContext.admin("ops", "root")).storesDetail().get(0);
            assertThat(info.weight()).isEqualTo(4);
            assertThat(info.properties()).containsEntry("auth", "tempauth")
                    .containsEntry("auth-url", settings.get("auth-url"))
                    .containsEntry("container", settings.get("container")).doesNotContainKeys("user", "key");
            assertThat(info.properties().values()).noneMatch(v -> v.contains(settings.get("key")));
        }
    }
}
