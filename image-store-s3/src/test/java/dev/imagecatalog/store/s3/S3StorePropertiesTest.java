package dev.imagecatalog.store.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.config.Settings;
import dev.imagecatalog.contract.TestEnvironment;
import dev.imagecatalog.image.StoreInfo;
import dev.imagecatalog.policy.RequestContext;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** What {@code /v2/info/stores/detail} shows of an S3 store: where the bucket is and how uploads are cut, no key. */
class S3StorePropertiesTest {
    private static final String BUCKET = S3TestServers.bucketName("props");
    private static final String SECRET = "s3-Secret-0xC0FFEE";
    private static final String ACCESS = "AKIA-props-access";

    @Test
    void thePropertiesAreTheSettingsInEffectWithoutCredentials() {
        Map<String, String> m = new HashMap<>();
        m.put("type", "s3");
        m.put("endpoint", "http://127.0.0.1:9");
        m.put("bucket", "images");
        m.put("prefix", "glance");
        m.put("access-key", ACCESS);
        m.put("secret-key", SECRET);
        m.put("part-size", "8MiB");
        assertThat(new S3StoreConfig(Settings.of(m)).properties()).isEqualTo(Map.of(
                "endpoint", "http://127.0.0.1:9", "region", "us-east-1", "bucket", "images", "prefix", "glance/",
                "path-style", "false", "part-size", Long.toString(8L << 20),
                "multipart-threshold", Long.toString(8L << 20), "parts-in-flight", "4"));
    }

    @Test
    void anAdministratorSeesTheRealStoresPropertiesAndNoSecret() {
        Map<String, String> settings = S3TestServers.s3proxy(BUCKET);
        ImageCatalog.Builder b = ImageCatalog.builder().setting("metadata.type", "memory").setting("stores", "s3")
                .setting("store.s3.type", "s3").setting("store.s3.description", "objects on s3proxy");
        settings.forEach((k, v) -> b.setting("store.s3." + k, v));
        try (ImageCatalog c = b.build()) {
            StoreInfo info = c.images(RequestContext.admin("ops", "root")).storesDetail().get(0);
            assertThat(info.type()).isEqualTo("s3");
            assertThat(info.description()).isEqualTo("objects on s3proxy");
            assertThat(info.properties()).containsEntry("bucket", BUCKET)
                    .containsEntry("endpoint", settings.get("endpoint")).containsEntry("prefix", "images/")
                    .containsEntry("part-size", Long.toString(5L << 20))
                    .doesNotContainKeys("secret-key", "access-key");
            assertThat(info.properties().values()).noneMatch(v -> v.contains(settings.get("secret-key")))
                    .noneMatch(v -> v.contains(settings.get("access-key")));
        }
    }

    @AfterAll
    static void removeBucket() {
        if (TestEnvironment.optional("IMAGECATALOG_S3PROXY_ENDPOINT").isPresent()) {
            AbstractS3ImageStoreTest.finishBucket(S3TestServers.s3proxy(BUCKET), BUCKET);
        }
    }
}
