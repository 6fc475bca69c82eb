package dev.imagecatalog.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The addresses a fetch of a user's URL must not reach unless an operator allows them: loopback, private,
 * link-local, unique-local, multicast, unspecified, reserved and documentation blocks, the cloud metadata
 * addresses, and every IPv6 form that carries one of these IPv4 addresses (IPv4-mapped, IPv4-compatible, IPv4-
 * translated, NAT64, 6to4, Teredo).
 */
final class SpecialAddresses {

    private record Block(IpNetwork network, String why) {
    }

    private static final List<Block> BLOCKS = List.of(
            block("169.254.169.254/32", "a cloud metadata address"),
            block("fd00:ec2::254/128", "a cloud metadata address"),
            block("0.0.0.0/8", "an unspecified address ('this network')"),
            block("10.0.0.0/8", "a private address"),
            block("100.64.0.0/10", "a shared (carrier-grade NAT) address"),
            block("127.0.0.0/8", "a loopback address"),
            block("169.254.0.0/16", "a link-local address"),
            block("172.16.0.0/12", "a private address"),
            block("192.0.0.0/24", "an IETF protocol assignment"),
            block("192.0.2.0/24", "a documentation address"),
            block("192.88.99.0/24", "a 6to4 relay anycast address"),
            block("192.168.0.0/16", "a private address"),
            block("198.18.0.0/15", "a benchmarking address"),
            block("198.51.100.0/24", "a documentation address"),
            block("203.0.113.0/24", "a documentation address"),
            block("224.0.0.0/4", "a multicast address"),
            block("240.0.0.0/4", "a reserved address (and broadcast)"),
            block("::/128", "the unspecified address"),
            block("::1/128", "a loopback address"),
            block("64:ff9b:1::/48", "a local-use NAT64 address"),
            block("100::/64", "a discard-only address"),
            block("2001:db8::/32", "a documentation address"),
            block("2001:10::/28", "an ORCHID address"),
            block("fc00::/7", "a unique-local address"),
            block("fe80::/10", "a link-local address"),
            block("fec0::/10", "a site-local address"),
            block("ff00::/8", "a multicast address"));

    private SpecialAddresses() {
    }

    private static Block block(String cidr, String why) {
        return new Block(IpNetwork.parse(cidr), why);
    }

    /**
     * Why {@code address} must not be reached, or null if it is an ordinary public address. An IPv6 address that
     * embeds an IPv4 address is refused when the embedded address would be.
     */
    static String whyRefused(InetAddress address) {
        for (Block b : BLOCKS) {
            if (b.network().contains(address)) {
                return b.why();
            }
        }
        for (Inet4Address embedded : embeddedIpv4(address)) {
            String why = whyRefused(embedded);
            if (why != null) {
                return why + " (" + embedded.getHostAddress() + ") inside an IPv6 address";
            }
        }
        return null;
    }

    /**
     * The IPv4 addresses an IPv6 address carries: IPv4-mapped {@code ::ffff:0:0/96}, IPv4-translated
     * {@code ::ffff:0:0:0/96}, IPv4-compatible {@code ::/96}, NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16} (bits
     * 16 to 47) and Teredo {@code 2001::/32} (the server in bits 32 to 63, the client inverted in the last 32).
     */
    static List<Inet4Address> embeddedIpv4(InetAddress address) {
        byte[] b = address.getAddress();
        List<Inet4Address> out = new ArrayList<>();
        if (b.length != 16) {
            return out;
        }
        if (zeros(b, 0, 10) && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0))) {
            out.add(v4(b, 12, false));
        } else if (zeros(b, 0, 8) && b[8] == (byte) 0xff && b[9] == (byte) 0xff && b[10] == 0 && b[11] == 0) {
            out.add(v4(b, 12, false));
        } else if (b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b && zeros(b, 4, 12)) {
            out.add(v4(b, 12, false));
        } else if (b[0] == 0x20 && b[1] == 0x02) {
            out.add(v4(b, 2, false));
        } else if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) {
            out.add(v4(b, 4, false));
            out.add(v4(b, 12, true));
        }
        return out;
    }

    private static boolean zeros(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static Inet4Address v4(byte[] b, int at, boolean inverted) {
        byte[] four = new byte[4];
        for (int i = 0; i < 4; i++) {
            four[i] = (byte) (inverted ? ~b[at + i] : b[at + i]);
        }
        return (Inet4Address) IpNetwork.byAddress(four);
    }
}
