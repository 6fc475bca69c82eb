package dev.imagecatalog.store.swift;

import dev.imagecatalog.config.Setting;
import dev.imagecatalog.config.Settings;
import dev.imagecatalog.config.SettingsSpec;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageStoreProvider;
import dev.imagecatalog.spi.StoreContext;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Provides the OpenStack Swift store, type {@code swift}. Settings (under {@code store.<id>.}) are declared below and
 * tabled in the module README; any other key is refused, naming it. The essentials:
 *
 * <ul>
 *   <li>{@code auth} = {@code tempauth} (default) | {@code password} | {@code application-credential} |
 *       {@code token}</li>
 *   <li>{@code auth-url}; {@code user} + {@code key} (TempAuth); {@code username}, {@code password},
 *       {@code project}, {@code user-domain}, {@code project-domain} (Keystone password);
 *       {@code application-credential-id} + {@code application-credential-secret}; {@code token} +
 *       {@code storage-url} (pre-issued token)</li>
 *   <li>{@code container} (default {@code glance}), {@code large-object-threshold}, {@code segment-size},
 *       {@code segments-in-flight}, {@code create-containers}, {@code multiple-containers-seed}</li>
 * </ul>
 */
public final class SwiftImageStoreProvider implements ImageStoreProvider {

    /** The store type and location scheme. */
    public static final String TYPE = "swift";

    private static final Duration ONE_MS = Duration.ofMillis(1);
    static final Setting<String> AUTH = Setting.choice("auth", "tempauth", "password", "application-credential",
            "token").defaultValue("tempauth");
    static final Setting<URI> AUTH_URL = url("auth-url");
    static final Setting<String> USER = Setting.string("user");
    static final Setting<String> KEY = Setting.string("key").secret();
    static final Setting<String> USERNAME = Setting.string("username");
    static final Setting<String> PASSWORD = Setting.string("password").secret();
    static final Setting<String> PROJECT = Setting.string("project");
    static final Setting<String> USER_DOMAIN = Setting.string("user-domain").defaultValue("Default");
    static final Setting<String> PROJECT_DOMAIN = Setting.string("project-domain").defaultValue("Default");
    static final Setting<String> APP_CREDENTIAL_ID = Setting.string("application-credential-id");
    static final Setting<String> APP_CREDENTIAL_SECRET = Setting.string("application-credential-secret").secret();
    static final Setting<String> TOKEN = Setting.string("token").secret();
    static final Setting<URI> STORAGE_URL = url("storage-url");
    static final Setting<String> REGION = Setting.string("region");
    static final Setting<String> INTERFACE = Setting.choice("interface", "public", "internal", "admin")
            .defaultValue("public");
    static final Setting<String> SERVICE_TYPE = Setting.string("service-type").defaultValue("object-store");
    static final Setting<String> CONTAINER = Setting.of("container", "container name", v -> {
        if (v.contains("/")) {
            throw new IllegalArgumentException("a container name without '/'");
        }
        return v;
    }).defaultValue("glance");
    static final Setting<String> SEGMENTS_CONTAINER = Setting.string("segments-container");
    static final Setting<Integer> CONTAINERS_SEED = Setting.integer("multiple-containers-seed").range(0, 32)
            .defaultValue(0);
    static final Setting<Boolean> CREATE_CONTAINERS = Setting.bool("create-containers").defaultValue(false);
    static final Setting<Long> SEGMENT_SIZE = Setting.size("segment-size").range(1L, Integer.MAX_VALUE - 64L)
            .defaultValue(64L << 20);
    static final Setting<Long> LARGE_OBJECT_THRESHOLD = Setting.size("large-object-threshold").atLeast(0L);
    static final Setting<Integer> SEGMENTS_IN_FLIGHT = Setting.integer("segments-in-flight").range(1, 64)
            .defaultValue(4);
    static final Setting<Integer> DOWNLOAD_RETRIES = Setting.integer("download-retries").atLeast(0).defaultValue(3);
    static final Setting<Duration> TOKEN_REFRESH_MARGIN = Setting.duration("token-refresh-margin")
            .atLeast(Duration.ZERO).defaultValue(Duration.ofSeconds(60));
    static final Setting<Duration> REQUEST_TIMEOUT = Setting.duration("request-timeout").atLeast(ONE_MS)
            .defaultValue(Duration.ofMinutes(5));
    static final Setting<Duration> CONNECT_TIMEOUT = Setting.duration("connect-timeout").atLeast(ONE_MS)
            .defaultValue(Duration.ofSeconds(10));
    /** Every key of a Swift store; any other under {@code store.<id>.} is refused. */
    static final SettingsSpec SPEC = SettingsSpec.of("swift store", Setting.PLUGIN_TYPE, AUTH, AUTH_URL, USER, KEY,
            USERNAME, PASSWORD, PROJECT, USER_DOMAIN, PROJECT_DOMAIN, APP_CREDENTIAL_ID, APP_CREDENTIAL_SECRET, TOKEN,
            STORAGE_URL, REGION, INTERFACE, SERVICE_TYPE, CONTAINER, SEGMENTS_CONTAINER, CONTAINERS_SEED,
            CREATE_CONTAINERS, SEGMENT_SIZE, LARGE_OBJECT_THRESHOLD, SEGMENTS_IN_FLIGHT, DOWNLOAD_RETRIES,
            TOKEN_REFRESH_MARGIN, REQUEST_TIMEOUT, CONNECT_TIMEOUT);

