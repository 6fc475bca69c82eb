package dev.imagecatalog.config;

import dev.imagecatalog.error.CatalogConfigurationException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every setting one module reads, declared once: the keys under the module's prefix it knows and the open prefixes
 * below which it reads keys of its own making (a policy rule name, a project id). {@link #check(Settings)} refuses
 * any other key, naming it (and the declared key it looks like a typo of), and parses every declared value present,
 * so a bad value fails at build time even when the module would not read it in the chosen mode.
 *
 * <pre>{@code
 * static final SettingsSpec SPEC = SettingsSpec.of("s3 store", Setting.PLUGIN_TYPE, BUCKET, PART_SIZE, SECRET_KEY);
 *
 * public ImageStore create(StoreContext context) {
 *     Settings s = SPEC.check(context.settings());
 *     long partSize = s.value(PART_SIZE);
 * }
 * }</pre>
 */
public final class SettingsSpec {
    private final String owner;
    private final Map<String, Setting<?>> settings;
    private final List<String> openPrefixes;

    private SettingsSpec(String owner, Map<String, Setting<?>> settings, List<String> openPrefixes) {
        this.owner = owner;
        this.settings = settings;
        this.openPrefixes = openPrefixes;
    }

    /**
     * The settings of {@code owner} (as messages name it: {@code "s3 store"}, {@code "jdbc metadata back-end"}).
     *
     * @param owner    the module, as messages name it
     * @param settings the settings it reads
     * @return the spec, without open prefixes
     * @throws IllegalArgumentException if two settings share a key
     */
    public static SettingsSpec of(String owner, Setting<?>... settings) {
        return new SettingsSpec(Objects.requireNonNull(owner, "owner"), index(List.of(settings)), List.of());
    }

    /**
     * This spec with {@code settings} added.
     *
     * @param more the settings to add
     * @return a copy declaring these settings too
     * @throws IllegalArgumentException if a key is declared twice
     */
    public SettingsSpec with(List<? extends Setting<?>> more) {
        List<Setting<?>> all = new ArrayList<>(settings.values());
        all.addAll(more);
        return new SettingsSpec(owner, index(all), openPrefixes);
    }

    /**
     * This spec with every key starting with {@code prefix} accepted as the module's own: the module reads and checks
     * those itself (rule names, numbered sections, per-project values). Declare one only where the names below it
     * cannot be listed.
     *
     * @param prefix a relative key prefix, such as {@code "rule."}
     * @return a copy accepting every key under {@code prefix}
     * @throws IllegalArgumentException if {@code prefix} is empty
     */
    public SettingsSpec withOpenPrefix(String prefix) {
        if (Objects.requireNonNull(prefix, "prefix").isEmpty()) {
            throw new IllegalArgumentException("an open prefix must not be empty: it would accept every key");
        }
        List<String> open = new ArrayList<>(openPrefixes);
        open.add(prefix);
        return new SettingsSpec(owner, settings, List.copyOf(open));
    }

    private static Map<String, Setting<?>> index(List<? extends Setting<?>> list) {
        Map<String, Setting<?>> byKey = new LinkedHashMap<>();
        for (Setting<?> s : list) {
            if (byKey.put(s.key(), s) != null) {
                throw new IllegalArgumentException("setting '" + s.key() + "' declared twice");
            }
        }
        return Collections.unmodifiableMap(byKey);
    }

    /**
     * The declared settings, in declaration order.
     *
     * @return a copy of the settings
     */
    public List<Setting<?>> settings() {
        return List.copyOf(settings.values());
    }

    /**
     * The open prefixes (see {@link #withOpenPrefix}).
     *
     * @return the prefixes, in the order they were added
     */
    public List<String> openPrefixes() {
        return openPrefixes;
    }

    /**
     * Whether {@code key} (relative) is a declared key or lies under an open prefix.
     *
     * @param key a relative key
     * @return true if the key is declared or under an open prefix
     */
    public boolean accepts(String key) {
        return settings.containsKey(key) || openPrefixes.stream().anyMatch(key::startsWith);
    }

    /**
     * Checks {@code given} against this spec and returns it knowing which keys are secret: every key is declared or
     * under an open prefix, every required key is present, and every declared value present parses and lies in its
     * range.
     *
     * @param given the module's settings, scoped to its prefix
     * @return {@code given}, with the declared secret keys marked secret
     * @throws CatalogConfigurationException naming the first key at fault (in key order), never showing a secret
     */
    public Settings check(Settings given) {
        Set<String> secrets = new TreeSet<>();
        settings.values().stream().filter(Setting::isSecret).forEach(s -> secrets.add(s.key()));
        Settings s = given.withSecrets(secrets);
        for (String key : s.keys()) {
            if (!accepts(key)) {
                throw unknown(s, key);
            }
        }
        for (Setting<?> setting : settings.values()) {
            s.optional(setting);
            if (setting.isRequired()) {
                s.value(setting);
            }
        }
        return s;
    }

    private CatalogConfigurationException unknown(Settings s, String key) {
        String nearest = nearest(key);
        List<String> known = new ArrayList<>(new TreeSet<>(settings.keySet()));
        openPrefixes.forEach(p -> known.add(p + "*"));
        return new CatalogConfigurationException("unknown setting '" + s.fullKey(key) + "': no such setting of the "
                + owner + (nearest == null ? "" : " (did you mean '" + s.fullKey(nearest) + "'?)") + "; known: "
                + known);
    }

    /** The declared key {@code key} is most likely a typo of, or null when none is close. */
    private String nearest(String key) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : settings.keySet()) {
            int d = distance(key, candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return bestDistance <= Math.max(1, Math.min(3, key.length() / 4)) ? best : null;
    }

    /**
     * The typing distance from a to b: the fewest one-character insertions, deletions, substitutions and swaps of
     * two neighbours (optimal string alignment).
     */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    @Override
    public String toString() {
        return "SettingsSpec{" + owner + ", keys=" + settings.keySet() + ", open=" + openPrefixes + "}";
    }
}
