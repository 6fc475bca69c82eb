package dev.imagecatalog.net;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Decides whether the catalog may fetch a user's URL, and pins the addresses it checked: Glance's
 * {@code validate_import_uri}, made stricter. In order: the URL is absolute {@code http} or {@code https} without
 * credentials; its scheme passes {@link AddressRules}; its host is a canonical IP literal or a plain DNS name (odd
 * forms such as {@code 2130706433}, {@code 127.1}, {@code 0177.0.0.1} or {@code 0x7f.1} are refused, not
 * interpreted) and passes the host lists; its port (or the scheme's default) passes the port lists; the host is
 * resolved once and EVERY address it resolves to must be an ordinary public address or lie in an allowed network.
 * Loopback, private, shared, link-local, unique-local, site-local, multicast, unspecified, reserved and documentation
 * addresses, the cloud metadata addresses, and IPv6 addresses carrying any of these IPv4 addresses (mapped,
 * compatible, translated, NAT64, 6to4, Teredo) are refused.
 *
 * <p>The answer, a {@link CheckedUrl}, carries the checked addresses: {@link PinnedHttpClient} connects to one of
 * them, so a name that resolves differently a moment later (DNS rebinding) cannot move the connection. Each redirect
 * target is checked again with {@link #checkRedirect}.
 *
 * <p>Thread-safe and without state besides its rules and resolver.
 */
public final class AddressGuard {
    private static final int SHOWN_URL = 200;

    private final AddressRules rules;
    private final HostResolver resolver;

    /**
     * A guard applying {@code rules}, resolving names with {@code resolver}.
     *
     * @param rules    what is let through
     * @param resolver how names become addresses
     */
    public AddressGuard(AddressRules rules, HostResolver resolver) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /**
     * A guard applying {@code rules} with the system's resolver.
     *
     * @param rules what is let through
     * @return the guard
     */
    public static AddressGuard of(AddressRules rules) {
        return new AddressGuard(rules, HostResolver.system());
    }

    /**
     * The rules this guard applies.
     *
     * @return the rules
     */
    public AddressRules rules() {
        return rules;
    }

    /**
     * Checks {@code url} and resolves its host.
     *
     * @param url an absolute {@code http} or {@code https} URL
     * @return the URL with its checked addresses
     * @throws AddressRefusedException if a rule refuses it, naming the rule
     */
    public CheckedUrl check(String url) {
        if (url == null) {
            throw new AddressRefusedException("no URL given");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw refused(url, "it is not a valid URI (" + e.getReason() + ")");
        }
        return check(uri);
    }

    /**
     * Checks the target of a redirect from {@code from}.
     *
     * @param from     the URL that answered with a redirect
     * @param location its {@code Location} header, absolute or relative to {@code from}
     * @return the target with its checked addresses
     * @throws AddressRefusedException if a rule refuses the target
     */
    public CheckedUrl checkRedirect(CheckedUrl from, String location) {
        try {
            return check(from.uri().resolve(new URI(location)));
        } catch (URISyntaxException e) {
            throw refused(location, "the redirect from " + shown(from.uri().toString())
                    + " is not a valid URI (" + e.getReason() + ")");
        }
    }

    /**
     * Checks {@code uri} and resolves its host.
     *
     * @param uri an absolute {@code http} or {@code https} URL
     * @return the URL with its checked addresses
     * @throws AddressRefusedException if a rule refuses it, naming the rule
     */
    public CheckedUrl check(URI uri) {
        String text = uri.toString();
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw refused(text, "only http and https URLs can be read");
        }
        if (uri.isOpaque() || uri.getRawAuthority() == null) {
            throw refused(text, "it is not an absolute URL with a host");
        }
        if (!AddressRules.passes(scheme, rules.allowedSchemes(), rules.disallowedSchemes())) {
            throw refused(text, "scheme " + scheme + " is not allowed (allowed-schemes, disallowed-schemes)");
        }
        String authority = uri.getRawAuthority();
        if (authority.indexOf('@') >= 0) {
            throw refused(text, "a URL with credentials is refused (a location never holds credentials)");
        }
        int portStart = authority.startsWith("[") ? authority.indexOf(':', authority.indexOf(']'))
                : authority.lastIndexOf(':');
        String hostText = portStart < 0 ? authority : authority.substring(0, portStart);
        int port = scheme.equals("https") ? 443 : 80;
        if (portStart >= 0 && portStart < authority.length() - 1) {
            String p = authority.substring(portStart + 1);
            if (!p.matches("[0-9]{1,5}") || Integer.parseInt(p) < 1 || Integer.parseInt(p) > 65535) {
                throw refused(text, "the port is not a number from 1 to 65535");
            }
            port = Integer.parseInt(p);
        }
        InetAddress literal = HostSyntax.literal(hostText);
        String host;
        try {
            host = AddressRules.canonicalHost(hostText);
        } catch (IllegalArgumentException e) {
            throw refused(text, "its host is not " + e.getMessage());
        }
        if (!AddressRules.passes(host, rules.allowedHosts(), rules.disallowedHosts())) {
            throw refused(text, "host " + host + " is not allowed (allowed-hosts, disallowed-hosts)");
        }
        if (!AddressRules.passes(port, rules.allowedPorts(), rules.disallowedPorts())) {
            throw refused(text, "port " + port + " is not allowed (allowed-ports, disallowed-ports)");
        }
        List<InetAddress> addresses = literal != null ? List.of(literal) : resolve(text, host);
        for (InetAddress a : addresses) {
            String why = rules.allowedNetworks().stream().anyMatch(n -> n.contains(a)) ? null
                    : SpecialAddresses.whyRefused(a);
            if (why != null) {
                throw refused(text, (literal != null ? "" : host + " resolves to ") + a.getHostAddress() + ", " + why
                        + " (allowed-networks opens a block)");
            }
        }
        return new CheckedUrl(uri, literal != null ? hostText.toLowerCase(Locale.ROOT) : host, port, addresses);
    }

    private List<InetAddress> resolve(String text, String host) {
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw refused(text, "host " + host + " does not resolve");
        }
        if (addresses == null || addresses.isEmpty()) {
            throw refused(text, "host " + host + " does not resolve");
        }
        return addresses;
    }

    private static AddressRefusedException refused(String url, String why) {
        return new AddressRefusedException("URL " + shown(url) + " refused: " + why);
    }

    private static String shown(String url) {
        return url.length() <= SHOWN_URL ? url : url.substring(0, SHOWN_URL) + "...";
    }
}
