package dev.imagecatalog.metadata.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.config.Settings;
import dev.imagecatalog.error.CatalogConfigurationException;
import dev.imagecatalog.spi.MetadataRepository;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The jdbc back-end's settings are checked before any connection is opened. */
class JdbcSettingsTest {
    private static final String SECRET = "pg-Passw0rd-4711";

    private static MetadataRepository open(String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put("metadata.type", "jdbc");
        m.put("metadata.jdbc.url", "jdbc:h2:mem:settings-" + UUID.randomUUID());
        for (int i = 0; i < kv.length; i += 2) {
            m.put("metadata." + kv[i], kv[i + 1]);
        }
        return new JdbcMetadataProvider().create(Settings.of(m).scoped("metadata."));
    }

    private static void refused(String[] kv, String... fragments) {
        assertThatThrownBy(() -> open(kv)).isInstanceOf(CatalogConfigurationException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(fragments).doesNotContain(SECRET));
    }

    @Test
    void anUnknownKeyIsRefusedNamingItAndTheKeyItLooksLike() {
        refused(new String[] {"jdbc.pool-size", "4"}, "unknown setting 'metadata.jdbc.pool-size'",
                "did you mean 'metadata.jdbc.pool.size'?");
        refused(new String[] {"url", "jdbc:h2:mem:x"}, "unknown setting 'metadata.url'", "jdbc metadata back-end");
    }

    @Test
    void outOfRangeValuesAndMissingUnitsAreRefusedNamingTheKey() {
        refused(new String[] {"jdbc.pool.size", "0"}, "'metadata.jdbc.pool.size'", "from 1 to 1000");
        refused(new String[] {"jdbc.pool.timeout", "100ms"}, "'metadata.jdbc.pool.timeout'", "at least 250ms");
        refused(new String[] {"cache.size", "0"}, "'metadata.cache.size'", "at least 1");
        refused(new String[] {"jdbc.pool.timeout", "30"}, "'metadata.jdbc.pool.timeout'", "the unit is missing");
        refused(new String[] {"cache.expire-after-write", "30"}, "'metadata.cache.expire-after-write'",
                "the unit is missing");
    }

    @Test
    void thePasswordNeverAppearsInAMessage() {
        refused(new String[] {"jdbc.pasword", SECRET}, "unknown setting 'metadata.jdbc.pasword'",
                "did you mean 'metadata.jdbc.password'?");
        refused(new String[] {"jdbc.password", SECRET, "jdbc.pool.size", "many"}, "'metadata.jdbc.pool.size'");
        refused(new String[] {"jdbc.url", "jdbc:mysql://db/images?user=u&password=" + SECRET}, "'metadata.jdbc.url'",
                "jdbc:h2: or jdbc:postgresql:");
    }

    @Test
    void theDeclaredKeysAreRead() {
        try (MetadataRepository repo = open("jdbc.pool.size", "2", "jdbc.pool.timeout", "5s", "cache.enabled", "true",
                "cache.size", "10", "cache.expire-after-write", "1m", "jdbc.migrate", "true")) {
            assertThat(repo.catalogId("fresh-id")).isEqualTo("fresh-id");
        }
    }
}
