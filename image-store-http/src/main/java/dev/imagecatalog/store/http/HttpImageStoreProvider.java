package dev.imagecatalog.store.http;

import dev.imagecatalog.config.Setting;
import dev.imagecatalog.config.Settings;
import dev.imagecatalog.config.SettingsSpec;
import dev.imagecatalog.net.AddressGuard;
import dev.imagecatalog.net.AddressRules;
import dev.imagecatalog.net.PinnedHttpClient;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageStoreProvider;
import dev.imagecatalog.spi.StoreContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Provides the read-only http store, type {@code http} (Glance's http store). Settings (under {@code store.<id>.})
 * are declared below and tabled in the module README: the address rules of {@link AddressRules} ({@code
 * allowed-schemes}, {@code disallowed-schemes}, {@code allowed-hosts}, {@code disallowed-hosts}, {@code
 * allowed-ports}, {@code disallowed-ports}, {@code allowed-networks}), {@code connect-timeout}, {@code
 * read-timeout}, {@code max-redirects}, {@code retries} and {@code retry-delay}. None is secret: a URL with
 * credentials is refused.
 */
public final class HttpImageStoreProvider implements ImageStoreProvider {

    /** The store type and location scheme. */
    public static final String TYPE = "http";

    static final Setting<Duration> CONNECT_TIMEOUT = Setting.duration("connect-timeout")
            .range(Duration.ofMillis(1), Duration.ofDays(1)).defaultValue(Duration.ofSeconds(10));
    static final Setting<Duration> READ_TIMEOUT = Setting.duration("read-timeout")
            .range(Duration.ofMillis(1), Duration.ofDays(1)).defaultValue(Duration.ofSeconds(60));
    static final Setting<Integer> MAX_REDIRECTS = Setting.integer("max-redirects").range(0, 20).defaultValue(5);
    static final Setting<Integer> RETRIES = Setting.integer("retries").range(0, 10).defaultValue(3);
    static final Setting<Duration> RETRY_DELAY = Setting.duration("retry-delay")
            .range(Duration.ZERO, Duration.ofMinutes(5)).defaultValue(Duration.ofSeconds(1));

    /** Every key of an http store; any other under {@code store.<id>.} is refused. */
    static final SettingsSpec SPEC = SettingsSpec.of("http store", settings());

    private static Setting<?>[] settings() {
        List<Setting<?>> all = new ArrayList<>(List.of(Setting.PLUGIN_TYPE, CONNECT_TIMEOUT, READ_TIMEOUT,
                MAX_REDIRECTS, RETRIES, RETRY_DELAY));
        all.addAll(AddressRules.SETTINGS);
        return all.toArray(Setting<?>[]::new);
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** Builds a store reading the URLs its address rules allow, with the system's resolver and trust store. */
    @Override
    public ImageStore create(StoreContext context) {
        Settings s = SPEC.check(context.settings());
        AddressGuard guard = AddressGuard.of(AddressRules.from(s));
        PinnedHttpClient client = new PinnedHttpClient(guard, s.value(CONNECT_TIMEOUT), s.value(READ_TIMEOUT),
                s.value(MAX_REDIRECTS), PinnedHttpClient.defaultTls());
        return new HttpImageStore(context.storeId(), client, s.value(RETRIES), s.value(RETRY_DELAY));
    }
}
