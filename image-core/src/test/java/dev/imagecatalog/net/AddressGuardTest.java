package dev.imagecatalog.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.config.Settings;
import dev.imagecatalog.config.SettingsSpec;
import dev.imagecatalog.error.CatalogConfigurationException;
import dev.imagecatalog.error.InvalidInputException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressGuardTest {
    private static final String PUBLIC = "93.184.216.34";

    /** Resolves a few test names; anything else does not resolve. */
    private static final HostResolver RESOLVER = name -> switch (name) {
        case "images.example" -> List.of(ip(PUBLIC), ip("2606:2800:220:1:248:1893:25c8:1946"));
        case "rebind.example" -> List.of(ip(PUBLIC), ip("10.0.0.7"));
        case "localhost" -> List.of(ip("127.0.0.1"), ip("::1"));
        case "metadata.example" -> List.of(ip("169.254.169.254"));
        case "mapped.example" -> List.of(ip("::ffff:a9fe:a9fe"));
        default -> throw new UnknownHostException(name);
    };

    private final AddressGuard guard = new AddressGuard(AddressRules.DEFAULTS, RESOLVER);

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1 | loopback", "127.255.255.254 | loopback", "10.1.2.3 | private", "172.16.0.1 | private",
            "172.31.255.255 | private", "192.168.1.1 | private", "169.254.1.1 | link-local",
            "169.254.169.254 | metadata", "100.64.0.1 | shared", "0.0.0.0 | unspecified", "0.1.2.3 | unspecified",
            "224.0.0.1 | multicast", "239.255.255.250 | multicast", "255.255.255.255 | reserved",
            "240.0.0.1 | reserved", "192.0.2.1 | documentation", "198.18.0.1 | benchmarking",
            "[::1] | loopback", "[::] | unspecified", "[fe80::1] | link-local", "[fc00::1] | unique-local",
            "[fd12:3456::1] | unique-local", "[ff02::1] | multicast", "[fec0::1] | site-local",
            "[fd00:ec2::254] | metadata", "[2001:db8::1] | documentation", "[64:ff9b:1::1] | NAT64",
            // IPv4-mapped, -compatible and -translated forms
            "[::ffff:127.0.0.1] | loopback", "[::ffff:169.254.169.254] | metadata", "[::ffff:a9fe:a9fe] | metadata",
            "[::ffff:10.0.0.1] | private", "[::127.0.0.1] | loopback", "[::a9fe:a9fe] | metadata",
            "[::ffff:0:7f00:1] | loopback", "[::ffff:0:a9fe:a9fe] | metadata",
            // NAT64, 6to4 and Teredo forms
            "[64:ff9b::7f00:1] | loopback", "[64:ff9b::169.254.169.254] | metadata",
            "[2002:7f00:1::1] | loopback", "[2002:a9fe:a9fe::] | metadata", "[2002:c0a8:101::1] | private",
            "[2001:0:4136:e378:8000:63bf:80ff:fffe] | loopback", "[2001:0:a9fe:a9fe::1] | metadata"})
    void specialAddressesAreRefused(String host, String why) {
        assertThatThrownBy(() -> guard.check("http://" + host + "/disk.img"))
                .isInstanceOf(AddressRefusedException.class).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(why).hasMessageContaining("allowed-networks");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2130706433", "0177.0.0.1", "0x7f.1", "127.1", "0x7f000001", "017700000001",
            "127.0.0.01", "0x7f.0.0.1", "1.2.3.256", "10.1", "127.000.000.001", "0177.1"})
    void oddIpFormsAreRefusedNotInterpreted(String host) {
        assertThatThrownBy(() -> guard.check("http://" + host + "/x"))
                .isInstanceOf(AddressRefusedException.class).hasMessageContaining("its host is not");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://[fe80::1%25eth0]/x", "http://exa_mple.com/x", "http://ex\u00e4mple.com/x",
            "http://-bad.example/x", "http:///x", "http:relative"})
    void malformedHostsAreRefused(String url) {
        assertThatThrownBy(() -> guard.check(url)).isInstanceOf(AddressRefusedException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://" + PUBLIC + "/disk.img", "HTTPS://" + PUBLIC + "/a?b=c",
            "http://[2606:2800:220:1:248:1893:25c8:1946]/x", "http://[64:ff9b::5db8:d822]/x",
            "http://[2002:5db8:d822::1]/x", "http://" + PUBLIC + ":443/x", "https://images.example./x"})
    void publicAddressesPass(String url) {
        CheckedUrl checked = guard.check(url);
        assertThat(checked.addresses()).isNotEmpty();
        assertThat(checked.addresses()).allSatisfy(a -> assertThat(SpecialAddresses.whyRefused(a)).isNull());
    }

    @Test
    void everyResolvedAddressIsCheckedAndPinned() {
        CheckedUrl ok = guard.check("https://Images.Example/path/disk.img?x=1#frag");
        assertThat(ok.host()).isEqualTo("images.example");
        assertThat(ok.port()).isEqualTo(443);
        assertThat(ok.addresses()).containsExactly(ip(PUBLIC), ip("2606:2800:220:1:248:1893:25c8:1946"));
        assertThat(ok.requestTarget()).isEqualTo("/path/disk.img?x=1");
        assertThat(ok.hostHeader()).isEqualTo("images.example");
        assertThat(ok.hostIsLiteral()).isFalse();

        assertThatThrownBy(() -> guard.check("http://rebind.example/x")).hasMessageContaining("10.0.0.7")
                .hasMessageContaining("rebind.example resolves to");
        assertThatThrownBy(() -> guard.check("http://localhost/x")).hasMessageContaining("loopback");
        assertThatThrownBy(() -> guard.check("http://metadata.example/x")).hasMessageContaining("metadata");
        assertThatThrownBy(() -> guard.check("http://mapped.example/x")).hasMessageContaining("metadata");
        assertThatThrownBy(() -> guard.check("http://nowhere.example/x")).hasMessageContaining("does not resolve");
    }

    @Test
    void onlyHttpAndHttpsWithoutCredentials() {
        for (String url : List.of("ftp://" + PUBLIC + "/x", "file:///etc/passwd", "gopher://" + PUBLIC + "/",
                "jar:http://" + PUBLIC + "/x!/y")) {
            assertThatThrownBy(() -> guard.check(url)).as(url).isInstanceOf(AddressRefusedException.class);
        }
        assertThatThrownBy(() -> guard.check("http://user:secret@" + PUBLIC + "/x"))
                .hasMessageContaining("credentials");
        AddressGuard httpsOnly = new AddressGuard(new AddressRules(Set.of("https"), Set.of(), Set.of(), Set.of(),
                Set.of(80, 443), Set.of(), List.of()), RESOLVER);
        assertThatThrownBy(() -> httpsOnly.check("http://" + PUBLIC + "/x")).hasMessageContaining("allowed-schemes");
        assertThat(httpsOnly.check("https://" + PUBLIC + "/x").tls()).isTrue();
    }

    @Test
    void portsFollowTheAllowAndDenyLists() {
        assertThatThrownBy(() -> guard.check("http://" + PUBLIC + ":8080/x")).hasMessageContaining("port 8080");
        assertThatThrownBy(() -> guard.check("http://" + PUBLIC + ":0/x")).hasMessageContaining("1 to 65535");
        assertThatThrownBy(() -> guard.check("http://" + PUBLIC + ":99999/x")).hasMessageContaining("1 to 65535");
        AddressGuard anyPort = guard(Map.of("allowed-ports", "*", "disallowed-ports", "22, 25"));
        assertThat(anyPort.check("http://" + PUBLIC + ":8080/x").port()).isEqualTo(8080);
        assertThat(anyPort.check("http://" + PUBLIC + ":8080/x").hostHeader()).isEqualTo(PUBLIC + ":8080");
        assertThatThrownBy(() -> anyPort.check("http://" + PUBLIC + ":22/x")).hasMessageContaining("port 22");
    }

    @Test
    void hostsFollowTheAllowAndDenyLists() {
        AddressGuard only = guard(Map.of("allowed-hosts", "images.example, 2606:2800:220:1:248:1893:25c8:1946"));
        assertThat(only.check("http://IMAGES.example/x").host()).isEqualTo("images.example");
        assertThat(only.check("http://[2606:2800:220:1:248:1893:25c8:1946]/x").addresses()).hasSize(1);
        assertThatThrownBy(() -> only.check("http://" + PUBLIC + "/x")).hasMessageContaining("allowed-hosts");
        AddressGuard deny = guard(Map.of("disallowed-hosts", PUBLIC));
        assertThatThrownBy(() -> deny.check("http://" + PUBLIC + "/x")).hasMessageContaining("disallowed-hosts");
        assertThat(deny.check("http://images.example/x").host()).isEqualTo("images.example");
    }

    @Test
    void allowedNetworksOpenOnlyTheirBlocks() {
        AddressGuard loopback = guard(Map.of("allowed-networks", "127.0.0.0/8, ::1", "allowed-ports", "*"));
        assertThat(loopback.check("http://127.0.0.1:8080/x").addresses()).containsExactly(ip("127.0.0.1"));
        assertThat(loopback.check("http://[::1]:8080/x").hostHeader()).isEqualTo("[::1]:8080");
        assertThat(loopback.check("http://localhost:8080/x").addresses()).hasSize(2);
        assertThatThrownBy(() -> loopback.check("http://10.0.0.1/x")).hasMessageContaining("private");
        assertThatThrownBy(() -> loopback.check("http://169.254.169.254/x")).hasMessageContaining("metadata");
    }

    @Test
    void redirectTargetsAreCheckedAgain() {
        AddressGuard g = guard(Map.of("allowed-networks", "127.0.0.0/8", "allowed-ports", "*"));
        CheckedUrl from = g.check("http://127.0.0.1:8080/dir/a.img");
        assertThat(g.checkRedirect(from, "b.img").uri().toString()).isEqualTo("http://127.0.0.1:8080/dir/b.img");
        assertThat(g.checkRedirect(from, "https://images.example/c").host()).isEqualTo("images.example");
        assertThatThrownBy(() -> g.checkRedirect(from, "http://169.254.169.254/latest/meta-data/"))
                .isInstanceOf(AddressRefusedException.class).hasMessageContaining("metadata");
        assertThatThrownBy(() -> g.checkRedirect(from, "http://[::ffff:10.0.0.1]/"))
                .hasMessageContaining("private");
        assertThatThrownBy(() -> g.checkRedirect(from, "file:///etc/passwd")).hasMessageContaining("http and https");
    }

    @Test
    void settingsAreReadAndCheckedByKey() {
        SettingsSpec spec = SettingsSpec.of("test").with(AddressRules.SETTINGS);
        AddressRules defaults = AddressRules.from(spec.check(Settings.of(Map.of())));
        assertThat(defaults).isEqualTo(AddressRules.DEFAULTS);
        AddressRules rules = AddressRules.from(spec.check(Settings.of(Map.of("allowed-schemes", "*",
                "disallowed-schemes", "HTTP", "allowed-ports", "8443", "allowed-networks", "10.0.0.0/8"))));
        assertThat(rules.allowedSchemes()).isEmpty();
        assertThat(rules.disallowedSchemes()).containsExactly("http");
        assertThat(rules.allowedPorts()).containsExactly(8443);
        assertThat(rules.allowedNetworks()).containsExactly(IpNetwork.parse("10.0.0.0/8"));
        for (Map<String, String> bad : List.of(Map.of("allowed-ports", "80, http"), Map.of("allowed-ports", "0"),
                Map.of("allowed-networks", "10.0.0.0/33"), Map.of("allowed-networks", "010.0.0.0/8"),
                Map.of("allowed-hosts", "0x7f.1"))) {
            String key = bad.keySet().iterator().next();
            assertThatThrownBy(() -> AddressRules.from(spec.check(Settings.of(bad)))).as(key)
                    .isInstanceOf(CatalogConfigurationException.class).hasMessageContaining(key);
        }
    }

    @Test
    void networksContainTheirAddressesOnly() {
        IpNetwork ten = IpNetwork.parse("10.1.2.3/8");
        assertThat(ten.toString()).isEqualTo("10.0.0.0/8");
        assertThat(ten.contains(ip("10.255.0.1"))).isTrue();
        assertThat(ten.contains(ip("11.0.0.1"))).isFalse();
        assertThat(ten.contains(ip("::ffff:0a00:1:0"))).isFalse();
        IpNetwork v6 = IpNetwork.parse("fd00::/8");
        assertThat(v6.contains(ip("fdff::1"))).isTrue();
        assertThat(v6.contains(ip("fe00::1"))).isFalse();
        assertThat(IpNetwork.parse("0.0.0.0/0").contains(ip("8.8.8.8"))).isTrue();
        assertThatThrownBy(() -> IpNetwork.parse("10.0.0.0/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IpNetwork.parse("example.com/8")).isInstanceOf(IllegalArgumentException.class);
    }

    private static AddressGuard guard(Map<String, String> settings) {
        SettingsSpec spec = SettingsSpec.of("test").with(AddressRules.SETTINGS);
        return new AddressGuard(AddressRules.from(spec.check(Settings.of(settings))), RESOLVER);
    }
}
