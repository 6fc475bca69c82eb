package dev.imagecatalog.server.api;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The paging links of a list ({@code GET /v2/images}, {@code GET /v2/metadefs/namespaces}), built as Glance builds
 * them ({@code images.py ResponseSerializer.index}): {@code first} is the list's path with the request's query
 * without {@code marker}, {@code next} the same with {@code marker} set to the last item of the page, appended last;
 * both relative, encoded as Python's {@code urlencode} encodes ({@code +} for a space, {@code %XX} for every byte but
 * letters, digits and {@code _.-~}). The caller passes the parameters it keeps: for images every value of a
 * repeated parameter ({@code tag=a&tag=b}, unlike Glance, so following {@code next} keeps the same filters).
 */
final class ListLinks {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private ListLinks() {
    }

    /** {@return the {@code first} link: {@code path} with the query's parameters but its marker} */
    static String first(String path, Map<String, List<String>> query) {
        StringBuilder sb = new StringBuilder(path);
        appendQuery(sb, path, query);
        return sb.toString();
    }

    /** {@return the {@code next} link: the query without its marker, then {@code marker=<next marker>}} */
    static String next(String path, Map<String, List<String>> query, String marker) {
        StringBuilder sb = new StringBuilder(path);
        appendQuery(sb, path, query);
        sb.append(sb.length() == path.length() ? '?' : '&').append("marker=");
        encode(sb, marker);
        return sb.toString();
    }

    private static void appendQuery(StringBuilder sb, String path, Map<String, List<String>> query) {
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            if (e.getKey().equals("marker")) {
                continue;
            }
            for (String v : e.getValue()) {
                sb.append(sb.length() == path.length() ? '?' : '&');
                encode(sb, e.getKey());
                sb.append('=');
                encode(sb, v);
            }
        }
    }

    private static void encode(StringBuilder sb, String s) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
                    || c == '-' || c == '~') {
                sb.append((char) c);
            } else if (c == ' ') {
                sb.append('+');
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
    }
}
