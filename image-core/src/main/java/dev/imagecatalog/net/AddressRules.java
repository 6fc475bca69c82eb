package dev.imagecatalog.net;

import dev.imagecatalog.config.Setting;
import dev.imagecatalog.config.Settings;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * What the {@link AddressGuard} lets through, as Glance's {@code [import_filtering_opts]}: allowed or disallowed
 * schemes, hosts and ports (an allow-list, when not empty, makes its deny-list unused), plus the networks an operator
 * explicitly opens although they are loopback, private, link-local or otherwise special.
 *
 * <p>Read from settings with {@link #from(Settings)} ({@link #SETTINGS} declares the keys, relative to the caller's
 * prefix, for its {@link dev.imagecatalog.config.SettingsSpec}); {@code *} as a value of an allow-list means "no
 * allow-list".
 *
 * @param allowedSchemes    the only schemes accepted, lower-case; empty: any of {@code http}, {@code https} not
 *                          disallowed
 * @param disallowedSchemes schemes refused when {@code allowedSchemes} is empty
 * @param allowedHosts      the only hosts accepted (lower-case names, canonical IP literals); empty: any not
 *                          disallowed
 * @param disallowedHosts   hosts refused when {@code allowedHosts} is empty
 * @param allowedPorts      the only ports accepted (the URL's port or its scheme's default); empty: any not
 *                          disallowed
 * @param disallowedPorts   ports refused when {@code allowedPorts} is empty
 * @param allowedNetworks   address blocks accepted although special (loopback, private, link-local, metadata...)
 */
