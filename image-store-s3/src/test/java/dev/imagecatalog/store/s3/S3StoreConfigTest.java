package dev.imagecatalog.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.config.Settings;
import dev.imagecatalog.error.CatalogConfigurationException;
import dev.imagecatalog.spi.ImageStoreProvider;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Configuration is validated when the store is built; every error names the full key. No server needed. */
class S3StoreConfigTest {

    private static S3StoreConfig config(String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put("store.a.type", "s3");
        m.put("store.a.bucket", "images");
        for (int i = 0; i < kv.length; i += 2) {
            m.put("store.a." + kv[i], kv[i + 1]);
        }
        return new S3StoreConfig(Settings.of(m).scoped("store.a."));
    }

    private static void rejects(String key, String value, String messagePart) {
        assertThatThrownBy(() -> config(key, value)).isInstanceOf(CatalogConfigurationException.class)
                .hasMessageContaining("'store.a." + key + "'").hasMessageContaining(messagePart);
    }

    @Test
    void defaults() {
        S3StoreConfig c = config();
        assertThat(c.endpoint).isEmpty();
        assertThat(c.region).isEqualTo("us-east-1");
        assertThat(c.prefix).isEmpty();
        assertThat(c.partSize).isEqualTo(16 << 20);
        assertThat(c.multipartThreshold).isEqualTo(16 << 20);
        assertThat(c.partsInFlight).isEqualTo(4);
        assertThat(c.chunkedEncoding).isTrue();
        assertThat(c.contentMd5).isFalse();
        assertThat(c.checksumWhenSupported).isTrue();
        assertThat(c.accessKey).isEmpty();
        assertThat(c.largestUnknownLengthObject()).isEqualTo(10_000L * (16 << 20));
    }

    @Test
    void endpointIsHttpsUnlessHttpIsExplicit() {
        assertThat(config("endpoint", "s3.example.com").endpoint.get().toString()).isEqualTo("https://s3.example.com");
        assertThat(config("endpoint", "http://127.0.0.1:8081").endpoint.get().getScheme()).isEqualTo("http");
        rejects("endpoint", "ftp://x", "https://");
        rejects("endpoint", "https://user:pw@host", "without user info");
    }

    @Test
    void sizesNeedUnitsAndS3Limits() {
        assertThat(config("part-size", "8MiB", "multipart-threshold", "1MiB").partSize).isEqualTo(8 << 20);
        rejects("part-size", "4MiB", "between 5MiB and 1GiB");
        rejects("part-size", "5 parsecs", "size unit");
        assertThatThrownBy(() -> config("part-size", "5MiB", "multipart-threshold", "6MiB"))
                .hasMessageContaining("'store.a.multipart-threshold'");
        rejects("parts-in-flight", "0", "from 1 to 64");
        rejects("checksum-mode", "always", "when_supported, when_required");
    }

    @Test
    void prefixBucketAndCredentials() {
        assertThat(config("prefix", "glance").prefix).isEqualTo("glance/");
        rejects("prefix", "/abs", "'/'");
        rejects("bucket", "Bad_Bucket", "bucket name");
        assertThatThrownBy(() -> config("access-key", "AK")).hasMessageContaining("'store.a.secret-key'");
        assertThatThrownBy(() -> config("secret-key", "SK")).hasMessageContaining("'store.a.access-key'");
        rejects("acces-key", "AK", "no such setting");
    }

    @Test
    void anUnknownKeyIsRefusedNamingItAndTheKeyItLooksLike() {
        rejects("buckets", "images", "did you mean 'store.a.bucket'?");
        rejects("sweep-on-start", "false", "unknown setting 'store.a.sweep-on-start'");
    }

    @Test
    void outOfRangeValuesAndMissingUnitsAreRefusedNamingTheKey() {
        rejects("max-attempts", "21", "from 1 to 20");
        rejects("read-attempts", "0", "from 1 to 50");
        rejects("socket-timeout", "0s", "at least 1ms");
        rejects("part-size", "8388608", "the unit is missing");
        rejects("multipart-threshold", "1048576", "the unit is missing");
        rejects("connection-timeout", "10", "the unit is missing");
    }

    @Test
    void theSecretKeyNeverAppearsInAMessage() {
        String secret = "wJalrXUtnFEMI-K7MDENG-bPxRfiCY";
        assertThatThrownBy(() -> config("secret-key", secret)).hasMessageContaining("'store.a.access-key'")
                .hasMessageNotContaining(secret);
        assertThatThrownBy(() -> config("access-key", "AK", "secret_key", secret))
                .hasMessageContaining("'store.a.secret_key'").hasMessageContaining("'store.a.secret-key'")
                .hasMessageNotContaining(secret);
        assertThatThrownBy(() -> config("endpoint", "https://AK:" + secret + "@s3.example.com"))
                .hasMessageContaining("'store.a.endpoint'").hasMessageNotContaining(secret);
        S3StoreConfig c = config("access-key", "AK", "secret-key", secret);
        assertThat(c.secretKey).contains(secret);
    }

    @Test
    void missingBucketIsNamed() {
        assertThatThrownBy(() -> new S3StoreConfig(Settings.of(Map.of("store.a.type", "s3")).scoped("store.a.")))
                .isInstanceOf(CatalogConfigurationException.class).hasMessageContaining("'store.a.bucket'");
    }

    @Test
    void providerIsRegistered() {
        assertThat(ServiceLoader.load(ImageStoreProvider.class).stream().map(p -> p.get().type()))
                .contains(S3ImageStoreProvider.TYPE);
    }

    @Test
    void anUploadOfDeclaredSizeGetsPartsThatFitInTenThousand() {
        int mib = 1 << 20;
        assertThat(S3ImageWriter.partSizeFor(16 * mib, -1, "a")).isEqualTo(16 * mib);
        assertThat(S3ImageWriter.partSizeFor(16 * mib, 10_000L * 16 * mib, "a")).isEqualTo(16 * mib);
        assertThat(S3ImageWriter.partSizeFor(16 * mib, 10_000L * 16 * mib + 1, "a")).isEqualTo(17 * mib);
        // S3's largest object, 5 TiB, in 10,000 parts: 549,755,814 B each, rounded up to whole MiB
        assertThat(S3ImageWriter.partSizeFor(5 * mib, 5L << 40, "a")).isEqualTo(525 * mib);
        assertThatThrownBy(() -> S3ImageWriter.partSizeFor(5 * mib, (5L << 40) + 1, "a"))
                .isInstanceOf(dev.imagecatalog.error.TooLargeException.class).hasMessageContaining("largest object");
        // the buffers stay within parts-in-flight x part-size while they can, and one part is always allowed
        assertThat(S3ImageWriter.partsInFlightFor(4, 16 * mib, 16 * mib)).isEqualTo(4);
        assertThat(S3ImageWriter.partsInFlightFor(4, 16 * mib, 17 * mib)).isEqualTo(3);
        assertThat(S3ImageWriter.partsInFlightFor(4, 16 * mib, 525 * mib)).isEqualTo(1);
    }
}
