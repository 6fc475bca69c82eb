package dev.imagecatalog.metadef;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A property definition: a key that may be set on a resource, described by a subset of JSON schema (what Glance
 * accepts). Unset attributes are null. Numbers are normalised ({@code Long} for integral values, {@code Double}
 * otherwise) so that a definition read from JSON equals one built in code.
 *
 * <p>Values ({@link #defaultValue()}, {@link #enumValues()}) are JSON values: {@code String}, {@code Long},
 * {@code Double}, {@code Boolean}, {@code List} or {@code Map}.
 *
 * @param name            unique within its namespace or object, at most 80 characters (required)
 * @param type            one of {@link #TYPES} (required)
 * @param title           a human title (required by Glance)
 * @param description     a human description
 * @param defaultValue    the default value
 * @param enumValues      the allowed values
 * @param minimum         the smallest allowed number
 * @param maximum         the largest allowed number
 * @param minLength       the shortest allowed string
 * @param maxLength       the longest allowed string
 * @param pattern         a regular expression a string value must contain a match of
 * @param items           for arrays: the items' type and allowed values
 * @param minItems        for arrays: the fewest items
 * @param maxItems        for arrays: the most items
 * @param uniqueItems     for arrays: whether items must be distinct
 * @param additionalItems for arrays: whether items beyond the schema are allowed
 * @param readonly        whether users may not set it
 * @param operators       operators that may prefix a value (such as {@code <or>}, {@code <all-in>})
 */
public record MetadefProperty(String name, String type, String title, String description, Object defaultValue,
                              List<Object> enumValues, Number minimum, Number maximum, Integer minLength,
                              Integer maxLength, String pattern, Items items, Integer minItems, Integer maxItems,
                              Boolean uniqueItems, Boolean additionalItems, Boolean readonly, List<String> operators) {

    /** The types a property may have. */
    public static final Set<String> TYPES = Set.of("array", "boolean", "integer", "number", "object", "string");

    /**
     * The schema of an array's items.
     *
     * @param type       the items' type, one of {@link #TYPES}, may be null
     * @param enumValues the allowed item values, may be null
     */
    public record Items(String type, List<Object> enumValues) {
        /**
         * The items' schema; the enum values are copied.
         *
         * @param type       the items' type, one of {@link #TYPES}, may be null
         * @param enumValues the allowed item values, may be null
         */
        public Items {
            enumValues = copyValues(enumValues);
        }
    }

    /**
     * A property definition; {@code name} is required, numbers and enum values are normalised.
     *
     * @param name            unique within its namespace or object, at most 80 characters (required)
     * @param type            one of {@link #TYPES} (required)
     * @param title           a human title (required by Glance)
     * @param description     a human description
     * @param defaultValue    the default value
     * @param enumValues      the allowed values
     * @param minimum         the smallest allowed number
     * @param maximum         the largest allowed number
     * @param minLength       the shortest allowed string
     * @param maxLength       the longest allowed string
     * @param pattern         a regular expression a string value must contain a match of
     * @param items           for arrays: the items' type and allowed values
     * @param minItems        for arrays: the fewest items
     * @param maxItems        for arrays: the most items
     * @param uniqueItems     for arrays: whether items must be distinct
     * @param additionalItems for arrays: whether items beyond the schema are allowed
     * @param readonly        whether users may not set it
     * @param operators       operators that may prefix a value (such as {@code <or>}, {@code <all-in>})
     */
    public MetadefProperty {
        Objects.requireNonNull(name, "name");
        defaultValue = normalise(defaultValue);
        enumValues = copyValues(enumValues);
        minimum = (Number) normalise(minimum);
        maximum = (Number) normalise(maximum);
        operators = operators == null ? null : List.copyOf(operators);
    }

    /**
     * A builder for a property called {@code name}.
     *
     * @param name the property's name
     * @return a builder with that name and nothing else
     */
    public static Builder builder(String name) {
        return new Builder().name(name);
    }

    /**
     * A builder initialised with this property.
     *
     * @return a builder holding every component of this property
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.type = type;
        b.title = title;
        b.description = description;
        b.defaultValue = defaultValue;
        b.enumValues = enumValues;
        b.minimum = minimum;
        b.maximum = maximum;
        b.minLength = minLength;
        b.maxLength = maxLength;
        b.pattern = pattern;
        b.items = items;
        b.minItems = minItems;
        b.maxItems = maxItems;
        b.uniqueItems = uniqueItems;
        b.additionalItems = additionalItems;
        b.readonly = readonly;
        b.operators = operators;
        return b;
    }

    /**
     * This definition under another name.
     *
     * @param newName the name of the copy
     * @return a copy with that name, everything else equal
     */
    public MetadefProperty withName(String newName) {
        return toBuilder().name(newName).build();
    }

    static List<Object> copyValues(List<?> values) {
        if (values == null) {
            return null;
        }
        List<Object> copy = new ArrayList<>(values.size());
        for (Object v : values) {
            copy.add(normalise(v));
        }
        return Collections.unmodifiableList(copy);
    }

    /** Normalises a JSON value: integral numbers to Long, other numbers to Double, containers copied. */
    static Object normalise(Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger bi) {
            return bi.bitLength() < 64 ? (Object) bi.longValue() : bi;
        }
        if (v instanceof BigDecimal bd) {
            return bd.doubleValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof List<?> list) {
            return copyValues(list);
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> copy = new java.util.LinkedHashMap<>();
            map.forEach((k, x) -> copy.put(String.valueOf(k), normalise(x)));
            return Collections.unmodifiableMap(copy);
        }
        return v;
    }

    /** Builds a {@link MetadefProperty}. */
    public static final class Builder {
        private String name;
        private String type;
        private String title;
        private String description;
        private Object defaultValue;
        private List<Object> enumValues;
        private Number minimum;
        private Number maximum;
        private Integer minLength;
        private Integer maxLength;
        private String pattern;
        private Items items;
        private Integer minItems;
        private Integer maxItems;
        private Boolean uniqueItems;
        private Boolean additionalItems;
        private Boolean readonly;
        private List<String> operators;

        private Builder() {
        }

        /**
         * Sets the name.
         *
         * @param v the name
         * @return this builder
         */
        public Builder name(String v) { this.name = v; return this; }
        /**
         * Sets the JSON type (one of {@link MetadefProperty#TYPES}).
         *
         * @param v the JSON type (one of {@link MetadefProperty#TYPES})
         * @return this builder
         */
        public Builder type(String v) { this.type = v; return this; }
        /**
         * Sets the title.
         *
         * @param v the title
         * @return this builder
         */
        public Builder title(String v) { this.title = v; return this; }
        /**
         * Sets the description.
         *
         * @param v the description
         * @return this builder
         */
        public Builder description(String v) { this.description = v; return this; }
        /**
         * Sets the default value.
         *
         * @param v the default value
         * @return this builder
         */
        public Builder defaultValue(Object v) { this.defaultValue = v; return this; }
        /**
         * Sets the allowed values.
         *
         * @param v the allowed values
         * @return this builder
         */
        public Builder enumValues(List<?> v) { this.enumValues = v == null ? null : new ArrayList<>(v); return this; }
        /**
         * Sets the allowed values.
         *
         * @param v the allowed values
         * @return this builder
         */
        public Builder enumValues(Object... v) { return enumValues(List.of(v)); }
        /**
         * Sets the minimum.
         *
         * @param v the minimum
         * @return this builder
         */
        public Builder minimum(Number v) { this.minimum = v; return this; }
        /**
         * Sets the maximum.
         *
         * @param v the maximum
         * @return this builder
         */
        public Builder maximum(Number v) { this.maximum = v; return this; }
        /**
         * Sets the shortest length.
         *
         * @param v the shortest length
         * @return this builder
         */
        public Builder minLength(Integer v) { this.minLength = v; return this; }
        /**
         * Sets the longest length.
         *
         * @param v the longest length
         * @return this builder
         */
        public Builder maxLength(Integer v) { this.maxLength = v; return this; }
        /**
         * Sets the regular expression values must match.
         *
         * @param v the regular expression values must match
         * @return this builder
         */
        public Builder pattern(String v) { this.pattern = v; return this; }
        /**
         * Sets the schema of array items.
         *
         * @param v the schema of array items
         * @return this builder
         */
        public Builder items(Items v) { this.items = v; return this; }
        /**
         * Sets the fewest items.
         *
         * @param v the fewest items
         * @return this builder
         */
        public Builder minItems(Integer v) { this.minItems = v; return this; }
        /**
         * Sets the most items.
         *
         * @param v the most items
         * @return this builder
         */
        public Builder maxItems(Integer v) { this.maxItems = v; return this; }
        /**
         * Sets whether items must differ.
         *
         * @param v whether items must differ
         * @return this builder
         */
        public Builder uniqueItems(Boolean v) { this.uniqueItems = v; return this; }
        /**
         * Sets Glance's additionalItems.
         *
         * @param v Glance's additionalItems
         * @return this builder
         */
        public Builder additionalItems(Boolean v) { this.additionalItems = v; return this; }
        /**
         * Sets the readonly flag.
         *
         * @param v the readonly flag
         * @return this builder
         */
        public Builder readonly(Boolean v) { this.readonly = v; return this; }
        /**
         * Sets the array operators allowed (such as {@code <or>}).
         *
         * @param v the array operators allowed (such as {@code <or>})
         * @return this builder
         */
        public Builder operators(List<String> v) { this.operators = v; return this; }

        /**
         * The built value.
         *
         * @return the property
         * @throws NullPointerException if no name was set
         */
        public MetadefProperty build() {
            return new MetadefProperty(name, type, title, description, defaultValue, enumValues, minimum, maximum,
                    minLength, maxLength, pattern, items, minItems, maxItems, uniqueItems, additionalItems, readonly,
                    operators);
        }
    }
}
