package dev.imagecatalog.policy;

import dev.imagecatalog.config.Settings;
import dev.imagecatalog.error.CatalogConfigurationException;
import dev.imagecatalog.error.ForbiddenException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Per-property access rules, as in Glance's property-protections file with {@code property_protection_rule_format
 * = roles}. Configured as numbered sections, tried in ascending number; the first whose pattern matches (Java
 * regular expression, {@code find} semantics like Python's {@code re.match} when anchored with {@code ^}) decides:
 * <pre>
 * property-protection.1.pattern = ^x_billing_.*
 * property-protection.1.create  = admin
 * property-protection.1.read    = admin,member
 * property-protection.1.update  = admin
 * property-protection.1.delete  = admin
 * </pre>
 * Each operation takes a comma-separated list of roles ({@code @} = everyone, {@code !} = nobody); all four are
 * required. A property no pattern matches is unprotected. A property the caller may not read behaves as an absent
 * one: it is left out of every image the caller gets, a list filter on it matches nothing, and a patch treats it
 * as missing ({@code add} is a create; {@code replace} and {@code remove} answer that it does not exist); creating,
 * updating or deleting a property the caller's roles do not allow is forbidden. Role names compare
 * case-insensitively ({@link RequestContext#hasRole(String)}).
 */
public final class PropertyProtections {

    /** The four operations of a section. */
    public enum Operation {
        /** Adding a property that is absent. */
        CREATE,
        /** Seeing a property and its value. */
        READ,
        /** Changing a property's value. */
        UPDATE,
        /** Removing a property. */
        DELETE
    }

    private record Section(int number, Pattern pattern, Map<Operation, Set<String>> roles) {
    }

    private static final PropertyProtections NONE = new PropertyProtections(List.of());
    private final List<Section> sections;

    private PropertyProtections(List<Section> sections) {
        this.sections = sections;
    }

    /** {@return no protections: every property is unprotected} */
    public static PropertyProtections none() {
        return NONE;
    }

    /**
     * Reads the {@code property-protection.<n>.*} settings.
     *
     * @param settings the catalog's settings
     * @return the protections, {@link #none()} if no section is configured
     * @throws CatalogConfigurationException naming the key of a bad section
     */
    public static PropertyProtections fromSettings(Settings settings) {
        TreeMap<Integer, String> numbers = new TreeMap<>();
        for (String key : settings.keys()) {
            if (!key.startsWith("property-protection.")) {
                continue;
            }
            String rest = key.substring("property-protection.".length());
            int dot = rest.indexOf('.');
            String n = dot < 0 ? rest : rest.substring(0, dot);
            String field = dot < 0 ? "" : rest.substring(dot + 1);
            int number;
            try {
                number = Integer.parseInt(n);
            } catch (NumberFormatException e) {
                throw new CatalogConfigurationException("invalid setting '" + key
                        + "': expected property-protection.<number>.(pattern|create|read|update|delete)");
            }
            if (!Set.of("pattern", "create", "read", "update", "delete").contains(field)) {
                throw new CatalogConfigurationException("invalid setting '" + key
                        + "': expected property-protection." + n + ".(pattern|create|read|update|delete)");
            }
            numbers.put(number, n);
        }
        List<Section> sections = new ArrayList<>();
        for (Map.Entry<Integer, String> e : numbers.entrySet()) {
            String prefix = "property-protection." + e.getValue() + ".";
            String regex = settings.require(prefix + "pattern");
            Pattern pattern;
            try {
                pattern = Pattern.compile(regex);
            } catch (PatternSyntaxException ex) {
                throw settings.bad(prefix + "pattern", regex, "a regular expression (" + ex.getDescription() + ")");
            }
            Map<Operation, Set<String>> roles = new java.util.EnumMap<>(Operation.class);
            for (Operation op : Operation.values()) {
                String key = prefix + op.name().toLowerCase(Locale.ROOT);
                List<String> list = settings.getList(key);
                if (list.isEmpty()) {
                    settings.require(key);
                    throw settings.bad(key, settings.get(key).orElse(""), "a comma-separated role list, @ or !");
                }
                roles.put(op, Collections.unmodifiableSet(new TreeSet<>(list)));
            }
            sections.add(new Section(e.getKey(), pattern, roles));
        }
        return sections.isEmpty() ? NONE : new PropertyProtections(List.copyOf(sections));
    }

    /**
     * Whether a caller may do an operation on a property.
     *
     * @param op  the operation
     * @param ctx the caller
     * @param key the property's name
     * @return true if the first section whose pattern matches {@code key} allows one of the caller's roles, or if
     *         no section matches
     */
    public boolean allows(Operation op, RequestContext ctx, String key) {
        for (Section s : sections) {
            if (s.pattern().matcher(key).find()) {
                Set<String> allowed = s.roles().get(op);
                if (allowed.contains("@")) {
                    return true;
                }
                if (allowed.contains("!")) {
                    return false;
                }
                for (String r : allowed) {
                    if (ctx.hasRole(r)) {
                        return true;
                    }
                }
                return false;
            }
        }
        return true;
    }

    /**
     * Refuses what the protections do not allow: {@link #allows}, or a {@link ForbiddenException}.
     *
     * @param op  the operation
     * @param ctx the caller
     * @param key the property's name
     * @throws ForbiddenException naming the property if the caller may not do {@code op} on it
     */
    public void enforce(Operation op, RequestContext ctx, String key) {
        if (!allows(op, ctx, key)) {
            throw new ForbiddenException("property '" + key + "' is protected: your roles may not "
                    + op.name().toLowerCase(Locale.ROOT) + " it");
        }
    }

    /** {@return true when no section is configured} */
    public boolean isEmpty() {
        return sections.isEmpty();
    }
}
