package dev.imagecatalog.metadef;

import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.error.InvalidInputException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks metadata definitions and, against them, resource properties.
 *
 * <p>The definitions themselves are checked before they are stored (package-private {@code check...} methods):
 * names (not blank, at most 80 characters, no control characters), lengths of the namespace attributes, property
 * types and titles, patterns that compile, ranges whose lower bound is not above the upper, and names given once.
 * A bad field is an {@link InvalidInputException} naming its path (such as {@code properties.cpu_policy.type});
 * a name given twice is a {@link ConflictException}.
 *
 * <p>Resource properties: a validator checks a resource's custom properties (string values, as Glance stores
 * them) against the property definitions of the namespaces associated with a resource type. A key is checked
 * when it equals an association's prefix
 * followed by the name of a namespace property or of a property of one of its objects (for example {@code hw_} +
 * {@code cpu_policy}); other keys are left alone. Checks: type, enum, minimum/maximum, minLength/maxLength,
 * pattern, and for arrays the items' type and enum, minItems/maxItems, uniqueItems and operators.
 *
 * <p>Value syntax: integers and numbers in decimal; booleans as oslo's {@code bool_from_string} reads them
 * ({@code true/false, yes/no, on/off, 1/0, t/f, y/n}, any case); arrays as Nova writes them, items separated by
 * commas or spaces, optionally led by an operator such as {@code <or>} or {@code <all-in>}.
 *
 * <p>Immutable and thread-safe; {@link MetadefService#validateImageProperties} builds one from the namespaces in
 * the caller's scope.
 */
public final class MetadefValidator {
    /** The catalog setting that turns image property validation on ({@code false} by default). */
    public static final String SETTING_KEY = "metadefs.validate-image-properties";

    private static final Set<String> TRUE = Set.of("1", "t", "true", "on", "y", "yes");
    private static final Set<String> FALSE = Set.of("0", "f", "false", "off", "n", "no");
    private static final Pattern OPERATOR = Pattern.compile("<[a-z-]+>");
    private static final int NAME_MAX = 80;
    private static final String TYPE_NAMES = String.join(", ", new TreeSet<>(MetadefProperty.TYPES));

    private final List<ApplicableDefinition> definitions;

    private MetadefValidator(List<ApplicableDefinition> definitions) {
        this.definitions = List.copyOf(definitions);
    }

    /**
     * A validator for {@code resourceType} from these namespaces (those not associated with it are ignored).
     *
     * @param namespaces   the namespaces whose definitions apply
     * @param resourceType the resource type, such as {@code OS::Glance::Image}
     * @return the validator
     */
    public static MetadefValidator forResourceType(Collection<MetadefNamespace> namespaces, String resourceType) {
        List<ApplicableDefinition> defs = new ArrayList<>();
        for (MetadefNamespace ns : namespaces) {
            ns.association(resourceType).ifPresent(a -> {
                String prefix = a.prefixOrEmpty();
                for (MetadefProperty p : ns.properties()) {
                    defs.add(new ApplicableDefinition(prefix + p.name(), ns.namespace(), prefix, null, p));
                }
                for (MetadefObject o : ns.objects()) {
                    for (MetadefProperty p : o.properties()) {
                        defs.add(new ApplicableDefinition(prefix + p.name(), ns.namespace(), prefix, o.name(), p));
                    }
                }
            });
        }
        return new MetadefValidator(defs);
    }

    /**
     * A validator for images ({@link MetadefResourceType#GLANCE_IMAGE}).
     *
     * @param namespaces the namespaces whose definitions apply
     * @return the validator
     */
    public static MetadefValidator forImages(Collection<MetadefNamespace> namespaces) {
        return forResourceType(namespaces, MetadefResourceType.GLANCE_IMAGE);
    }

    /**
     * The definitions that apply to these properties' keys, in namespace then document order.
     *
     * @param properties a resource's properties
     * @return the definitions of the keys that have one
     */
    public List<ApplicableDefinition> definitionsFor(Map<String, String> properties) {
        List<ApplicableDefinition> out = new ArrayList<>();
        for (ApplicableDefinition d : definitions) {
            if (properties.containsKey(d.key())) {
                out.add(d);
            }
        }
        return out;
    }

    /**
     * Checks every property that has a definition; the first that breaks a rule is an
     * {@link InvalidInputException} naming the key, the value and the rule (for an enum, the allowed values).
     *
     * @param properties a resource's properties
     */
    public void validate(Map<String, String> properties) {
        for (ApplicableDefinition d : definitionsFor(properties)) {
            check(d, properties.get(d.key()));
        }
    }

    /**
     * Checks one property.
     *
     * @param key   the property's key
     * @param value its value
     * @throws InvalidInputException naming the key, the value and the rule when it breaks its definition
     */
    public void validate(String key, String value) {
        validate(Map.of(key, value));
    }

    private static void check(ApplicableDefinition d, String value) {
        if (value == null) {
            return;
        }
        MetadefProperty p = d.property();
        String type = p.type() == null ? "string" : p.type();
        switch (type) {
            case "array" -> checkArray(d, p, value);
            case "object" -> {
                // free-form: nothing a string value can be checked against
            }
            default -> {
                Object parsed = parseScalar(d, type, value, "");
                checkScalar(d, p.enumValues(), p.minimum(), p.maximum(), p.minLength(), p.maxLength(), p.pattern(),
                        type, parsed, value, "");
            }
        }
    }

    private static Object parseScalar(ApplicableDefinition d, String type, String value, String what) {
        switch (type) {
            case "integer":
                try {
                    return Long.parseLong(value.trim());
                } catch (NumberFormatException e) {
                    throw refuse(d, value, what + "must be an integer");
                }
            case "number":
                try {
                    double x = Double.parseDouble(value.trim());
                    if (Double.isNaN(x) || Double.isInfinite(x)) {
                        throw new NumberFormatException();
                    }
                    return x;
                } catch (NumberFormatException e) {
                    throw refuse(d, value, what + "must be a number");
                }
            case "boolean":
                String v = value.trim().toLowerCase(Locale.ROOT);
                if (TRUE.contains(v)) {
                    return true;
                }
                if (FALSE.contains(v)) {
                    return false;
                }
                throw refuse(d, value, what + "must be a boolean (true or false)");
            default:
                return value;
        }
    }

    private static void checkScalar(ApplicableDefinition d, List<Object> enumValues, Number min, Number max,
                                    Integer minLength, Integer maxLength, String pattern, String type, Object parsed,
                                    String value, String what) {
        if (enumValues != null && !enumValues.isEmpty() && enumValues.stream().noneMatch(e -> same(e, parsed))) {
            throw refuse(d, value, what + "must be one of " + render(enumValues));
        }
        if (parsed instanceof Number n) {
            double x = n.doubleValue();
            if (min != null && x < min.doubleValue()) {
                throw refuse(d, value, what + "must be at least " + min);
            }
            if (max != null && x > max.doubleValue()) {
                throw refuse(d, value, what + "must be at most " + max);
            }
        }
        if ("string".equals(type)) {
            int length = length(value);
            if (minLength != null && length < minLength) {
                throw refuse(d, value, what + "must be at least " + minLength + " characters long");
            }
            if (maxLength != null && length > maxLength) {
                throw refuse(d, value, what + "must be at most " + maxLength + " characters long");
            }
            if (pattern != null) {
                Matcher m;
                try {
                    m = Pattern.compile(pattern).matcher(value);
                } catch (PatternSyntaxException e) {
                    return; // definitions are checked when stored; an old bad pattern constrains nothing
                }
                if (!m.find()) {
                    throw refuse(d, value, what + "must match the pattern " + pattern);
                }
            }
        }
    }

    private static void checkArray(ApplicableDefinition d, MetadefProperty p, String value) {
        String rest = value.trim();
        Matcher op = OPERATOR.matcher(rest);
        if (op.lookingAt()) {
            String operator = op.group();
            if (p.operators() != null && !p.operators().contains(operator)) {
                throw refuse(d, value, "operator " + operator + " is not one of " + render(p.operators()));
            }
        }
        List<String> items = new ArrayList<>();
        for (String token : rest.split("[,\\s]+")) {
            if (!token.isEmpty() && !OPERATOR.matcher(token).matches()) {
                items.add(token);
            }
        }
        if (p.minItems() != null && items.size() < p.minItems()) {
            throw refuse(d, value, "must have at least " + p.minItems() + " items");
        }
        if (p.maxItems() != null && items.size() > p.maxItems()) {
            throw refuse(d, value, "must have at most " + p.maxItems() + " items");
        }
        if (Boolean.TRUE.equals(p.uniqueItems()) && new HashSet<>(items).size() != items.size()) {
            throw refuse(d, value, "must not repeat items");
        }
        MetadefProperty.Items schema = p.items();
        if (schema == null) {
            return;
        }
        String itemType = schema.type() == null ? "string" : schema.type();
        for (String item : items) {
            Object parsed = parseScalar(d, itemType, item, "item '" + item + "' ");
            checkScalar(d, schema.enumValues(), null, null, null, null, null, itemType, parsed, value,
                    "item '" + item + "' ");
        }
    }

    private static boolean same(Object enumValue, Object parsed) {
        if (enumValue instanceof Number a && parsed instanceof Number b) {
            return a.doubleValue() == b.doubleValue();
        }
        if (enumValue instanceof Boolean || parsed instanceof Boolean) {
            return enumValue != null && parsed != null
                    && String.valueOf(enumValue).equalsIgnoreCase(String.valueOf(parsed));
        }
        return enumValue != null && String.valueOf(enumValue).equals(String.valueOf(parsed));
    }

    private static String render(List<?> values) {
        List<String> out = new ArrayList<>();
        values.forEach(v -> out.add(String.valueOf(v)));
        return String.join(", ", out);
    }

    private static InvalidInputException refuse(ApplicableDefinition d, String value, String rule) {
        return new InvalidInputException("image property '" + d.key() + "': value '" + value + "' " + rule
                + " (metadata definition " + d.namespace()
                + (d.objectName() == null ? "" : " object " + d.objectName()) + " property " + d.property().name()
                + ")");
    }

    // ---------------------------------------------------------------- checking definitions

    /** A whole namespace as given to create or import: attributes, and every association, property, object, tag. */
    static void checkNamespace(MetadefNamespace ns) {
        checkNamespaceAttributes(ns);
        Set<String> seen = new HashSet<>();
        for (ResourceTypeAssociation a : ns.resourceTypeAssociations()) {
            checkAssociation(a, "resource_type_associations");
            unique(seen, "resource type association", a.name());
        }
        seen.clear();
        for (MetadefProperty p : ns.properties()) {
            checkProperty(p, "properties");
            unique(seen, "property", p.name());
        }
        seen.clear();
        for (MetadefObject o : ns.objects()) {
            checkObject(o, "objects");
            unique(seen, "object", o.name());
        }
        checkTagNames(ns.tags().stream().map(MetadefTag::name).toList(), "tags.name");
    }

    /** The namespace's own attributes: name (no {@code /}), display name, description, owner. */
    static void checkNamespaceAttributes(MetadefNamespace ns) {
        checkName(ns.namespace(), "namespace");
        if (ns.namespace().contains("/")) {
            throw new InvalidInputException("namespace: '" + ns.namespace() + "' must not contain '/'");
        }
        checkLength(ns.displayName(), NAME_MAX, "display_name");
        checkLength(ns.description(), 500, "description");
        checkLength(ns.owner(), 255, "owner");
    }

    static void checkAssociation(ResourceTypeAssociation a, String path) {
        checkName(a.name(), path + ".name");
        checkLength(a.prefix(), NAME_MAX, path + ".prefix");
        checkLength(a.propertiesTarget(), NAME_MAX, path + ".properties_target");
    }

    static void checkObject(MetadefObject o, String path) {
        checkName(o.name(), path + ".name");
        String p = path + "." + o.name();
        Set<String> seen = new HashSet<>();
        for (MetadefProperty prop : o.properties()) {
            checkProperty(prop, p + ".properties");
            unique(seen, "property", prop.name());
        }
        for (String r : o.required()) {
            checkName(r, p + ".required");
        }
    }

    static void checkProperty(MetadefProperty prop, String path) {
        checkName(prop.name(), path + ".name");
        String p = path + "." + prop.name();
        if (prop.type() == null) {
            throw new InvalidInputException(p + ".type: required");
        }
        checkType(prop.type(), p + ".type");
        if (prop.title() == null || prop.title().isBlank()) {
            throw new InvalidInputException(p + ".title: required");
        }
        if (prop.items() != null && prop.items().type() != null) {
            checkType(prop.items().type(), p + ".items.type");
        }
        if (prop.pattern() != null) {
            try {
                Pattern.compile(prop.pattern());
            } catch (PatternSyntaxException e) {
                throw new InvalidInputException(p + ".pattern: not a valid regular expression: "
                        + e.getDescription(), e);
            }
        }
        checkRange(prop.minimum(), prop.maximum(), p, "minimum", "maximum");
        checkRange(prop.minLength(), prop.maxLength(), p, "minLength", "maxLength");
        checkRange(prop.minItems(), prop.maxItems(), p, "minItems", "maxItems");
    }

    /** Tag names: each a valid name, none given twice. */
    static void checkTagNames(List<String> names, String field) {
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            checkName(n, field);
            unique(seen, "tag", n);
        }
    }

    /** Not blank, at most 80 characters, no control characters. */
    static void checkName(String name, String field) {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException(field + ": must not be blank");
        }
        checkLength(name, NAME_MAX, field);
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException(field + ": '" + name.replaceAll("\\p{Cntrl}", "?")
                    + "' must not contain control characters");
        }
    }

    private static void checkType(String type, String field) {
        if (!MetadefProperty.TYPES.contains(type)) {
            throw new InvalidInputException(field + ": '" + type + "' is not one of " + TYPE_NAMES);
        }
    }

    private static void checkRange(Number low, Number high, String path, String lowName, String highName) {
        if (low != null && high != null && low.doubleValue() > high.doubleValue()) {
            throw new InvalidInputException(path + "." + lowName + ": " + low + " is above " + highName + " " + high);
        }
    }

    private static void checkLength(String value, int max, String field) {
        if (value != null && length(value) > max) {
            throw new InvalidInputException(field + ": longer than " + max + " characters");
        }
    }

    private static void unique(Set<String> seen, String what, String name) {
        if (!seen.add(name)) {
            throw new ConflictException("metadef " + what + " '" + name + "' is given twice");
        }
    }

    /** Length in characters (code points), as Glance counts. */
    private static int length(String value) {
        return value.codePointCount(0, value.length());
    }
}
