package dev.imagecatalog.metadef;

import dev.imagecatalog.error.InvalidInputException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@link MetadefService#listNamespaces} returns: filters (any of the resource types, a visibility), an order
 * and a page. Build with {@link #builder()}; {@link #all()} is the first page of everything in Glance's default
 * order (created_at descending).
 *
 * @param resourceTypes namespaces associated with any of these resource types; empty for no filter
 * @param visibility    only this visibility, or null for both
 * @param sortKey       the order
 * @param ascending     the direction
 * @param limit         the page size, 1 to {@link #MAX_LIMIT}
 * @param marker        the last namespace name of the previous page, or null for the first page
 */
public record NamespaceQuery(Set<String> resourceTypes, MetadefVisibility visibility, SortKey sortKey,
                             boolean ascending, int limit, String marker) {
    /** The default page size (Glance's {@code limit_param_default}). */
    public static final int DEFAULT_LIMIT = 25;
    /** The largest page (Glance's {@code api_limit_max}). */
    public static final int MAX_LIMIT = 1000;

    /** The sort keys Glance documents for namespaces. */
    public enum SortKey {
        /** By namespace name. */
        NAMESPACE,
        /** By creation time. */
        CREATED_AT,
        /** By last update time. */
        UPDATED_AT
    }

    /**
     * A query: null resource types mean any, a null sort key {@code created_at}; limit 1 to {@link #MAX_LIMIT}.
     *
     * @param resourceTypes namespaces associated with any of these resource types; empty for no filter
     * @param visibility    only this visibility, or null for both
     * @param sortKey       the order
     * @param ascending     the direction
     * @param limit         the page size, 1 to {@link #MAX_LIMIT}
     * @param marker        the last namespace name of the previous page, or null for the first page
     */
    public NamespaceQuery {
        resourceTypes = resourceTypes == null ? Set.of() : Set.copyOf(resourceTypes);
        if (sortKey == null) {
            sortKey = SortKey.CREATED_AT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit: " + limit + " is not between 1 and " + MAX_LIMIT);
        }
    }

    /**
     * The first page of every visible namespace, Glance's default order.
     *
     * @return the query with every default
     */
    public static NamespaceQuery all() {
        return builder().build();
    }

    /**
     * A builder with Glance's defaults.
     *
     * @return a builder holding the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link NamespaceQuery}. */
    public static final class Builder {
        private final Set<String> resourceTypes = new LinkedHashSet<>();
        private MetadefVisibility visibility;
        private SortKey sortKey = SortKey.CREATED_AT;
        private boolean ascending;
        private int limit = DEFAULT_LIMIT;
        private String marker;

        private Builder() {
        }

        /**
         * Keep namespaces associated with any of these resource types (Glance's CSV {@code resource_types}).
         *
         * @param names resource type names
         * @return this builder
         */
        public Builder resourceTypes(String... names) {
            resourceTypes.addAll(List.of(names));
            return this;
        }

        /**
         * Sets the visibility.
         *
         * @param v the visibility
         * @return this builder
         */
        public Builder visibility(MetadefVisibility v) { this.visibility = v; return this; }
        /**
         * Sets the sort key (default {@code created_at}).
         *
         * @param v the sort key (default {@code created_at})
         * @return this builder
         */
        public Builder sortKey(SortKey v) { this.sortKey = v; return this; }
        /**
         * Sets ascending order (default: descending).
         *
         * @param v ascending order (default: descending)
         * @return this builder
         */
        public Builder ascending(boolean v) { this.ascending = v; return this; }
        /**
         * Sets the page size.
         *
         * @param v the page size
         * @return this builder
         */
        public Builder limit(int v) { this.limit = v; return this; }
        /**
         * Sets the namespace after which the page starts.
         *
         * @param v the namespace after which the page starts
         * @return this builder
         */
        public Builder marker(String v) { this.marker = v; return this; }

        /**
         * The built value.
         *
         * @return the query
         */
        public NamespaceQuery build() {
            return new NamespaceQuery(resourceTypes, visibility, sortKey, ascending, limit, marker);
        }
    }
}
