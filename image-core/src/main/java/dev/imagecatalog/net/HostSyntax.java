package dev.imagecatalog.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The host part of a URL, read strictly: an IPv4 literal in canonical dotted-decimal form, a bracketed IPv6 literal
 * without a zone, or a DNS name of ASCII letters, digits and hyphens. Every other form a resolver might accept as an
 * address is refused: a bare integer ({@code 2130706433}), short forms ({@code 127.1}), octal or zero-padded parts
 * ({@code 0177.0.0.1}), hexadecimal ({@code 0x7f.1}), a name whose last label is numeric.
 */
final class HostSyntax {
    private static final Pattern DOTTED_QUAD = Pattern.compile(
            "(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-f:.]+");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern HEX_LABEL = Pattern.compile("0x[0-9a-f]*");
    private static final Pattern NUMERIC = Pattern.compile("[0-9]+");

    private HostSyntax() {
    }

    /**
     * The address {@code host} is written as, or null if it is not an IP literal in canonical form: {@code a.b.c.d}
     * (decimal, 0 to 255, no leading zero) or {@code [ipv6]} (no zone).
     */
    static InetAddress literal(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            String inner = h.substring(1, h.length() - 1);
            if (!IPV6_CHARS.matcher(inner).matches() || inner.indexOf(':') < 0) {
                return null;
            }
            int dot = inner.indexOf('.');
            if (dot >= 0 && !quad(inner.substring(inner.lastIndexOf(':') + 1))) {
                return null;
            }
            try {
                return InetAddress.getByName("[" + inner + "]");
            } catch (UnknownHostException | IllegalArgumentException e) {
                return null;
            }
        }
        if (!quad(h)) {
            return null;
        }
        byte[] b = new byte[4];
        String[] parts = h.split("\\.");
        for (int i = 0; i < 4; i++) {
            b[i] = (byte) Integer.parseInt(parts[i]);
        }
        return IpNetwork.byAddress(b);
    }

    private static boolean quad(String h) {
        if (!DOTTED_QUAD.matcher(h).matches()) {
            return false;
        }
        for (String part : h.split("\\.")) {
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code host} as a DNS name to resolve: lower-case, without a trailing dot.
     *
     * @throws IllegalArgumentException naming what is wrong if it is not a plain DNS name (an odd IP form, a
     *                                  character outside letters, digits, '-' and '.', an empty or long label)
     */
    static String dnsName(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.isEmpty() || h.length() > 253) {
            throw new IllegalArgumentException("an empty or overlong host name");
        }
        String[] labels = h.split("\\.", -1);
        for (String label : labels) {
            if (HEX_LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("a hexadecimal address form ('" + label + "'); write the address"
                        + " as a.b.c.d");
            }
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("a host name of ASCII letters, digits and '-' between dots"
                        + " (an internationalised name in its xn-- form)");
            }
        }
        if (NUMERIC.matcher(labels[labels.length - 1]).matches()) {
            throw new IllegalArgumentException("a canonical a.b.c.d address (short, integer, octal or"
                    + " zero-padded numeric forms are refused)");
        }
        return h;
    }
}
