package dev.imagecatalog.server;

import dev.imagecatalog.config.Setting;
import dev.imagecatalog.config.Settings;
import dev.imagecatalog.config.SettingsSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Every {@code server.*} setting, declared once. The rest of a server's settings are the catalog's and go to
 * {@link dev.imagecatalog.ImageCatalog.Builder} unchanged.
 */
final class ServerSettings {
    static final String PREFIX = "server.";

    static final Setting<String> HOST = Setting.string("host").defaultValue("127.0.0.1");
    static final Setting<Integer> PORT = Setting.integer("port").range(0, 65535).defaultValue(9292);
    static final Setting<String> AUTH = Setting.choice("auth", "noauth", "keystone").defaultValue("noauth");
    static final Setting<Integer> THREADS = Setting.integer("threads").range(8, 10_000).defaultValue(200);
    static final Setting<Duration> IDLE_TIMEOUT = Setting.duration("idle-timeout").atLeast(Duration.ofMillis(1))
            .defaultValue(Duration.ofSeconds(60));
    static final Setting<Duration> STOP_TIMEOUT = Setting.duration("stop-timeout").atLeast(Duration.ZERO)
            .defaultValue(Duration.ofSeconds(5));
    /** Glance's (oslo.middleware's) {@code max_request_body_size} for JSON bodies. */
    static final Setting<Long> MAX_JSON_BYTES = Setting.size("max-json-bytes").range(1024L, 64L << 20)
            .defaultValue(114_688L);
    /** Glance's {@code max_header_line}. */
    static final Setting<Long> MAX_HEADER_BYTES = Setting.size("max-header-bytes").range(1024L, 1L << 20)
            .defaultValue(16_384L);

    static final SettingsSpec SPEC = SettingsSpec.of("image-server", HOST, PORT, AUTH, THREADS, IDLE_TIMEOUT,
            STOP_TIMEOUT, MAX_JSON_BYTES, MAX_HEADER_BYTES).withOpenPrefix("keystone.");

    private ServerSettings() {
    }

    /** Splits all settings into the server's (prefix removed, checked) and the catalog's. */
    static Settings server(Map<String, String> all, java.nio.file.Path baseDirectory) {
        return SPEC.check(Settings.of(all, baseDirectory).scoped(PREFIX));
    }

    /** {@return the settings that are not the server's} */
    static Map<String, String> catalog(Map<String, String> all) {
        Map<String, String> rest = new HashMap<>();
        all.forEach((k, v) -> {
            if (!k.startsWith(PREFIX)) {
                rest.put(k, v);
            }
        });
        return rest;
    }
}
