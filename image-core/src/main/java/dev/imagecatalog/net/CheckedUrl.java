package dev.imagecatalog.net;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A URL the {@link AddressGuard} accepted, with the addresses it checked: a connection for this URL goes to one of
 * {@link #addresses()} and never looks the host up again.
 *
 * @param uri       the URL as given (absolute, {@code http} or {@code https})
 * @param host      the host as the URL writes it, lower-case (an IPv6 literal in brackets): the {@code Host}
 *                  header, the TLS server name and the name the certificate must match
 * @param port      the port the URL names, or its scheme's default
 * @param addresses every address {@code host} resolved to, each checked; never empty
 */
public record CheckedUrl(URI uri, String host, int port, List<InetAddress> addresses) {

    /**
     * Copies the address list.
     *
     * @param uri       the URL
     * @param host      the host as written, lower-case
     * @param port      the effective port
     * @param addresses the checked addresses, at least one
     * @throws IllegalArgumentException if {@code addresses} is empty
     */
    public CheckedUrl {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(host, "host");
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("a checked URL has at least one address");
        }
    }

    /**
     * Whether the connection uses TLS.
     *
     * @return true for {@code https}
     */
    public boolean tls() {
        return "https".equalsIgnoreCase(uri.getScheme());
    }

    /**
     * Whether {@link #host()} is an IP literal rather than a DNS name (a literal sends no TLS server name).
     *
     * @return true for {@code a.b.c.d} and {@code [ipv6]}
     */
    public boolean hostIsLiteral() {
        return host.startsWith("[") || HostSyntax.literal(host) != null;
    }

    /**
     * The {@code Host} header: the host, and the port when it is not the scheme's default.
     *
     * @return {@code host} or {@code host:port}
     */
    public String hostHeader() {
        return port == (tls() ? 443 : 80) ? host : host + ":" + port;
    }

    /**
     * The request target: the raw path (or {@code /}) and query, without the fragment.
     *
     * @return what follows the method in the request line
     */
    public String requestTarget() {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
