package dev.imagecatalog.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.net.AddressRefusedException;
import dev.imagecatalog.net.AddressRules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The SSRF suite of web-download: crafted URLs, given directly or as redirect targets, against counting loopback
 * servers. A forbidden URL is refused by {@code check} and by {@code fetch} with no request reaching any server and
 * no file left; a forbidden redirect target is refused with no request reaching it; allowed URLs arrive
 * byte-identical. {@code {P}} is the origin's port (127.0.0.1), {@code {Q}} the port of the server on 127.0.0.2,
 * {@code {R}} of the one on ::1, {@code {G}} a port on 127.0.0.1 no rule allows.
 */
class WebDownloadSsrfTest {
    private static final long CAP = 64 * 1024;
    private static SsrfServers servers;
    private static final byte[] IMAGE = image(5000);

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws IOException {
        servers = new SsrfServers();
        servers.origin.serve("/img", IMAGE);
        servers.other.serve("/secret", bytes("other"));
        servers.v6.serve("/secret", bytes("v6"));
        servers.closedPort.serve("/secret", bytes("closed port"));
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    static byte[] image(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + (i >> 8));
        }
        return b;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private WebDownload strict() {
        return servers.download(servers.portsOpened(), Duration.ofSeconds(10), 3);
    }

    private WebDownload mirror() {
        return servers.download(servers.openOrigin(), Duration.ofSeconds(10), 3);
    }

