package dev.imagecatalog.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;

/**
 * A block of IP addresses in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8}, {@code 127.0.0.1} for one
 * address). IPv4 blocks contain IPv4 addresses only and IPv6 blocks IPv6 addresses only.
 *
 * @param address the first address of the block (host bits cleared)
 * @param prefix  the number of leading bits that name the block
 */
public record IpNetwork(InetAddress address, int prefix) {

    /**
     * Checks the components and clears the host bits of {@code address}.
     *
     * @param address an IPv4 or IPv6 address
     * @param prefix  0 to 32 for IPv4, 0 to 128 for IPv6
     * @throws IllegalArgumentException if {@code prefix} is out of range
     */
    public IpNetwork {
        Objects.requireNonNull(address, "address");
        byte[] bytes = address.getAddress();
        if (prefix < 0 || prefix > bytes.length * 8) {
            throw new IllegalArgumentException("a prefix of 0 to " + bytes.length * 8 + " bits: " + prefix);
        }
        address = byAddress(mask(bytes, prefix));
    }

    /**
     * Parses {@code a.b.c.d/n}, {@code ipv6/n}, or one address (a block of one).
     *
     * @param cidr the text; the address must be a literal in canonical form (see {@link HostSyntax})
     * @return the block
     * @throws IllegalArgumentException if {@code cidr} is not a literal address with an optional prefix
     */
    public static IpNetwork parse(String cidr) {
        String text = Objects.requireNonNull(cidr, "cidr").trim();
        int slash = text.indexOf('/');
        String addr = slash < 0 ? text : text.substring(0, slash);
        InetAddress a = HostSyntax.literal(addr.startsWith("[") ? addr : bracketIfV6(addr));
        if (a == null) {
            throw new IllegalArgumentException("an IP address or CIDR block (10.0.0.0/8, fd00::/8): " + cidr);
        }
        int bits = a.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String p = text.substring(slash + 1);
            if (!p.matches("[0-9]{1,3}")) {
                throw new IllegalArgumentException("a CIDR prefix of 0 to " + bits + " bits: " + cidr);
            }
            prefix = Integer.parseInt(p);
        }
        return new IpNetwork(a, prefix);
    }

    private static String bracketIfV6(String addr) {
        return addr.indexOf(':') >= 0 ? "[" + addr + "]" : addr;
    }

    /**
     * Whether {@code candidate} lies in this block.
     *
     * @param candidate an address
     * @return true if it has this block's family and its first {@link #prefix} bits
     */
    public boolean contains(InetAddress candidate) {
        byte[] bytes = candidate.getAddress();
        return bytes.length == address.getAddress().length
                && Arrays.equals(mask(bytes, prefix), address.getAddress());
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xff00 >> keep));
        }
        return out;
    }

    static InetAddress byAddress(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv4 or IPv6 address: " + bytes.length + " bytes", e);
        }
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + prefix;
    }
}
