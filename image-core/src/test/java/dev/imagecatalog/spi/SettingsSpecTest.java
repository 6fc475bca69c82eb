package dev.imagecatalog.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.config.Setting;
import dev.imagecatalog.config.Settings;
import dev.imagecatalog.config.SettingsSpec;
import dev.imagecatalog.error.CatalogConfigurationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one settings reader: declared keys, units, ranges, unknown keys and secrets. */
class SettingsSpecTest {
    private static final Setting<Long> PART = Setting.size("part-size").range(5L << 20, 1L << 30).defaultValue(16L << 20);
    private static final Setting<Integer> COUNT = Setting.integer("count").range(1, 64).defaultValue(4);
    private static final Setting<Duration> TIMEOUT = Setting.duration("timeout").atLeast(Duration.ofMillis(250))
            .defaultValue(Duration.ofSeconds(30));
    private static final Setting<String> PASSWORD = Setting.string("password").secret();
    private static final Setting<Integer> PIN = Setting.integer("pin").range(1000, 9999).secret();
    private static final Setting<String> NAME = Setting.string("name").required();
    private static final SettingsSpec SPEC = SettingsSpec.of("test store", Setting.PLUGIN_TYPE, PART, COUNT, TIMEOUT,
            PASSWORD, PIN, NAME).withOpenPrefix("extra.");

    private static Settings store(String... kv) {
        Map<String, String> m = new java.util.HashMap<>(Map.of("store.t.type", "test", "store.t.name", "n"));
        for (int i = 0; i < kv.length; i += 2) {
            m.put("store.t." + kv[i], kv[i + 1]);
        }
        return Settings.of(m).scoped("store.t.");
    }

    private static void refused(Settings s, String... fragments) {
        assertThatThrownBy(() -> SPEC.check(s)).isInstanceOf(CatalogConfigurationException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(fragments));
    }

    @Test
    void valuesAreParsedWithTheirUnitsAndDefaultsApply() {
        Settings s = SPEC.check(store("part-size", "8MiB", "timeout", "2m", "extra.anything", "x"));
        assertThat(s.value(PART)).isEqualTo(8L << 20);
        assertThat(s.value(TIMEOUT)).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.value(COUNT)).isEqualTo(4);
        assertThat(s.optional(PASSWORD)).isEmpty();
        assertThat(Settings.of(Map.of("s", "1GB")).value(Setting.size("s"))).isEqualTo(1_000_000_000L);
        assertThat(Settings.of(Map.of("s", "0")).value(Setting.size("s"))).isZero();
        assertThat(Settings.of(Map.of("d", "PT1.5S")).value(Setting.duration("d"))).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void anUnknownKeyIsRefusedNamingItAndTheNearestKnownKey() {
        refused(store("part-sise", "8MiB"), "'store.t.part-sise'", "did you mean 'store.t.part-size'?");
        refused(store("bucket", "b"), "unknown setting 'store.t.bucket'", "no such setting of the test store");
        assertThatThrownBy(() -> SPEC.check(store("bucket", "b"))).hasMessageNotContaining("did you mean");
    }

    @Test
    void outOfRangeValuesAreRefusedNamingTheKeyAndTheRange() {
        refused(store("part-size", "4MiB"), "'store.t.part-size' = '4MiB'", "between 5MiB and 1GiB");
        refused(store("count", "65"), "'store.t.count'", "from 1 to 64");
        refused(store("timeout", "100ms"), "'store.t.timeout'", "at least 250ms");
    }

    @Test
    void aMissingUnitIsRefusedNamingTheKey() {
        refused(store("part-size", "8388608"), "'store.t.part-size'", "the unit is missing");
        refused(store("timeout", "30"), "'store.t.timeout'", "the unit is missing");
        refused(store("part-size", "8 parsecs"), "'store.t.part-size'", "size unit");
    }

    @Test
    void aRequiredKeyIsNamedWhenMissing() {
        Settings noName = Settings.of(Map.of("store.t.type", "test")).scoped("store.t.");
        refused(noName, "missing required setting 'store.t.name'");
    }

    @Test
    void secretsNeverAppearInAMessage() {
        String secret = "s3cr3t-Value-4711";
        // a typo of a secret key: the key is named, its value is not
        assertThatThrownBy(() -> SPEC.check(store("passwrd", secret)))
                .hasMessageContaining("'store.t.passwrd'").hasMessageContaining("'store.t.password'")
                .hasMessageNotContaining(secret);
        // a secret that does not parse or is out of range
        assertThatThrownBy(() -> SPEC.check(store("pin", secret))).hasMessageContaining("'store.t.pin'")
                .hasMessageNotContaining(secret);
        assertThatThrownBy(() -> SPEC.check(store("pin", "12"))).hasMessageContaining("'store.t.pin'")
                .hasMessageNotContaining("'12'");
        // a module's own check on a secret key
        Settings checked = SPEC.check(store("password", secret));
        assertThat(checked.value(PASSWORD)).isEqualTo(secret);
        assertThat(checked.bad("password", secret, "something else").getMessage()).contains("'store.t.password'")
                .doesNotContain(secret);
        assertThat(checked.bad(PASSWORD, "something else").getMessage()).doesNotContain(secret);
        assertThat(checked.toString()).doesNotContain(secret);
        // credentials inside a URL, whatever the key
        Setting<String> url = Setting.of("url", "URL", v -> {
            throw new IllegalArgumentException("a URL this module takes");
        });
        assertThatThrownBy(() -> Settings.of(Map.of("url", "https://admin:" + secret + "@host/x")).value(url))
                .hasMessageContaining("'url' = 'https://***@host/x'").hasMessageNotContaining(secret);
        assertThatThrownBy(() -> Settings.of(Map.of("url", "jdbc:x://h/db?user=a&password=" + secret)).value(url))
                .hasMessageContaining("user=a&password=***").hasMessageNotContaining(secret);
    }

    @Test
    void pathsResolveAgainstTheBaseDirectory() {
        Path base = Path.of("/etc/catalog");
        Settings s = Settings.of(Map.of("store.a.dir", "./data", "store.a.abs", "/srv/x"), base).scoped("store.a.");
        assertThat(s.value(Setting.path("dir").required())).isEqualTo(base.resolve("data"));
        assertThat(s.value(Setting.path("abs").required())).isEqualTo(Path.of("/srv/x"));
    }

    @Test
    void aSpecDescribesItsSettings() {
        assertThat(PART.type()).isEqualTo("size");
        assertThat(PART.range()).contains("5MiB to 1GiB");
        assertThat(PART.defaultValue()).contains(16L << 20);
        assertThat(PASSWORD.isSecret()).isTrue();
        assertThat(SPEC.accepts("extra.x")).isTrue();
        assertThat(SPEC.accepts("extra")).isFalse();
        assertThat(SPEC.settings()).extracting(Setting::key).contains("type", "part-size", "password");
        assertThatThrownBy(() -> SettingsSpec.of("x", COUNT, COUNT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SPEC.withOpenPrefix("")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Settings.of(Map.of("l", "a, b,,c")).value(Setting.list("l").required())).isEqualTo(List.of("a", "b", "c"));
    }
}
