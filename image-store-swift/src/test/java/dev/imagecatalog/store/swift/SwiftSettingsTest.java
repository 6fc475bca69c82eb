package dev.imagecatalog.store.swift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.config.Settings;
import dev.imagecatalog.error.CatalogConfigurationException;
import dev.imagecatalog.spi.StoreContext;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Swift store's settings are checked before it reaches any server: no server needed. */
class SwiftSettingsTest {
    private static final String SECRET = "tempauth-Key-0xC0FFEE";

    private static void create(String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put("store.s.type", "swift");
        m.put("store.s.auth-url", "http://127.0.0.1:1/auth/v1.0");
        m.put("store.s.user", "test:tester");
        m.put("store.s.key", SECRET);
        for (int i = 0; i < kv.length; i += 2) {
            m.put("store.s." + kv[i], kv[i + 1]);
        }
        new SwiftImageStoreProvider().create(new StoreContext("s", "catalog-a", Settings.of(m).scoped("store.s.")))
                .close();
    }

    private static void refused(String[] kv, String... fragments) {
        assertThatThrownBy(() -> create(kv)).isInstanceOf(CatalogConfigurationException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(fragments).doesNotContain(SECRET));
    }

    @Test
    void anUnknownKeyIsRefusedNamingItAndTheKeyItLooksLike() {
        refused(new String[] {"contianer", "images"}, "unknown setting 'store.s.contianer'",
                "did you mean 'store.s.container'?");
        refused(new String[] {"sweep-on-start", "false"}, "unknown setting 'store.s.sweep-on-start'", "swift store");
    }

    @Test
    void outOfRangeValuesAndMissingUnitsAreRefusedNamingTheKey() {
        refused(new String[] {"segments-in-flight", "65"}, "'store.s.segments-in-flight'", "from 1 to 64");
        refused(new String[] {"multiple-containers-seed", "33"}, "'store.s.multiple-containers-seed'", "from 0 to 32");
        refused(new String[] {"segment-size", "4GiB"}, "'store.s.segment-size'", "between 1B and");
        refused(new String[] {"segment-size", "67108864"}, "'store.s.segment-size'", "the unit is missing");
        refused(new String[] {"request-timeout", "300"}, "'store.s.request-timeout'", "the unit is missing");
        refused(new String[] {"auth-url", "ftp://x"}, "'store.s.auth-url'", "http or https URL");
    }

    @Test
    void secretsNeverAppearInAMessage() {
        refused(new String[] {"kye", SECRET}, "unknown setting 'store.s.kye'", "did you mean 'store.s.key'?");
        refused(new String[] {"auth", "token", "token", SECRET}, "missing required setting 'store.s.storage-url'");
        refused(new String[] {"auth", "password", "username", "u", "password", SECRET},
                "missing required setting 'store.s.project'");
        refused(new String[] {"auth", "application-credential", "application-credential-secret", SECRET},
                "missing required setting 'store.s.application-credential-id'");
    }
}
