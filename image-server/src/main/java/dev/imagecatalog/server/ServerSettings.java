package dev.imagecatalog.server;

import dev.imagecatalog.config.Setting;
import dev.imagecatalog.config.Settings;
import dev.imagecatalog.config.SettingsSpec;
import dev.imagecatalog.error.CatalogConfigurationException;
import dev.imagecatalog.server.auth.KeystoneConfig;
import java.net.URI;
import java.net.URISyntaxException;
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


    /** Keystone's identity endpoint (keystonemiddleware's {@code auth_url}); {@code /v3} is added when absent. */
    static final Setting<URI> KEYSTONE_URL = Setting.of("keystone.url", "http or https URL", ServerSettings::httpUrl);
    /** The uri of a 401's {@code WWW-Authenticate: Keystone uri="..."} ({@code www_authenticate_uri}); default: url. */
    static final Setting<URI> KEYSTONE_WWW_AUTHENTICATE_URI = Setting.of("keystone.www-authenticate-uri",
            "http or https URL", ServerSettings::httpUrl);
    static final Setting<String> KEYSTONE_USERNAME = Setting.string("keystone.username");
    static final Setting<String> KEYSTONE_PASSWORD = Setting.string("keystone.password").secret();
    /** The service user's project name ({@code project_name}). */
    static final Setting<String> KEYSTONE_PROJECT = Setting.string("keystone.project");
    static final Setting<String> KEYSTONE_USER_DOMAIN = Setting.string("keystone.user-domain").defaultValue("Default");
    static final Setting<String> KEYSTONE_PROJECT_DOMAIN = Setting.string("keystone.project-domain")
            .defaultValue("Default");
    /** How many validated tokens the cache keeps (keystonemiddleware's in-process cache has no bound); 0: none. */
    static final Setting<Long> KEYSTONE_CACHE_SIZE = Setting.longInteger("keystone.cache-size")
            .range(0L, 10_000_000L).defaultValue(10_000L);
    /** keystonemiddleware's {@code token_cache_time} (300 s); never past a token's {@code expires_at}. */
    static final Setting<Duration> KEYSTONE_CACHE_TTL = Setting.duration("keystone.cache-ttl").atLeast(Duration.ZERO)
            .defaultValue(Duration.ofMinutes(5));
    /** Connect and answer timeout of one call to Keystone. */
    static final Setting<Duration> KEYSTONE_TIMEOUT = Setting.duration("keystone.timeout")
            .range(Duration.ofMillis(1), Duration.ofMinutes(10)).defaultValue(Duration.ofSeconds(10));

    static final SettingsSpec SPEC = SettingsSpec.of("image-server", HOST, PORT, AUTH, THREADS, IDLE_TIMEOUT,
            STOP_TIMEOUT, MAX_JSON_BYTES, MAX_HEADER_BYTES, KEYSTONE_URL, KEYSTONE_WWW_AUTHENTICATE_URI,
            KEYSTONE_USERNAME, KEYSTONE_PASSWORD, KEYSTONE_PROJECT, KEYSTONE_USER_DOMAIN, KEYSTONE_PROJECT_DOMAIN,
            KEYSTONE_CACHE_SIZE, KEYSTONE_CACHE_TTL, KEYSTONE_TIMEOUT);

    private ServerSettings() {
    }

    /** Splits all settings into the server's (prefix removed, checked) and the catalog's. */
    static Settings server(Map<String, String> all, java.nio.file.Path baseDirectory) {
        return SPEC.check(Settings.of(all, baseDirectory).scoped(PREFIX));
    }

    /**
     * The Keystone settings {@code server.auth=keystone} needs.
     *
     * @param server the checked server settings
     * @return the configuration
     * @throws CatalogConfigurationException naming a required key that is missing
     */
    static KeystoneConfig keystone(Settings server) {
        URI url = requiredForKeystone(server, KEYSTONE_URL);
        return new KeystoneConfig(KeystoneConfig.identityEndpoint(url),
                server.optional(KEYSTONE_WWW_AUTHENTICATE_URI).orElse(url).toString(),
                requiredForKeystone(server, KEYSTONE_USERNAME), requiredForKeystone(server, KEYSTONE_PASSWORD),
                requiredForKeystone(server, KEYSTONE_PROJECT), server.value(KEYSTONE_USER_DOMAIN),
                server.value(KEYSTONE_PROJECT_DOMAIN), server.value(KEYSTONE_CACHE_SIZE),
                server.value(KEYSTONE_CACHE_TTL), server.value(KEYSTONE_TIMEOUT));
    }

    private static <T> T requiredForKeystone(Settings server, Setting<T> setting) {
        return server.optional(setting).orElseThrow(() -> new CatalogConfigurationException(
                "missing required setting '" + server.fullKey(setting.key()) + "' (server.auth=keystone)"));
    }

    private static URI httpUrl(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("an http or https URL");
        }
        if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("an http or https URL with a host, without user, query or fragment");
        }
        return uri;
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
