package dev.imagecatalog.config;

import dev.imagecatalog.error.CatalogConfigurationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Plain key/value configuration, scoped to a prefix, read through declared {@link Setting}s. A module declares its
 * keys once in a {@link SettingsSpec}, {@linkplain SettingsSpec#check checks} the settings under its own prefix
 * ({@code store.<id>.} or {@code metadata.}; core: everything else) and reads relative keys with
 * {@link #value(Setting)}; every error names the key as written in the configuration file and never shows a value
 * declared {@linkplain Setting#secret() secret}.
 *
 * <p>Sizes take explicit units: {@code B}, {@code KiB}, {@code MiB}, {@code GiB}, {@code TiB} (powers of 1024) or
 * {@code KB}, {@code MB}, {@code GB}, {@code TB} (powers of 1000); a bare number other than {@code 0} is refused.
 * Durations take {@code ms}, {@code s}, {@code m}, {@code h}, {@code d} or ISO-8601 ({@code PT30S}).
 */
public final class Settings {
    private static final String HIDDEN = "(secret, not shown)";
    private static final Pattern USER_INFO = Pattern.compile("://[^/?#@\\s]*@");
    private static final Pattern CREDENTIAL_PARAMETER = Pattern.compile(
            "(?i)\\b(password|passwd|pwd|secret|token|key)=[^&;\\s]*");

    private final String prefix;
    private final Map<String, String> values;
    private final Path baseDirectory;
    /** Relative keys whose values no message shows. */
    private final Set<String> secretKeys;

    private Settings(String prefix, Map<String, String> values, Path baseDirectory, Set<String> secretKeys) {
        this.prefix = prefix;
        this.values = values;
        this.baseDirectory = baseDirectory;
        this.secretKeys = secretKeys;
    }

    /**
     * Settings over a copy of {@code values}, with no prefix. Keys and values are trimmed.
     *
     * @param values the keys and their values
     * @return the settings; relative paths resolve against the working directory
     */
    public static Settings of(Map<String, String> values) {
        Map<String, String> copy = new TreeMap<>();
        values.forEach((k, v) -> copy.put(k.trim(), v == null ? null : v.trim()));
        return new Settings("", Collections.unmodifiableMap(copy), null, Set.of());
    }

    /**
     * Settings over a copy of {@code values} whose relative paths resolve against {@code baseDirectory}: the
     * folder of the properties file they came from ({@code ImageCatalog.fromProperties}). {@link #value(Setting)}
     * applies it to {@link Setting#path} settings; a plug-in with paths inside other values (a JDBC URL) reads
     * {@link #baseDirectory()} itself.
     *
     * @param values        the keys and their values
     * @param baseDirectory the folder relative paths resolve against, or null for the working directory
     * @return the settings
     */
    public static Settings of(Map<String, String> values, Path baseDirectory) {
        Settings s = of(values);
        return baseDirectory == null ? s
                : new Settings("", s.values, baseDirectory.toAbsolutePath().normalize(), Set.of());
    }

    /** These settings with {@code keys} (relative) also secret. */
    Settings withSecrets(Set<String> keys) {
        Set<String> all = new TreeSet<>(secretKeys);
        all.addAll(keys);
        return new Settings(prefix, values, baseDirectory, Collections.unmodifiableSet(all));
    }

    /**
     * The directory relative paths resolve against, if these settings came from a file.
     *
     * @return the absolute directory, or empty for the working directory
     */
    public Optional<Path> baseDirectory() {
        return Optional.ofNullable(baseDirectory);
    }

    /**
     * The settings whose keys start with {@code subPrefix}, keys made relative; error messages still name the full
     * key.
     *
     * @param subPrefix the prefix to keep and strip, e.g. {@code "store.local."}
     * @return the scoped settings, with the same base directory and secret keys
     */
    public Settings scoped(String subPrefix) {
        Map<String, String> sub = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(subPrefix)) {
                sub.put(k.substring(subPrefix.length()), v);
            }
        });
        Set<String> secrets = new TreeSet<>();
        secretKeys.stream().filter(k -> k.startsWith(subPrefix)).forEach(k -> secrets.add(k.substring(subPrefix.length())));
        return new Settings(prefix + subPrefix, Collections.unmodifiableMap(sub), baseDirectory,
                Collections.unmodifiableSet(secrets));
    }

    /**
     * These settings without some keys: what a module passes on after reading the keys it owns itself (core reads
     * {@code store.<id>.weight} and passes the rest to the store's provider).
     *
     * @param relativeKeys the keys to leave out
     * @return the settings without them, with the same prefix, base directory and secret keys
     */
    public Settings without(Set<String> relativeKeys) {
        Map<String, String> rest = new TreeMap<>(values);
        rest.keySet().removeAll(relativeKeys);
        return new Settings(prefix, Collections.unmodifiableMap(rest), baseDirectory, secretKeys);
    }

    /**
     * The values that are not secret, for showing a configuration (a store's properties to administrators).
     *
     * @return relative key to value, without any key a {@link Setting#secret()} setting marked
     */
    public Map<String, String> nonSecretValues() {
        Map<String, String> shown = new TreeMap<>(values);
        shown.keySet().removeAll(secretKeys);
        return Collections.unmodifiableMap(shown);
    }

    /**
     * The key as written in the configuration, prefix included (for error messages).
     *
     * @param key a relative key
     * @return the full key
     */
    public String fullKey(String key) {
        return prefix + key;
    }

    /**
     * The relative keys present.
     *
     * @return a sorted copy of the keys
     */
    public Set<String> keys() {
        return new TreeSet<>(values.keySet());
    }

    /**
     * All values, relative keys.
     *
     * @return an unmodifiable view of the values by relative key
     */
    public Map<String, String> asMap() {
        return values;
    }

    /**
     * The raw value of a key.
     *
     * @param key a relative key
     * @return the trimmed value, or empty when absent or blank
     */
    public Optional<String> get(String key) {
        String v = values.get(key);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    /**
     * The value of {@code setting}: parsed with its unit and checked against its range; when absent or blank, its
     * default.
     *
     * @param <T>     the setting's value type
     * @param setting the declared setting, its key relative to these settings
     * @return the parsed value or the default
     * @throws CatalogConfigurationException naming the key when the value is bad, or absent from a required setting
     * @throws IllegalStateException when the value is absent and the setting has neither a default nor is required
     *                               (read such a setting with {@link #optional(Setting)})
     */
    public <T> T value(Setting<T> setting) {
        Optional<T> v = optional(setting);
        if (v.isPresent()) {
            return v.get();
        }
        if (setting.isRequired()) {
            throw missing(setting.key());
        }
        return setting.defaultValue().orElseThrow(() -> new IllegalStateException("setting '" + setting.key()
                + "' has no default: read it with optional()"));
    }

    /**
     * The value of {@code setting} if present and not blank (its default is not applied), parsed with its unit and
     * checked against its range.
     *
     * @param <T>     the setting's value type
     * @param setting the declared setting, its key relative to these settings
     * @return the parsed value, or empty when absent or blank
     * @throws CatalogConfigurationException naming the key when the value is bad
     */
    public <T> Optional<T> optional(Setting<T> setting) {
        Optional<String> raw = get(setting.key());
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        T v;
        try {
            v = setting.parse(raw.get());
        } catch (IllegalArgumentException e) {
            throw new CatalogConfigurationException(message(setting.key(), raw.get(), setting.isSecret(),
                    e.getMessage()));
        }
        if (v instanceof Path p && baseDirectory != null && !p.isAbsolute()) {
            @SuppressWarnings("unchecked")
            T resolved = (T) baseDirectory.resolve(p).normalize();
            return Optional.of(resolved);
        }
        return Optional.of(v);
    }

    /**
     * The value of a key that must be set.
     *
     * @param key a relative key
     * @return the trimmed value
     * @throws CatalogConfigurationException naming the key when it is absent or blank
     */
    public String require(String key) {
        return get(key).orElseThrow(() -> missing(key));
    }

    /**
     * The value of a key, or a default.
     *
     * @param key          a relative key
     * @param defaultValue what to return when the key is absent or blank
     * @return the trimmed value, or {@code defaultValue}
     */
    public String getString(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    /**
     * An integer ({@link Setting#integer}).
     *
     * @param key          a relative key
     * @param defaultValue what to return when the key is absent or blank
     * @return the value, or {@code defaultValue}
     * @throws CatalogConfigurationException naming the key when the value is not an integer
     */
    public int getInt(String key, int defaultValue) {
        return value(Setting.integer(key).defaultValue(defaultValue));
    }

    /**
     * A long integer ({@link Setting#longInteger}).
     *
     * @param key          a relative key
     * @param defaultValue what to return when the key is absent or blank
     * @return the value, or {@code defaultValue}
     * @throws CatalogConfigurationException naming the key when the value is not an integer
     */
    public long getLong(String key, long defaultValue) {
        return value(Setting.longInteger(key).defaultValue(defaultValue));
    }

    /**
     * A boolean ({@link Setting#bool}).
     *
     * @param key          a relative key
     * @param defaultValue what to return when the key is absent or blank
     * @return the value, or {@code defaultValue}
     * @throws CatalogConfigurationException naming the key when the value is not {@code true} or {@code false}
     */
    public boolean getBoolean(String key, boolean defaultValue) {
        return value(Setting.bool(key).defaultValue(defaultValue));
    }

    /**
     * A size with an explicit unit ({@link Setting#size}).
     *
     * @param key          a relative key
     * @param defaultValue what to return, in bytes, when the key is absent or blank
     * @return the size in bytes, or {@code defaultValue}
     * @throws CatalogConfigurationException naming the key when the value is not a size with a unit
     */
    public long getBytes(String key, long defaultValue) {
        return value(Setting.size(key).defaultValue(defaultValue));
    }

    /**
     * A duration ({@link Setting#duration}).
     *
     * @param key          a relative key
     * @param defaultValue what to return when the key is absent or blank
     * @return the value, or {@code defaultValue}
     * @throws CatalogConfigurationException naming the key when the value is not a duration
     */
    public Duration getDuration(String key, Duration defaultValue) {
        return optional(Setting.duration(key)).orElse(defaultValue);
    }

    /**
     * A path ({@link Setting#path}); a relative one resolves against {@link #baseDirectory()} when there is one (so
     * a properties file's {@code ./data} means the folder beside the file), else against the working directory. The
     * default is returned as given.
     *
     * @param key          a relative key
     * @param defaultValue what to return when the key is absent or blank
     * @return the resolved path, or {@code defaultValue}
     * @throws CatalogConfigurationException naming the key when the value is not a path
     */
    public Path getPath(String key, Path defaultValue) {
        return optional(Setting.path(key)).orElse(defaultValue);
    }

    /**
     * A comma-separated list ({@link Setting#list}).
     *
     * @param key a relative key
     * @return the trimmed elements, empty when the key is absent or blank
     */
    public List<String> getList(String key) {
        return optional(Setting.list(key)).orElse(List.of());
    }

    /**
     * One of a fixed set of words ({@link Setting#choice}).
     *
     * @param key          a relative key
     * @param defaultValue what to return when the key is absent or blank
     * @param allowed      the accepted words
     * @return the value in lower case, or {@code defaultValue}
     * @throws CatalogConfigurationException naming the key and the accepted words when the value is another
     */
    public String getChoice(String key, String defaultValue, String... allowed) {
        return optional(Setting.choice(key, allowed)).orElse(defaultValue);
    }

    /**
     * A configuration error for {@code key} holding {@code value}, which should have been {@code expected}; the
     * value is not shown when the key is secret.
     *
     * @param key      a relative key
     * @param value    the value it holds
     * @param expected what it should have been, as a phrase ("a positive integer")
     * @return the error, for the caller to throw
     */
    public CatalogConfigurationException bad(String key, String value, String expected) {
        return new CatalogConfigurationException(message(key, value, secretKeys.contains(key), expected));
    }

    /**
     * A configuration error for the value {@code setting} holds, which should have been {@code expected}; the value
     * is not shown when the setting or key is secret.
     *
     * @param setting  the declared setting
     * @param expected what its value should have been, as a phrase
     * @return the error, for the caller to throw
     */
    public CatalogConfigurationException bad(Setting<?> setting, String expected) {
        return new CatalogConfigurationException(message(setting.key(), get(setting.key()).orElse(""),
                setting.isSecret() || secretKeys.contains(setting.key()), expected));
    }

    private String message(String key, String value, boolean secret, String expected) {
        return "invalid setting '" + fullKey(key) + "' = " + (secret ? HIDDEN : "'" + shown(value) + "'")
                + ": expected " + expected;
    }

    /**
     * {@code value} as a message may show it: credentials inside a URL ({@code https://user:pw@host},
     * {@code ?password=pw}) are masked, whatever the key.
     */
    static String shown(String value) {
        String v = USER_INFO.matcher(value).replaceAll("://***@");
        return CREDENTIAL_PARAMETER.matcher(v).replaceAll("$1=***");
    }

    private CatalogConfigurationException missing(String key) {
        return new CatalogConfigurationException("missing required setting '" + fullKey(key) + "'");
    }

    @Override
    public String toString() {
        return "Settings{prefix=" + prefix + ", keys=" + values.keySet() + "}";
    }
}