    @Override
    public String type() {
        return TYPE;
    }

    /** Builds a store naming what it writes {@code <catalog id>/<image id>} and listing only such names. */
    @Override
    public ImageStore create(StoreContext context) {
        Settings s = SPEC.check(context.settings());
        String mode = s.value(AUTH);
        String region = s.optional(REGION).orElse(null);
        String endpointInterface = s.value(INTERFACE);
        String serviceType = s.value(SERVICE_TYPE);
        SwiftAuth auth;
        switch (mode) {
            case "tempauth":
                auth = new SwiftAuth.TempAuth(s.value(AUTH_URL.required()), s.value(USER.required()),
                        s.value(KEY.required()));
                break;
            case "password":
                auth = SwiftAuth.KeystoneAuth.password(s.value(AUTH_URL.required()).toString(),
                        s.value(USERNAME.required()), s.value(USER_DOMAIN), s.value(PASSWORD.required()),
                        s.value(PROJECT.required()), s.value(PROJECT_DOMAIN), serviceType, region, endpointInterface);
                break;
            case "application-credential":
                auth = SwiftAuth.KeystoneAuth.applicationCredential(s.value(AUTH_URL.required()).toString(),
                        s.value(APP_CREDENTIAL_ID.required()), s.value(APP_CREDENTIAL_SECRET.required()),
                        serviceType, region, endpointInterface);
                break;
            default:
                auth = new SwiftAuth.PreIssuedToken(s.value(TOKEN.required()),
                        s.value(STORAGE_URL.required()).toString());
                break;
        }
        long segmentSize = s.value(SEGMENT_SIZE);
        long threshold = s.optional(LARGE_OBJECT_THRESHOLD).orElse(segmentSize);
        if (threshold > segmentSize) {
            throw s.bad(LARGE_OBJECT_THRESHOLD, "a size no larger than segment-size (" + segmentSize
                    + " bytes): a single PUT is buffered whole");
        }
        String container = s.value(CONTAINER);
        SwiftImageStore.Config config = new SwiftImageStore.Config(
                container,
                s.optional(SEGMENTS_CONTAINER).orElse(container + "_segments"),
                s.value(CONTAINERS_SEED),
                s.value(CREATE_CONTAINERS),
                threshold,
                (int) segmentSize,
                s.value(SEGMENTS_IN_FLIGHT),
                s.value(DOWNLOAD_RETRIES),
                s.value(TOKEN_REFRESH_MARGIN),
                s.value(REQUEST_TIMEOUT),
                s.value(CONNECT_TIMEOUT),
                // endpoint override: up to, not including, the container (like swift_store_endpoint)
                "token".equals(mode) ? null : s.get(STORAGE_URL.key()).orElse(null),
                properties(s, container, segmentSize, threshold));
        return new SwiftImageStore(context.storeId(), context.catalogId(), auth, config);
    }

    /**
     * The settings an administrator may see, as in effect (sizes in bytes): {@code auth}, {@code auth-url} and
     * {@code storage-url} (when set, without user info or query), {@code region} (when set), {@code container},
     * {@code segments-container}, {@code segment-size}, {@code large-object-threshold}, {@code segments-in-flight}.
     * Never a user name, password, key, token or application credential.
     */
    static Map<String, String> properties(Settings s, String container, long segmentSize, long threshold) {
        Map<String, String> p = new TreeMap<>();
        p.put(AUTH.key(), s.value(AUTH));
        s.optional(AUTH_URL).ifPresent(u -> p.put(AUTH_URL.key(), withoutCredentials(u)));
        s.optional(STORAGE_URL).ifPresent(u -> p.put(STORAGE_URL.key(), withoutCredentials(u)));
        s.optional(REGION).ifPresent(r -> p.put(REGION.key(), r));
        p.put(CONTAINER.key(), container);
        p.put(SEGMENTS_CONTAINER.key(), s.optional(SEGMENTS_CONTAINER).orElse(container + "_segments"));
        p.put(SEGMENT_SIZE.key(), Long.toString(segmentSize));
        p.put(LARGE_OBJECT_THRESHOLD.key(), Long.toString(threshold));
        p.put(SEGMENTS_IN_FLIGHT.key(), Integer.toString(s.value(SEGMENTS_IN_FLIGHT)));
        return Collections.unmodifiableMap(p);
    }

    /** {@code url} without user info, query or fragment. */
    private static String withoutCredentials(URI url) {
        try {
            return new URI(url.getScheme(), null, url.getHost(), url.getPort(), url.getPath(), null, null).toString();
        } catch (java.net.URISyntaxException e) {
            return url.getScheme() + "://" + url.getHost();
        }
    }

    private static Setting<URI> url(String key) {
        return Setting.of(key, "URL", v -> {
            try {
                URI u = URI.create(v);
                if (u.getScheme() != null && (u.getScheme().equals("http") || u.getScheme().equals("https"))) {
                    return u;
                }
            } catch (IllegalArgumentException e) {
                // refused below
            }
            throw new IllegalArgumentException("an http or https URL");
        });
    }
}
