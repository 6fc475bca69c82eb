package dev.imagecatalog.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The parsers of the setting types and the formats of their values in messages. Each parser throws an
 * {@link IllegalArgumentException} whose message says what was expected; {@link Settings} adds the key.
 */
final class SettingParsers {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([A-Za-z]*)");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final String[] SIZE_UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};
    private static final String SIZE_EXAMPLE = "a size with a unit such as 64KiB, 5MiB or 10GiB";

    private SettingParsers() {
    }

    static Integer integer(String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("an integer");
        }
    }

    static Long longInteger(String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("an integer");
        }
    }

    static Boolean bool(String v) {
        switch (v.toLowerCase(Locale.ROOT)) {
            case "true": case "yes": case "on": return true;
            case "false": case "no": case "off": return false;
            default: throw new IllegalArgumentException("true or false");
        }
    }

    static Path path(String v) {
        try {
            return Path.of(v);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("a file system path");
        }
    }

    static List<String> list(String v) {
        List<String> items = Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toList());
        if (items.isEmpty()) {
            throw new IllegalArgumentException("a comma-separated list");
        }
        return List.copyOf(items);
    }

    /** A size with an explicit unit; {@code 0} needs none. */
    static Long size(String v) {
        Matcher m = SIZE.matcher(v.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(SIZE_EXAMPLE);
        }
        long unit;
        switch (m.group(2)) {
            case "":
                if (m.group(1).chars().allMatch(c -> c == '0')) {
                    return 0L;
                }
                throw new IllegalArgumentException(SIZE_EXAMPLE + " (the unit is missing)");
            case "B": unit = 1; break;
            case "KiB": unit = 1L << 10; break;
            case "MiB": unit = 1L << 20; break;
            case "GiB": unit = 1L << 30; break;
            case "TiB": unit = 1L << 40; break;
            case "KB": unit = 1_000L; break;
            case "MB": unit = 1_000_000L; break;
            case "GB": unit = 1_000_000_000L; break;
            case "TB": unit = 1_000_000_000_000L; break;
            default: throw new IllegalArgumentException("a size unit among B, KiB, MiB, GiB, TiB, KB, MB, GB, TB");
        }
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("a size below 8 EiB");
        }
    }

    /** A duration with a unit ({@code 30s}) or in ISO-8601 ({@code PT30S}). */
    static Duration duration(String v) {
        Matcher m = DURATION.matcher(v.trim());
        if (m.matches()) {
            long n;
            try {
                n = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a duration of a sensible length");
            }
            switch (m.group(2)) {
                case "ms": return Duration.ofMillis(n);
                case "s": return Duration.ofSeconds(n);
                case "m": return Duration.ofMinutes(n);
                case "h": return Duration.ofHours(n);
                default: return Duration.ofDays(n);
            }
        }
        try {
            return Duration.parse(v.trim());
        } catch (RuntimeException e) {
            String missing = v.trim().matches("\\d+") ? " (the unit is missing)" : "";
            throw new IllegalArgumentException("a duration such as 30s, 5m, 2h or PT30S" + missing);
        }
    }

    /** A size as a configuration would write it: the largest binary unit that divides it. */
    static String formatSize(long bytes) {
        int i = 0;
        long n = bytes;
        while (i < SIZE_UNITS.length - 1 && n != 0 && n % 1024 == 0) {
            n /= 1024;
            i++;
        }
        return n + SIZE_UNITS[i];
    }

    /** A duration as a configuration would write it: the largest unit that divides it. */
    static String formatDuration(Duration d) {
        long ms = d.toMillis();
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms != 0 && ms % sizes[i] == 0) {
                return ms / sizes[i] + units[i];
            }
        }
        return ms + "ms";
    }
}
