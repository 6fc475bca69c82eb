package dev.imagecatalog.spi;

import dev.imagecatalog.CatalogConfigurationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plain key/value configuration, scoped to a prefix, with typed getters that fail naming the full key. A plug-in
 * gets the settings under its own prefix ({@code store.<id>.} or {@code metadata.}) and reads relative keys; an
 * error names the key as written in the configuration file.
 *
 * <p>Sizes take explicit units: {@code B}, {@code KiB}, {@code MiB}, {@code GiB}, {@code TiB} (powers of 1024) or
 * {@code KB}, {@code MB}, {@code GB}, {@code TB} (powers of 1000); a bare number is bytes. Durations take
 * {@code ms}, {@code s}, {@code m}, {@code h}, {@code d} or ISO-8601 ({@code PT30S}).
 */
public final class Settings {
    private static final Pattern SIZE = Pattern.compile("\\s*(\\d+)\\s*([A-Za-z]*)\\s*");
    private static final Pattern DURATION = Pattern.compile("\\s*(\\d+)\\s*(ms|s|m|h|d)\\s*");

    private final String prefix;
    private final Map<String, String> values;
    private final Path baseDirectory;

    private Settings(String prefix, Map<String, String> values, Path baseDirectory) {
        this.prefix = prefix;
        this.values = values;
        this.baseDirectory = baseDirectory;
    }

    /** Settings over a copy of {@code values}, with no prefix. Keys and values are trimmed. */
    public static Settings of(Map<String, String> values) {
        Map<String, String> copy = new TreeMap<>();
        values.forEach((k, v) -> copy.put(k.trim(), v == null ? null : v.trim()));
        return new Settings("", Collections.unmodifiableMap(copy), null);
    }

    /**
     * Settings over a copy of {@code values} whose relative paths resolve against {@code baseDirectory}: the
     * folder of the properties file they came from ({@code ImageCatalog.fromProperties}). {@link #getPath} applies
     * it; a plug-in with paths inside other values (a JDBC URL) reads {@link #baseDirectory()} itself.
     */
    public static Settings of(Map<String, String> values, Path baseDirectory) {
        Settings s = of(values);
        return baseDirectory == null ? s : new Settings("", s.values, baseDirectory.toAbsolutePath().normalize());
    }

    /** The directory relative paths resolve against, if these settings came from a file. */
    public Optional<Path> baseDirectory() {
        return Optional.ofNullable(baseDirectory);
    }

    /** The settings whose keys start with {@code prefix} (e.g. {@code "store.local."}), keys made relative. */
    public Settings scoped(String subPrefix) {
        Map<String, String> sub = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(subPrefix)) {
                sub.put(k.substring(subPrefix.length()), v);
            }
        });
        return new Settings(prefix + subPrefix, Collections.unmodifiableMap(sub), baseDirectory);
    }

    /** The key as written in the configuration, prefix included (for error messages). */
    public String fullKey(String key) {
        return prefix + key;
    }

    /** The relative keys present. */
    public Set<String> keys() {
        return new TreeSet<>(values.keySet());
    }

    /** All values, relative keys. */
    public Map<String, String> asMap() {
        return values;
    }

    /** The value, or empty when absent or blank. */
    public Optional<String> get(String key) {
        String v = values.get(key);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    /** The value; absent is a configuration error naming the key. */
    public String require(String key) {
        return get(key).orElseThrow(() -> new CatalogConfigurationException("missing required setting '" + fullKey(key) + "'"));
    }

    public String getString(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    public int getInt(String key, int defaultValue) {
        return get(key).map(v -> {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw bad(key, v, "an integer");
            }
        }).orElse(defaultValue);
    }

    public long getLong(String key, long defaultValue) {
        return get(key).map(v -> {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw bad(key, v, "an integer");
            }
        }).orElse(defaultValue);
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        return get(key).map(v -> {
            switch (v.toLowerCase(Locale.ROOT)) {
                case "true": case "yes": case "on": return true;
                case "false": case "no": case "off": return false;
                default: throw bad(key, v, "true or false");
            }
        }).orElse(defaultValue);
    }

    /** A size in bytes with an explicit unit (see the class comment). */
    public long getBytes(String key, long defaultValue) {
        return get(key).map(v -> parseBytes(key, v)).orElse(defaultValue);
    }

    public Duration getDuration(String key, Duration defaultValue) {
        return get(key).map(v -> {
            Matcher m = DURATION.matcher(v);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                switch (m.group(2)) {
                    case "ms": return Duration.ofMillis(n);
                    case "s": return Duration.ofSeconds(n);
                    case "m": return Duration.ofMinutes(n);
                    case "h": return Duration.ofHours(n);
                    default: return Duration.ofDays(n);
                }
            }
            try {
                return Duration.parse(v);
            } catch (RuntimeException e) {
                throw bad(key, v, "a duration such as 30s, 5m, 2h or PT30S");
            }
        }).orElse(defaultValue);
    }

    /**
     * A path; a relative one resolves against {@link #baseDirectory()} when there is one (so a properties file's
     * {@code ./data} means the folder beside the file), else against the working directory. The default is
     * returned as given.
     */
    public Path getPath(String key, Path defaultValue) {
        return get(key).map(v -> {
            Path p;
            try {
                p = Path.of(v);
            } catch (RuntimeException e) {
                throw bad(key, v, "a file system path");
            }
            return baseDirectory != null && !p.isAbsolute() ? baseDirectory.resolve(p).normalize() : p;
        }).orElse(defaultValue);
    }

    /** A comma-separated list, trimmed, blanks dropped. */
    public java.util.List<String> getList(String key) {
        return get(key).map(v -> java.util.Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(java.util.stream.Collectors.toList())).orElse(java.util.List.of());
    }

    /** One of {@code allowed} (case-insensitive, returned lower-case). */
    public String getChoice(String key, String defaultValue, String... allowed) {
        String v = get(key).map(s -> s.toLowerCase(Locale.ROOT)).orElse(defaultValue);
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw bad(key, v, "one of " + String.join(", ", allowed));
    }

    /** A configuration error for {@code key} holding {@code value}, which should have been {@code expected}. */
    public CatalogConfigurationException bad(String key, String value, String expected) {
        return new CatalogConfigurationException("invalid setting '" + fullKey(key) + "' = '" + value + "': expected " + expected);
    }

    private long parseBytes(String key, String v) {
        Matcher m = SIZE.matcher(v);
        if (!m.matches()) {
            throw bad(key, v, "a size such as 5MiB, 64KiB or 1073741824");
        }
        long n = Long.parseLong(m.group(1));
        long unit;
        switch (m.group(2)) {
            case "": case "B": unit = 1; break;
            case "KiB": unit = 1L << 10; break;
            case "MiB": unit = 1L << 20; break;
            case "GiB": unit = 1L << 30; break;
            case "TiB": unit = 1L << 40; break;
            case "KB": unit = 1_000L; break;
            case "MB": unit = 1_000_000L; break;
            case "GB": unit = 1_000_000_000L; break;
            case "TB": unit = 1_000_000_000_000L; break;
            default: throw bad(key, v, "a size unit among B, KiB, MiB, GiB, TiB, KB, MB, GB, TB");
        }
        try {
            return Math.multiplyExact(n, unit);
        } catch (ArithmeticException e) {
            throw bad(key, v, "a size below 8 EiB");
        }
    }

    @Override
    public String toString() {
        return "Settings{prefix=" + prefix + ", keys=" + values.keySet() + "}";
    }
}
