package dev.imagecatalog.internal;

import dev.imagecatalog.config.Settings;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.error.TooLargeException;
import dev.imagecatalog.image.ImagePatch;
import dev.imagecatalog.image.ImageQuery;
import java.util.Collection;
import java.util.Map;

/**
 * The size and character rules of everything a caller hands the image API, in one place, so every back-end gets
 * the same answer (a typed error naming the field) before anything reaches a repository:
 * <ul>
 *   <li>names, tags, property keys, owners and member ids: at most {@value #MAX_CHARS} characters (Glance's
 *       {@code String(255)} columns and schema);</li>
 *   <li>a property value: at most {@code limit.image-property-value-bytes} bytes in UTF-8 (default 65,535, the
 *       size of the MySQL {@code TEXT} column Glance stores it in);</li>
 *   <li>no control characters: C0 (U+0000 to U+001F, NUL included), DEL (U+007F) and C1 (U+0080 to U+009F) are
 *       refused everywhere, except TAB, LF and CR inside a property value (text may hold lines); C1 codes are
 *       never text in UTF-8, only mis-decoded bytes;</li>
 *   <li>no 4-byte UTF-8 characters in any of them (Glance's {@code no_4byte_params});</li>
 *   <li>a patch: at most {@code limit.image-patch-operations} operations (default 1,000);</li>
 *   <li>a list query: at most {@code limit.list-filter-values} values in any one filter (default 1,000), and
 *       every filter value within the length and character rules of the field it filters.</li>
 * </ul>
 */
final class InputLimits {
    /** The longest name, tag, property key, owner or member id, in characters. */
    static final int MAX_CHARS = 255;
    static final String VALUE_BYTES_KEY = "limit.image-property-value-bytes";
    static final String PATCH_OPERATIONS_KEY = "limit.image-patch-operations";
    static final String FILTER_VALUES_KEY = "limit.list-filter-values";
    static final int DEFAULT_VALUE_BYTES = 65_535;
    static final int DEFAULT_PATCH_OPERATIONS = 1_000;
    static final int DEFAULT_FILTER_VALUES = 1_000;
    /** How much of a refused value a message shows. */
    private static final int SHOWN_CHARS = 64;

    private final int propertyValueBytes;
    private final int patchOperations;
    private final int filterValues;

    InputLimits(int propertyValueBytes, int patchOperations, int filterValues) {
        this.propertyValueBytes = propertyValueBytes;
        this.patchOperations = patchOperations;
        this.filterValues = filterValues;
    }

    /** The limits from the catalog's settings ({@link CoreSettings} declares them: at least 1). */
    static InputLimits from(Settings s) {
        return new InputLimits(s.value(CoreSettings.PROPERTY_VALUE_BYTES), s.value(CoreSettings.PATCH_OPERATIONS),
                s.value(CoreSettings.FILTER_VALUES));
    }

    // ---------------------------------------------------------------- fields

    /** A name, tag, owner or member id ({@code field} names it in the message): length and characters. */
    static void field(String field, String value) {
        if (value.length() > MAX_CHARS) {
            throw new InvalidInputException("invalid " + field + " '" + shown(value) + "': it is longer than "
                    + MAX_CHARS + " characters");
        }
        text(field, value, false);
    }

    /** A custom property key: length and characters. */
    static void propertyKey(String key) {
        field("property key", key);
    }

    /** A custom property value: its UTF-8 size and characters (TAB, LF and CR allowed). */
    void propertyValue(String key, String value) {
        long bytes = utf8Length(value);
        if (bytes > propertyValueBytes) {
            throw new InvalidInputException("invalid value of property '" + shown(key) + "': it is " + bytes
                    + " bytes in UTF-8; the limit is " + propertyValueBytes + " (" + VALUE_BYTES_KEY + ")");
        }
        text("value of property '" + shown(key) + "'", value, true);
    }

    /**
     * Refuses control characters (and, as Glance, 4-byte UTF-8 characters); {@code lines} allows TAB, LF and CR.
     */
    private static void text(String field, String value, boolean lines) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                if (lines && (c == '\t' || c == '\n' || c == '\r')) {
                    continue;
                }
                throw new InvalidInputException("invalid " + field + ": it holds the control character "
                        + String.format("U+%04X", (int) c) + " at position " + i);
            }
            if (Character.isSurrogate(c)) {
                throw new InvalidInputException("invalid " + field + ": it holds a 4-byte UTF-8 character at position "
                        + i + ", which is not allowed");
            }
        }
    }

    /** UTF-8 size of {@code s} (a lone surrogate counted as the 3 bytes of its replacement). */
    static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** {@code s} as a message may show it: at most 64 characters, control characters escaped. */
    static String shown(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder();
        int end = Math.min(s.length(), SHOWN_CHARS);
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (end < s.length()) {
            b.append("...");
        }
        return b.toString();
    }

    // ---------------------------------------------------------------- requests

    /** The number of operations and every path (a base attribute or a custom property key). */
    void patch(ImagePatch patch) {
        int n = patch.operations().size();
        if (n > patchOperations) {
            throw new TooLargeException("the patch has " + n + " operations; the limit is " + patchOperations + " ("
                    + PATCH_OPERATIONS_KEY + ")");
        }
        for (ImagePatch.Operation op : patch.operations()) {
            propertyKey(op.path());
        }
    }

    /** Every filter of a list query: how many values, and each value as the field it filters. */
    void query(ImageQuery q) {
        count("ids", q.ids());
        count("names", q.names());
        count("statuses", q.statuses());
        count("diskFormats", q.diskFormats());
        count("containerFormats", q.containerFormats());
        count("tags", q.tags());
        count("properties", q.properties().keySet());
        count("createdAt", q.createdAt());
        count("updatedAt", q.updatedAt());
        each("names", q.names());
        each("statuses", q.statuses());
        each("diskFormats", q.diskFormats());
        each("containerFormats", q.containerFormats());
        each("tags", q.tags());
        one("owner", q.owner());
        one("checksum", q.checksum());
        one("osHashValue", q.osHashValue());
        for (Map.Entry<String, String> e : q.properties().entrySet()) {
            field("list filter on property key", e.getKey());
            propertyValue(e.getKey(), e.getValue());
        }
    }

    private void count(String filter, Collection<?> values) {
        if (values != null && values.size() > filterValues) {
            throw new InvalidInputException("invalid list filter '" + filter + "': it holds " + values.size()
                    + " values; the limit is " + filterValues + " (" + FILTER_VALUES_KEY + ")");
        }
    }

    private static void each(String filter, Collection<String> values) {
        if (values != null) {
            for (String v : values) {
                one(filter, v);
            }
        }
    }

    private static void one(String filter, String value) {
        if (value != null) {
            field("list filter '" + filter + "' value", value);
        }
    }
}
