package dev.imagecatalog.metadata.jdbc;

import dev.imagecatalog.error.CatalogConfigurationException;

/** The SQL differences between the databases the module supports. */
enum Dialect {
    H2 {
        @Override
        String propertyValueIndexExpression() {
            return "prop_value";
        }

        @Override
        String propertyValuePredicate(String column, String param) {
            return column + " = " + param;
        }
    },
    POSTGRESQL {
        // a B-tree entry must stay under ~2.7 kB, and property values are unbounded text: index a prefix and
        // repeat the prefix condition in queries so the planner can use it
        @Override
        String propertyValueIndexExpression() {
            return "left(prop_value, " + PREFIX + ")";
        }

        @Override
        String propertyValuePredicate(String column, String param) {
            return "left(" + column + ", " + PREFIX + ") = left(" + param + ", " + PREFIX + ") AND " + column + " = " + param;
        }
    };

    private static final int PREFIX = 200;

    /** The expression indexed beside the property name. */
    abstract String propertyValueIndexExpression();

    /** Equality on a property value column with a bound parameter. */
    abstract String propertyValuePredicate(String column, String param);

    static Dialect fromUrl(String url, String key) {
        if (url.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new CatalogConfigurationException("invalid setting '" + key + "' = '" + url
                + "': expected a jdbc:h2: or jdbc:postgresql: URL");
    }
}
