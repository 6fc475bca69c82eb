package dev.imagecatalog.metadata.jdbc;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/** Collects bound parameters while a statement's text is assembled; the text only ever holds their names. */
final class SqlParams {
    private final Map<String, Object> values = new LinkedHashMap<>();

    /** Registers {@code value} and returns its placeholder ({@code :p3}). */
    String bind(Object value) {
        if (value == null) {
            throw new IllegalArgumentException("null is expressed in SQL text (IS NULL), never bound");
        }
        String name = "p" + values.size();
        values.put(name, value);
        return ":" + name;
    }

    /** A parenthesised list of placeholders for {@code in}. */
    String bindAll(Collection<?> in) {
        StringJoiner j = new StringJoiner(", ", "(", ")");
        for (Object v : in) {
            j.add(bind(v));
        }
        return j.toString();
    }

    Map<String, Object> values() {
        return values;
    }
}