    /** Refused by check and by fetch, naming {@code why}, nothing sent anywhere, no file left. */
    private void assertRefused(WebDownload web, String url, String why) throws IOException {
        int before = servers.total();
        Path target = dir.resolve("image");
        assertThatThrownBy(() -> web.check(url)).as(url).isInstanceOf(AddressRefusedException.class)
                .isInstanceOf(InvalidInputException.class).hasMessageContaining(why);
        assertThatThrownBy(() -> web.fetch(url, target, CAP, n -> { })).as(url)
                .isInstanceOf(AddressRefusedException.class).hasMessageContaining(why);
        assertThat(servers.total()).as("requests after " + url).isEqualTo(before);
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("files left by " + url).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // schemes
            "file:///etc/passwd | only http and https",
            "file://localhost/etc/passwd | only http and https",
            "FILE:///etc/passwd | only http and https",
            "ftp://127.0.0.1:{P}/img | only http and https",
            "gopher://127.0.0.1:{P}/_GET%20/img | only http and https",
            "dict://127.0.0.1:{P}/info | only http and https",
            "jar:http://127.0.0.1:{P}/img!/x | only http and https",
            "data:text/plain;base64,SGVsbG8= | only http and https",
            "//127.0.0.1:{P}/img | only http and https",
            "127.0.0.1:{P}/img | not a valid URI",
            "localhost:{P}/img | only http and https",
            "HTTP://127.0.0.1:{P}/img | loopback",
            "hTtPs://127.0.0.1:{P}/img | loopback",
            // encodings and userinfo tricks
            "http://%31%32%37.0.0.1:{P}/img | its host is not",
            "http://127.0.0.%31:{P}/img | its host is not",
            "http://mirror.test@127.0.0.1:{P}/img | credentials",
            "http://mirror.test:80@127.0.0.1:{P}/img | credentials",
            "http://127.0.0.1:{P}#@mirror.test/img | loopback",
            "http://127.0.0.1:{P}?@mirror.test/img | loopback",
            "http://mirror.test\\@127.0.0.1:{P}/img | not a valid URI",
            "http:\\\\127.0.0.1:{P}\\img | not a valid URI",
            "http://127.0.0.1:{P}\\@mirror.test/img | not a valid URI",
            "' http://127.0.0.1:{P}/img' | not a valid URI",
            "http://127.0.0.1 :{P}/img | not a valid URI",
            "http:/127.0.0.1:{P}/img | not an absolute URL with a host",
            "http:127.0.0.1:{P}/img | not an absolute URL with a host",
            "http://127.0.0.1:{P}:{P}/img | its host is not",
            "http://[127.0.0.1]:{P}/img | not a valid URI",
            "http://127.0.0.1%00.mirror.test:{P}/img | its host is not",
            "http://mirror.test%2f@127.0.0.1:{P}/img | credentials",
            "http://127.0.0.1%2f:{P}/img | its host is not",
            "http://127\u30020\u30020\u30021:{P}/img | its host is not",
            "http://\uff11\uff12\uff17.0.0.1:{P}/img | its host is not",
            // the metadata address and its forms
            "http://169.254.169.254/latest/meta-data/ | metadata",
            "http://2852039166/latest/meta-data/ | numeric forms are refused",
            "http://0251.0376.0251.0376/ | numeric forms are refused",
            "http://0xa9fea9fe/ | hexadecimal",
            "http://0xa9.0xfe.0xa9.0xfe/ | hexadecimal",
            "http://169.254.43518/ | numeric forms are refused",
            "http://169.16689662/ | numeric forms are refused",
            "http://[fd00:ec2::254]/ | metadata",
            "http://[::ffff:169.254.169.254]/ | metadata",
            "http://[::ffff:a9fe:a9fe]/ | metadata",
            "http://[0:0:0:0:0:ffff:a9fe:a9fe]/ | metadata",
            "http://[64:ff9b::a9fe:a9fe]/ | metadata",
            "http://[2002:a9fe:a9fe::]/ | metadata",
            "http://meta.test/latest/meta-data/ | metadata",
            "http://169.254.169.254.nip.io/ | metadata",
            // loopback, reachable: a mistake would show as a request on the server
            "http://127.0.0.1:{P}/img | loopback",
            "http://127.1:{P}/img | numeric forms are refused",
            "http://2130706433:{P}/img | numeric forms are refused",
            "http://0x7f000001:{P}/img | hexadecimal",
            "http://0x7f.0.0.1:{P}/img | hexadecimal",
            "http://0177.0.0.1:{P}/img | numeric forms are refused",
            "http://127.000.000.001:{P}/img | numeric forms are refused",
            "http://127.0.0.1.:{P}/img | numeric forms are refused",
            "http://[::1]:{R}/secret | loopback",
            "http://[0:0:0:0:0:0:0:1]:{R}/secret | loopback",
            "http://[::ffff:127.0.0.1]:{P}/img | loopback",
            "http://[::ffff:7f00:1]:{P}/img | loopback",
            "http://[::127.0.0.1]:{P}/img | loopback",
            "http://127.0.0.2:{Q}/secret | loopback",
            "http://localhost:{P}/img | loopback",
            "http://LOCALHOST.:{P}/img | loopback",
            "http://loop.test:{P}/img | loopback",
            "http://loop6.test:{R}/secret | loopback",
            "http://mixed-loop.test:{P}/img | loopback",
            "http://mixed.test/ | private",
            // private, shared, link-local, unique-local, multicast, unspecified, reserved
            "http://10.0.0.1/ | private",
            "http://172.16.0.1/ | private",
            "http://192.168.0.1/ | private",
            "http://100.64.0.1/ | shared",
            "http://169.254.0.1/ | link-local",
            "http://[fe80::1]/ | link-local",
            "http://[fe80::1%25lo]:{P}/img | its host is not",
            "http://[fc00::1]/ | unique-local",
            "http://[fd12:3456::1]/ | unique-local",
            "http://224.0.0.1/ | multicast",
            "http://[ff02::1]/ | multicast",
            "http://0.0.0.0:{P}/img | unspecified",
            "http://0:{P}/img | numeric forms are refused",
            "http://[::]:{P}/img | unspecified",
            "http://255.255.255.255/ | reserved",
            // ports
            "http://93.184.216.34:22/ | port 22 is not allowed",
            "http://93.184.216.34:8080/ | port 8080 is not allowed",
            "https://93.184.216.34:25/ | port 25 is not allowed",
            "http://93.184.216.34:0/ | port is not a number",
            "http://93.184.216.34:65536/ | port is not a number",
            "http://93.184.216.34:+80/ | port is not a number",
            // no such host
            "http://nowhere.test/ | does not resolve"})
    void forbiddenUrlsAreRefusedBeforeAnyRequest(String template, String why) throws IOException {
        assertRefused(strict(), servers.expand(template), why);
    }

    @Test
    void controlCharactersAndWhitespaceAreRefused() throws IOException {
        for (String url : List.of("http://127.0.0.1:{P}/img\r\nX-Injected: 1", "http://127.0.0.1:{P}/img\n",
                "http://127.0.0.1\t:{P}/img", "http://127.0.0.1:{P}/i mg", "http://127.0.0.1:{P}/img\u0000",
                "\thttp://127.0.0.1:{P}/img", "")) {
            assertRefused(mirror(), servers.expand(url), "refused");
        }
        assertThatThrownBy(() -> mirror().check(null)).isInstanceOf(AddressRefusedException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // an operator opening 127.0.0.1 and its port opens neither other loopback addresses nor other ports
            "http://127.0.0.2:{Q}/secret | loopback",
            "http://[::1]:{R}/secret | loopback",
            "http://127.0.0.1:{G}/secret | port {G} is not allowed",
            "http://127.1:{P}/img | numeric forms are refused",
            "http://2130706433:{P}/img | numeric forms are refused",
            "http://loop2.test:{Q}/secret | loopback",
            "http://169.254.169.254/ | metadata",
            "http://localhost:{G}/secret | port"})
    void openingOneAddressOpensNothingElse(String template, String why) throws IOException {
        assertRefused(mirror(), servers.expand(template), servers.expand(why));
    }

    @Test
    void allowedUrlsArriveByteIdentical() throws IOException {
        WebDownload web = mirror();
        for (String template : List.of("http://127.0.0.1:{P}/img", "HTTP://127.0.0.1:{P}/img?x=1#fragment",
                "http://mirror.test:{P}/img", "http://MIRROR.test.:{P}/img", "http://[::ffff:127.0.0.1]:{P}/img")) {
            String url = servers.expand(template);
            int before = servers.origin.count("/img");
            web.check(url);
            Path target = dir.resolve("image");
            List<Long> progress = new ArrayList<>();
            assertThat(web.fetch(url, target, CAP, progress::add)).as(url).isEqualTo(IMAGE.length);
            assertThat(Files.readAllBytes(target)).as(url).isEqualTo(IMAGE);
            assertThat(progress).as(url).containsExactly((long) IMAGE.length);
            assertThat(servers.origin.count("/img")).as(url).isEqualTo(before + 1);
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files).containsExactly(target);
            }
        }
        assertThat(servers.origin.requests().get(servers.origin.total() - 2))
                .contains("\r\nHost: mirror.test:" + servers.origin.port() + "\r\n");
    }

    @Test
    void theConnectionGoesToTheAddressCheckedAtFetchTime() throws IOException {
        WebDownload web = mirror();
        int lookups = servers.lookups("mirror.test");
        web.fetch(servers.expand("http://mirror.test:{P}/img"), dir.resolve("a"), CAP, n -> { });
        assertThat(servers.lookups("mirror.test")).as("one lookup per fetch, none by the client").isEqualTo(lookups + 1);

        // rebind.test resolves to 127.0.0.1 at the request-time check and to 127.0.0.2 when the worker fetches
        String rebind = servers.expand("http://rebind.test:{Q}/secret");
        web.check(rebind);
        int before = servers.total();
        assertThatThrownBy(() -> web.fetch(rebind, dir.resolve("b"), CAP, n -> { }))
                .isInstanceOf(AddressRefusedException.class).hasMessageContaining("127.0.0.2");
        assertThat(servers.total()).isEqualTo(before);
        assertThat(dir.resolve("b")).doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "302 | http://127.0.0.2:{Q}/secret | loopback",
            "301 | http://[::1]:{R}/secret | loopback",
            "307 | //127.0.0.2:{Q}/secret | loopback",
            "308 | http://127.0.0.1:{G}/secret | port {G} is not allowed",
            "303 | http://127.1:{P}/secret | numeric forms are refused",
            "302 | http://2130706433:{P}/secret | numeric forms are refused",
            "302 | http://0x7f000001:{P}/secret | hexadecimal",
            "302 | http://0177.0.0.1:{P}/secret | numeric forms are refused",
            "302 | http://loop2.test:{Q}/secret | loopback",
            "302 | http://localhost:{G}/secret | port",
            "302 | http://mixed.test:{P}/secret | private",
            "302 | http://169.254.169.254/latest/meta-data/iam/ | metadata",
            "302 | http://[::ffff:169.254.169.254]/latest/meta-data/ | metadata",
            "302 | http://[::ffff:a9fe:a9fe]/ | metadata",
            "302 | http://[fd00:ec2::254]/ | metadata",
            "302 | http://meta.test/ | metadata",
            "302 | http://10.0.0.1:{P}/secret | private",
            "302 | http://192.168.1.1:{P}/secret | private",
            "302 | http://[fe80::1]:{P}/secret | link-local",
            "302 | http://[fc00::1]:{P}/secret | unique-local",
            "302 | http://0.0.0.0:{P}/secret | unspecified",
            "302 | http://[::]:{P}/secret | unspecified",
            "302 | http://224.0.0.1:{P}/secret | multicast",
            "302 | file:///etc/passwd | only http and https",
            "302 | gopher://127.0.0.1:{P}/_secret | only http and https",
            "302 | ftp://127.0.0.1:{P}/secret | only http and https",
            "302 | http://user@127.0.0.1:{P}/secret | credentials",
            "302 | http://127.0.0.1:{P}\\secret | not a valid URI"})
    void redirectsToForbiddenPlacesAreRefusedBeforeReachingThem(int status, String target, String why)
            throws IOException {
        String path = "/to/" + Integer.toHexString(target.hashCode());
        servers.origin.redirect(path, status, servers.expand(target));
        int elsewhere = servers.total() - servers.origin.total();
        int secrets = servers.origin.count("/secret");
        String url = servers.origin.url(path);
        WebDownload web = mirror();
        web.check(url);
        Path file = dir.resolve("image");
        assertThatThrownBy(() -> web.fetch(url, file, CAP, n -> { })).isInstanceOf(AddressRefusedException.class)
                .hasMessageContaining(servers.expand(why));
        assertThat(servers.origin.count(path)).as("the redirecting origin was asked once").isEqualTo(1);
        assertThat(servers.origin.count("/secret")).as("the forbidden target on the origin").isEqualTo(secrets);
        assertThat(servers.total() - servers.origin.total()).as("requests elsewhere").isEqualTo(elsewhere);
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aForbiddenTargetAfterAllowedHopsIsRefused() throws IOException {
        servers.origin.redirect("/hop/1", 302, "/hop/2")
                .redirect("/hop/2", 307, servers.expand("http://mirror.test:{P}/hop/3"))
                .redirect("/hop/3", 302, servers.expand("http://127.0.0.2:{Q}/secret"));
        int other = servers.other.total();
        assertThatThrownBy(() -> mirror().fetch(servers.origin.url("/hop/1"), dir.resolve("i"), CAP, n -> { }))
                .isInstanceOf(AddressRefusedException.class).hasMessageContaining("loopback");
        assertThat(List.of(servers.origin.count("/hop/1"), servers.origin.count("/hop/2"),
                servers.origin.count("/hop/3"))).containsExactly(1, 1, 1);
        assertThat(servers.other.total()).isEqualTo(other);
        assertThat(dir.resolve("i")).doesNotExist();
    }

    @Test
    void redirectsAreFollowedUpToTheLimitAndNoFurther() throws IOException {
        for (int i = 0; i < 6; i++) {
            servers.origin.redirect("/chain/" + i, 301 + i % 2, "/chain/" + (i + 1));
        }
        servers.origin.serve("/chain/6", IMAGE);
        int limit = 3;
        WebDownload web = servers.download(servers.openOrigin(), Duration.ofSeconds(10), limit);
        assertThatThrownBy(() -> web.fetch(servers.origin.url("/chain/0"), dir.resolve("i"), CAP, n -> { }))
                .isInstanceOf(BackendUnavailableException.class).hasMessageContaining("more than 3 times");
        assertThat(List.of(servers.origin.count("/chain/0"), servers.origin.count("/chain/3"),
                servers.origin.count("/chain/4"))).as("the hop past the limit is never asked").containsExactly(1, 1, 0);
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }

        // exactly the limit: /chain/3 -> 4 -> 5 -> 6
        assertThat(web.fetch(servers.origin.url("/chain/3"), dir.resolve("i"), CAP, n -> { }))
                .isEqualTo(IMAGE.length);
        assertThat(Files.readAllBytes(dir.resolve("i"))).isEqualTo(IMAGE);
        assertThat(servers.origin.count("/chain/6")).isEqualTo(1);

        WebDownload none = servers.download(servers.openOrigin(), Duration.ofSeconds(10), 0);
        assertThatThrownBy(() -> none.fetch(servers.origin.url("/chain/5"), dir.resolve("j"), CAP, n -> { }))
                .isInstanceOf(BackendUnavailableException.class);
        assertThat(servers.origin.count("/chain/6")).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"allowed-hosts=mirror.test | host 127.0.0.1 is not allowed",
            "disallowed-hosts=127.0.0.1 | host 127.0.0.1 is not allowed", "allowed-schemes=https | scheme http is not",
            "disallowed-schemes=http | scheme http is not", "allowed-ports=443 | port {P} is not allowed"})
    void theHostSchemeAndPortListsApply(String setting, String why) throws IOException {
        assertRefused(servers.download(rules(setting), Duration.ofSeconds(10), 3),
                servers.expand("http://127.0.0.1:{P}/img"), servers.expand(why));
    }

    @Test
    void anAllowedHostCannotRedirectToAnotherHost() throws IOException {
        WebDownload web = servers.download(rules("allowed-hosts=mirror.test"), Duration.ofSeconds(10), 3);
        servers.origin.redirect("/named-to-literal", 302, servers.expand("http://127.0.0.1:{P}/img"));
        int images = servers.origin.count("/img");
        assertThatThrownBy(() -> web.fetch(servers.expand("http://mirror.test:{P}/named-to-literal"), dir.resolve("i"),
                CAP, n -> { })).isInstanceOf(AddressRefusedException.class).hasMessageContaining("allowed-hosts");
        assertThat(servers.origin.count("/named-to-literal")).isEqualTo(1);
        assertThat(servers.origin.count("/img")).isEqualTo(images);
    }

    /** {@link SsrfServers#openOrigin} with one list replaced, {@code key=value}. */
    private static AddressRules rules(String setting) {
        String[] kv = setting.split("=");
        AddressRules o = servers.openOrigin();
        Set<String> one = Set.of(kv[1]);
        return switch (kv[0]) {
            case "allowed-hosts" -> new AddressRules(o.allowedSchemes(), Set.of(), one, Set.of(), o.allowedPorts(),
                    Set.of(), o.allowedNetworks());
            case "disallowed-hosts" -> new AddressRules(o.allowedSchemes(), Set.of(), Set.of(), one,
                    o.allowedPorts(), Set.of(), o.allowedNetworks());
            case "allowed-schemes" -> new AddressRules(one, Set.of(), Set.of(), Set.of(), o.allowedPorts(), Set.of(),
                    o.allowedNetworks());
            case "disallowed-schemes" -> new AddressRules(Set.of(), one, Set.of(), Set.of(), o.allowedPorts(),
                    Set.of(), o.allowedNetworks());
            default -> o.allowingPorts(Set.of(Integer.parseInt(kv[1])));
        };
    }
}
