package dev.imagecatalog.internal;

import dev.imagecatalog.net.AddressGuard;
import dev.imagecatalog.net.AddressRules;
import dev.imagecatalog.net.HostResolver;
import dev.imagecatalog.net.IpNetwork;
import dev.imagecatalog.net.ScriptedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The counting loopback servers an SSRF suite fetches from, and a test resolver. {@link #origin} on
 * {@code 127.0.0.1} is the server a test may open ({@link #openOrigin}); {@link #other} on {@code 127.0.0.2},
 * {@link #v6} on {@code ::1} and {@link #closedPort} on {@code 127.0.0.1} (a port no rule allows) stand for the
 * forbidden places a URL or a redirect must never reach. The resolver knows a few {@code .test} names:
 * {@code mirror.test} (127.0.0.1), {@code loop.test} (127.0.0.1), {@code loop2.test} (127.0.0.2), {@code loop6.test}
 * (::1), {@code mixed.test} (a public and a private address), {@code mixed-loop.test} (a public and a loopback
 * address), {@code meta.test} and {@code 169.254.169.254.nip.io} (the metadata address), {@code rebind.test}
 * (127.0.0.1 at its first lookup, 127.0.0.2 after); {@code localhost} as the system resolves it.
 */
final class SsrfServers implements AutoCloseable {
    static final String PUBLIC = "93.184.216.34";

    final ScriptedServer origin;
    final ScriptedServer other;
    final ScriptedServer v6;
    final ScriptedServer closedPort;
    private final Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();

    SsrfServers() throws IOException {
        origin = new ScriptedServer(ip("127.0.0.1"));
        other = new ScriptedServer(ip("127.0.0.2"));
        v6 = new ScriptedServer(ip("::1"));
        closedPort = new ScriptedServer(ip("127.0.0.1"));
    }

    /** Every request any of the servers received. */
    int total() {
        return origin.total() + other.total() + v6.total() + closedPort.total();
    }

    /** How many times the resolver was asked for {@code name}. */
    int lookups(String name) {
        AtomicInteger n = lookups.get(name);
        return n == null ? 0 : n.get();
    }

    /** The test resolver (counting lookups). */
    final HostResolver resolver = name -> {
        int n = lookups.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
        return switch (name) {
            case "mirror.test", "loop.test" -> List.of(ip("127.0.0.1"));
            case "loop2.test" -> List.of(ip("127.0.0.2"));
            case "loop6.test" -> List.of(ip("::1"));
            case "mixed.test" -> List.of(ip(PUBLIC), ip("10.0.0.1"));
            case "mixed-loop.test" -> List.of(ip(PUBLIC), ip("127.0.0.1"));
            case "meta.test", "169.254.169.254.nip.io" -> List.of(ip("169.254.169.254"));
            case "rebind.test" -> List.of(ip(n == 1 ? "127.0.0.1" : "127.0.0.2"));
            case "localhost" -> HostResolver.system().resolve(name);
            default -> throw new UnknownHostException(name);
        };
    };

    /**
     * Glance's default rules with the test servers' ports allowed too (so a loopback URL is refused for its
     * address, not its port): nothing special opened.
     */
    AddressRules portsOpened() {
        return AddressRules.DEFAULTS.allowingPorts(Set.of(80, 443, origin.port(), other.port(), v6.port()));
    }

    /**
     * Rules opening the origin alone, as an operator allowing one internal mirror would: {@code 127.0.0.1/32} in
     * the allowed networks; the ports of the origin and of the forbidden servers on other addresses allowed (their
     * addresses refuse them), not {@link #closedPort}'s.
     */
    AddressRules openOrigin() {
        return portsOpened().allowingNetworks(List.of(IpNetwork.parse("127.0.0.1/32")));
    }

    WebDownload download(AddressRules rules, Duration readTimeout, int maxRedirects) {
        return new WebDownload(new AddressGuard(rules, resolver), Duration.ofSeconds(5), readTimeout, maxRedirects);
    }

    /** Fills in {@code P} (origin), {@code Q} (other), {@code R} (v6) and {@code G} (closedPort) ports. */
    String expand(String template) {
        return template.replace("{P}", "" + origin.port()).replace("{Q}", "" + other.port())
                .replace("{R}", "" + v6.port()).replace("{G}", "" + closedPort.port());
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void close() {
        for (ScriptedServer s : List.of(origin, other, v6, closedPort)) {
            try {
                s.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