public record AddressRules(Set<String> allowedSchemes, Set<String> disallowedSchemes, Set<String> allowedHosts,
                           Set<String> disallowedHosts, Set<Integer> allowedPorts, Set<Integer> disallowedPorts,
                           List<IpNetwork> allowedNetworks) {

    /** {@code allowed-schemes}: default {@code http, https}; {@code *} for none. */
    public static final Setting<Set<String>> ALLOWED_SCHEMES = words("allowed-schemes")
            .defaultValue(Set.of("http", "https"));
    /** {@code disallowed-schemes}: used when {@code allowed-schemes} is {@code *}. */
    public static final Setting<Set<String>> DISALLOWED_SCHEMES = words("disallowed-schemes").defaultValue(Set.of());
    /** {@code allowed-hosts}: default none ({@code *}). */
    public static final Setting<Set<String>> ALLOWED_HOSTS = hosts("allowed-hosts").defaultValue(Set.of());
    /** {@code disallowed-hosts}: used when {@code allowed-hosts} is {@code *}. */
    public static final Setting<Set<String>> DISALLOWED_HOSTS = hosts("disallowed-hosts").defaultValue(Set.of());
    /** {@code allowed-ports}: default {@code 80, 443}; {@code *} for none. */
    public static final Setting<Set<Integer>> ALLOWED_PORTS = ports("allowed-ports").defaultValue(Set.of(80, 443));
    /** {@code disallowed-ports}: used when {@code allowed-ports} is {@code *}. */
    public static final Setting<Set<Integer>> DISALLOWED_PORTS = ports("disallowed-ports").defaultValue(Set.of());
    /** {@code allowed-networks}: CIDR blocks accepted although special; default none. */
    public static final Setting<List<IpNetwork>> ALLOWED_NETWORKS = Setting.of("allowed-networks",
            "comma-separated CIDR blocks", v -> List.copyOf(items(v, IpNetwork::parse))).defaultValue(List.of());

    /** Every key {@link #from} reads, for the caller's {@link dev.imagecatalog.config.SettingsSpec}. */
    public static final List<Setting<?>> SETTINGS = List.of(ALLOWED_SCHEMES, DISALLOWED_SCHEMES, ALLOWED_HOSTS,
            DISALLOWED_HOSTS, ALLOWED_PORTS, DISALLOWED_PORTS, ALLOWED_NETWORKS);

    /** Glance's defaults: {@code http} and {@code https} on ports 80 and 443, any public host, no special network. */
    public static final AddressRules DEFAULTS = new AddressRules(Set.of("http", "https"), Set.of(), Set.of(),
            Set.of(), Set.of(80, 443), Set.of(), List.of());

    /**
     * Copies the collections.
     *
     * @param allowedSchemes    the only schemes accepted; empty for any not disallowed
     * @param disallowedSchemes schemes refused when there is no allow-list
     * @param allowedHosts      the only hosts accepted; empty for any not disallowed
     * @param disallowedHosts   hosts refused when there is no allow-list
     * @param allowedPorts      the only ports accepted; empty for any not disallowed
     * @param disallowedPorts   ports refused when there is no allow-list
     * @param allowedNetworks   special address blocks accepted
     */
    public AddressRules {
        allowedSchemes = Set.copyOf(allowedSchemes);
        disallowedSchemes = Set.copyOf(disallowedSchemes);
        allowedHosts = Set.copyOf(allowedHosts);
        disallowedHosts = Set.copyOf(disallowedHosts);
        allowedPorts = Set.copyOf(allowedPorts);
        disallowedPorts = Set.copyOf(disallowedPorts);
        allowedNetworks = List.copyOf(allowedNetworks);
    }

    /**
     * The rules in {@code settings} (keys of {@link #SETTINGS}, relative to its prefix); absent keys take their
     * defaults.
     *
     * @param settings the caller's scoped settings, already checked against its spec
     * @return the rules
     * @throws dev.imagecatalog.error.CatalogConfigurationException naming a key whose value is bad
     */
    public static AddressRules from(Settings settings) {
        return new AddressRules(settings.value(ALLOWED_SCHEMES), settings.value(DISALLOWED_SCHEMES),
                settings.value(ALLOWED_HOSTS), settings.value(DISALLOWED_HOSTS), settings.value(ALLOWED_PORTS),
                settings.value(DISALLOWED_PORTS), settings.value(ALLOWED_NETWORKS));
    }

    /**
     * These rules with more networks opened.
     *
     * @param networks CIDR blocks to accept although special
     * @return a copy accepting them too
     */
    public AddressRules allowingNetworks(List<IpNetwork> networks) {
        List<IpNetwork> all = new ArrayList<>(allowedNetworks);
        all.addAll(networks);
        return new AddressRules(allowedSchemes, disallowedSchemes, allowedHosts, disallowedHosts, allowedPorts,
                disallowedPorts, all);
    }

    /**
     * These rules with another port allow-list.
     *
     * @param ports the only ports accepted; empty for any not disallowed
     * @return a copy with that allow-list
     */
    public AddressRules allowingPorts(Set<Integer> ports) {
        return new AddressRules(allowedSchemes, disallowedSchemes, allowedHosts, disallowedHosts, ports,
                disallowedPorts, allowedNetworks);
    }

    /** Whether {@code value} passes an allow-list (when not empty) or else a deny-list. */
    static <T> boolean passes(T value, Set<T> allowed, Set<T> disallowed) {
        return allowed.isEmpty() ? !disallowed.contains(value) : allowed.contains(value);
    }

    /** The canonical form a host takes in the host lists and in comparisons. */
    static String canonicalHost(String host) {
        java.net.InetAddress literal = HostSyntax.literal(host);
        if (literal != null) {
            String a = literal.getHostAddress();
            return a.indexOf(':') >= 0 ? "[" + a + "]" : a;
        }
        return HostSyntax.dnsName(host);
    }

    private static Setting<Set<String>> words(String key) {
        return Setting.of(key, "comma-separated list or *",
                v -> star(v) ? Set.of() : items(v, w -> w.toLowerCase(Locale.ROOT)));
    }

    private static Setting<Set<String>> hosts(String key) {
        return Setting.of(key, "comma-separated host names or IP addresses, or *", v -> star(v) ? Set.of()
                : items(v, h -> canonicalHost(h.indexOf(':') >= 0 && !h.startsWith("[") ? "[" + h + "]" : h)));
    }

    private static Setting<Set<Integer>> ports(String key) {
        return Setting.of(key, "comma-separated ports (1 to 65535) or *", v -> star(v) ? Set.of() : items(v, p -> {
            if (!p.matches("[0-9]{1,5}") || Integer.parseInt(p) < 1 || Integer.parseInt(p) > 65535) {
                throw new IllegalArgumentException("ports from 1 to 65535, or *: " + p);
            }
            return Integer.parseInt(p);
        }));
    }

    private static boolean star(String v) {
        return v.trim().equals("*");
    }

    private static <T> Set<T> items(String v, Function<String, T> parse) {
        Set<T> out = new LinkedHashSet<>();
        for (String item : v.split(",")) {
            if (!item.isBlank()) {
                out.add(parse.apply(item.trim()));
            }
        }
        return out;
    }
}
