package dev.imagecatalog.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One setting a module reads, declared once: its key (relative to the module's prefix), its type and unit, its
 * default, its range, whether it is required and whether its value is a secret. A module lists its settings in a
 * {@link SettingsSpec}, which refuses keys it does not declare, and reads each value with
 * {@link Settings#value(Setting)}: parsed with its unit, checked against its range, every error naming the key as
 * written in the configuration and never showing a secret value.
 *
 * <pre>{@code
 * static final Setting<Long> PART_SIZE = Setting.size("part-size").range(5 * MIB, 1024 * MIB).defaultValue(16 * MIB);
 * static final Setting<String> SECRET_KEY = Setting.string("secret-key").secret();
 * }</pre>
 *
 * <p>Instances are immutable; each modifier returns a copy.
 *
 * @param <T> the type of the value
 */
public final class Setting<T> {

    /**
     * The {@code type} key of a plug-in's settings ({@code store.<id>.type}, {@code metadata.type}): core requires it
     * and reads it to choose the provider; every plug-in's {@link SettingsSpec} lists it, so it is not refused as
     * unknown (a provider built directly, without core, may be given settings without it).
     */
    public static final Setting<String> PLUGIN_TYPE = string("type");

    private final String key;
    private final String type;
    private final Function<String, T> parser;
    private final Comparator<? super T> order;
    private final Function<? super T, String> format;
    private final T defaultValue;
    private final T min;
    private final T max;
    private final boolean required;
    private final boolean secret;

    private Setting(String key, String type, Function<String, T> parser, Comparator<? super T> order,
                    Function<? super T, String> format, T defaultValue, T min, T max, boolean required,
                    boolean secret) {
        this.key = key;
        this.type = type;
        this.parser = parser;
        this.order = order;
        this.format = format;
        this.defaultValue = defaultValue;
        this.min = min;
        this.max = max;
        this.required = required;
        this.secret = secret;
    }

    private static <T> Setting<T> create(String key, String type, Function<String, T> parser,
                                         Comparator<? super T> order, Function<? super T, String> format) {
        if (Objects.requireNonNull(key, "key").isBlank()) {
            throw new IllegalArgumentException("a setting needs a key");
        }
        return new Setting<>(key, type, parser, order, format, null, null, null, false, false);
    }

    /**
     * A text value, taken as written (trimmed).
     *
     * @param key the key, relative to the module's prefix
     * @return the setting, not required, without default or range
     */
    public static Setting<String> string(String key) {
        return create(key, "string", v -> v, null, v -> v);
    }

    /**
     * A value of a module's own syntax: {@code parser} turns the text into a value or throws an
     * {@link IllegalArgumentException} whose message says what was expected ("a bucket name of ...").
     *
     * @param <T>    the type of the value
     * @param key    the key, relative to the module's prefix
     * @param type   the type as a reader of the configuration would say it, used in messages
     * @param parser turns the trimmed text into a value
     * @return the setting, not required, without default or range
     */
    public static <T> Setting<T> of(String key, String type, Function<String, T> parser) {
        return create(key, type, Objects.requireNonNull(parser, "parser"), null, String::valueOf);
    }

    /**
     * A whole number that fits an {@code int}.
     *
     * @param key the key, relative to the module's prefix
     * @return the setting, not required, without default or range
     */
    public static Setting<Integer> integer(String key) {
        return create(key, "integer", SettingParsers::integer, Comparator.naturalOrder(), String::valueOf);
    }

    /**
     * A whole number that fits a {@code long}.
     *
     * @param key the key, relative to the module's prefix
     * @return the setting, not required, without default or range
     */
    public static Setting<Long> longInteger(String key) {
        return create(key, "integer", SettingParsers::longInteger, Comparator.naturalOrder(), String::valueOf);
    }

    /**
     * A size in bytes with an explicit unit: {@code B}, {@code KiB}, {@code MiB}, {@code GiB}, {@code TiB} (powers
     * of 1024) or {@code KB}, {@code MB}, {@code GB}, {@code TB} (powers of 1000). A bare number is refused (is
     * {@code 200} bytes or megabytes?), except {@code 0}.
     *
     * @param key the key, relative to the module's prefix
     * @return the setting, in bytes, not required, without default or range
     */
    public static Setting<Long> size(String key) {
        return create(key, "size", SettingParsers::size, Comparator.naturalOrder(), SettingParsers::formatSize);
    }

    /**
     * A duration with a unit: {@code ms}, {@code s}, {@code m}, {@code h}, {@code d} ({@code 30s}, {@code 5m}) or
     * ISO-8601 ({@code PT30S}). A bare number is refused.
     *
     * @param key the key, relative to the module's prefix
     * @return the setting, not required, without default or range
     */
    public static Setting<Duration> duration(String key) {
        return create(key, "duration", SettingParsers::duration, Comparator.naturalOrder(),
                SettingParsers::formatDuration);
    }

    /**
     * {@code true}/{@code yes}/{@code on} or {@code false}/{@code no}/{@code off}, any case.
     *
     * @param key the key, relative to the module's prefix
     * @return the setting, not required, without default or range
     */
    public static Setting<Boolean> bool(String key) {
        return create(key, "boolean", SettingParsers::bool, null, String::valueOf);
    }

    /**
     * One of {@code allowed} (compared case-insensitively; the value is returned lower-case).
     *
     * @param key the key, relative to the module's prefix
     * @param allowed the accepted words
     * @return the setting, not required, without default or range
     */
    public static Setting<String> choice(String key, String... allowed) {
        List<String> names = Arrays.stream(allowed).map(a -> a.toLowerCase(Locale.ROOT)).collect(Collectors.toList());
        return create(key, "one of " + String.join(", ", names), v -> {
            String lower = v.toLowerCase(Locale.ROOT);
            if (!names.contains(lower)) {
                throw new IllegalArgumentException("one of " + String.join(", ", names));
            }
            return lower;
        }, null, v -> v);
    }

    /**
     * A file system path; {@link Settings#value(Setting)} resolves a relative one against
     * {@link Settings#baseDirectory()} when there is one.
     *
     * @param key the key, relative to the module's prefix
     * @return the setting, not required, without default or range
     */
    public static Setting<Path> path(String key) {
        return create(key, "path", SettingParsers::path, null, String::valueOf);
    }

    /**
     * A comma-separated list, trimmed, blanks dropped; a value with no item is refused.
     *
     * @param key the key, relative to the module's prefix
     * @return the setting, not required, without default or range
     */
    public static Setting<List<String>> list(String key) {
        return create(key, "comma-separated list", SettingParsers::list, null, v -> String.join(", ", v));
    }

    /**
     * This setting with a default, used when the key is absent or blank.
     *
     * @param value the default
     * @return a copy with that default
     * @throws NullPointerException if {@code value} is null
     */
    public Setting<T> defaultValue(T value) {
        return new Setting<>(key, type, parser, order, format, Objects.requireNonNull(value, "default of " + key),
                min, max, required, secret);
    }

    /**
     * This setting allowing only values from {@code lowest} to {@code highest}, both included.
     *
     * @param lowest  the smallest allowed value
     * @param highest the largest allowed value
     * @return a copy with that range
     * @throws IllegalStateException if values of this type have no order (a string, a path)
     */
    public Setting<T> range(T lowest, T highest) {
        if (order == null) {
            throw new IllegalStateException("a " + type + " setting has no order: " + key);
        }
        return new Setting<>(key, type, parser, order, format, defaultValue, Objects.requireNonNull(lowest),
                Objects.requireNonNull(highest), required, secret);
    }

    /**
     * This setting allowing only values of at least {@code lowest}.
     *
     * @param lowest the smallest allowed value
     * @return a copy with that lower bound and no upper bound
     * @throws IllegalStateException if values of this type have no order (a string, a path)
     */
    public Setting<T> atLeast(T lowest) {
        if (order == null) {
            throw new IllegalStateException("a " + type + " setting has no order: " + key);
        }
        return new Setting<>(key, type, parser, order, format, defaultValue, Objects.requireNonNull(lowest), null,
                required, secret);
    }

    /**
     * This setting, required: an absent or blank value is a configuration error naming the key.
     *
     * @return a required copy
     */
    public Setting<T> required() {
        return new Setting<>(key, type, parser, order, format, defaultValue, min, max, true, secret);
    }

    /**
     * This setting with a secret value (a password, a key): no error message ever shows it.
     *
     * @return a secret copy
     */
    public Setting<T> secret() {
        return new Setting<>(key, type, parser, order, format, defaultValue, min, max, required, true);
    }

    /**
     * The key, relative to the module's prefix.
     *
     * @return the relative key
     */
    public String key() {
        return key;
    }

    /**
     * The type and unit as a reader of the configuration would say it: {@code size}, {@code duration}, ...
     *
     * @return the type's name
     */
    public String type() {
        return type;
    }

    /**
     * The default, if this setting has one.
     *
     * @return the default, or empty
     */
    public Optional<T> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /**
     * The allowed range as text ({@code 5MiB to 1GiB}, {@code at least 1}), or empty when any value goes.
     *
     * @return the range, or empty
     */
    public Optional<String> range() {
        if (min == null) {
            return Optional.empty();
        }
        return Optional.of(max == null ? "at least " + format.apply(min)
                : format.apply(min) + " to " + format.apply(max));
    }

    /**
     * Whether an absent value is an error.
     *
     * @return true if the setting is required
     */
    public boolean isRequired() {
        return required;
    }

    /**
     * Whether the value is a secret, never shown in a message.
     *
     * @return true if the value is secret
     */
    public boolean isSecret() {
        return secret;
    }

    /**
     * The value of {@code raw} (trimmed, not blank): parsed, then checked against the range. Modules read values
     * with {@link Settings#value(Setting)}, which names the key on failure; this is for a parser building on
     * another setting's.
     *
     * @param raw the text as written in the configuration
     * @return the value
     * @throws IllegalArgumentException saying what was expected (without the key)
     */
    public T parse(String raw) {
        T value = parser.apply(raw);
        if (min != null && (order.compare(value, min) < 0 || max != null && order.compare(value, max) > 0)) {
            throw new IllegalArgumentException(article(type) + " " + type + (max == null
                    ? " of at least " + format.apply(min)
                    : counted() ? " from " + format.apply(min) + " to " + format.apply(max)
                    : " between " + format.apply(min) + " and " + format.apply(max)));
        }
        return value;
    }

    /** Counts read "from 1 to 64", quantities "between 5MiB and 1GiB". */
    private boolean counted() {
        return type.equals("integer");
    }

    private static String article(String word) {
        return "aeiou".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
    }

    @Override
    public String toString() {
        return key + " (" + type + ")";
    }
}
