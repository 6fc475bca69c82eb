package dev.imagecatalog.image;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.imagecatalog.image.SortOrder.Direction;

/**
 * What a list asks for: Glance v2's filters, sort keys, limit and marker. Immutable; build with {@link #builder()}
 * or parse Glance's query parameters with {@link #fromParameters(Map)}.
 *
 * <p>Filter semantics (Glance's): every set filter must match. {@code ids}, {@code names}, {@code statuses},
 * {@code diskFormats} and {@code containerFormats} match any value in their list (Glance's {@code in:}); tags
 * match all (AND); {@code properties} match custom properties exactly. {@code osHidden=false} (the default)
 * excludes hidden images and {@code true} returns only hidden ones. {@code visibilities} null means the default
 * rule (everything the caller may see, except other projects' community images); a set restricts to those
 * visibilities (all four = Glance's {@code visibility=all}).
 *
 * <p>Sorting: the given keys in order, then {@code created_at} and {@code id} as tie-breakers in the direction
 * of the last key. Default {@code created_at desc}.
 */
public final class ImageQuery {

    /** The default sort: {@code created_at desc}. */
    public static final List<SortOrder> DEFAULT_SORT = List.of(new SortOrder(SortKey.CREATED_AT, Direction.DESC));

    private final Set<String> ids;
    private final Set<String> names;
    private final Set<String> statuses;
    private final Set<String> diskFormats;
    private final Set<String> containerFormats;
    private final Set<Visibility> visibilities;
    private final Set<MemberStatus> memberStatuses;
    private final String owner;
    private final Set<String> tags;
    private final Long sizeMin;
    private final Long sizeMax;
    private final Boolean isProtected;
    private final boolean osHidden;
    private final List<TimeCondition> createdAt;
    private final List<TimeCondition> updatedAt;
    private final String checksum;
    private final String osHashValue;
    private final Map<String, String> properties;
    private final List<SortOrder> sort;
    private final Integer limit;
    private final String marker;

    private ImageQuery(Builder b) {
        ids = copy(b.ids);
        names = copy(b.names);
        statuses = copy(b.statuses);
        diskFormats = copy(b.diskFormats);
        containerFormats = copy(b.containerFormats);
        visibilities = b.visibilities == null ? null : Set.copyOf(b.visibilities);
        memberStatuses = Set.copyOf(b.memberStatuses);
        owner = b.owner;
        tags = Set.copyOf(b.tags);
        sizeMin = b.sizeMin;
        sizeMax = b.sizeMax;
        isProtected = b.isProtected;
        osHidden = b.osHidden;
        createdAt = List.copyOf(b.createdAt);
        updatedAt = List.copyOf(b.updatedAt);
        checksum = b.checksum;
        osHashValue = b.osHashValue;
        properties = Map.copyOf(b.properties);
        sort = b.sort.isEmpty() ? DEFAULT_SORT : List.copyOf(b.sort);
        limit = b.limit;
        marker = b.marker;
    }

    private static Set<String> copy(Set<String> s) {
        return s == null ? null : Set.copyOf(s);
    }

    /** {@return a builder with no filters, the default sort and the default limit} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a query with no filters, the default sort and the default limit} */
    public static ImageQuery all() {
        return builder().build();
    }

    /**
     * Parses Glance's {@code GET /v2/images} query parameters ({@code name=in:a,"b, c"}, {@code tag=x&tag=y},
     * {@code created_at=gte:2026-01-01T00:00:00Z}, {@code sort=name:asc,size:desc}, {@code sort_key}/{@code sort_dir},
     * {@code limit}, {@code marker}, {@code visibility=all}, {@code member_status}, any other key as a custom
     * property). Anything Glance answers with 400 is an {@link dev.imagecatalog.error.InvalidInputException} naming the
     * parameter.
     *
     * @param parameters each parameter's values in order, as a servlet or JAX-RS gives them; null is no parameter
     * @return the query
     * @throws dev.imagecatalog.error.InvalidInputException naming the first parameter Glance refuses
     */
    public static ImageQuery fromParameters(Map<String, ? extends List<String>> parameters) {
        return GlanceQueryParser.parse(parameters);
    }

    /** {@return a builder holding this query's filters, sort keys, limit and marker} */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * {@return ids to match (any; UUIDs in any case; one that is not a UUID matches nothing), or null for no
     * filter}
     */
    public Set<String> ids() { return ids; }
    /** {@return names to match (any), or null for no filter} */
    public Set<String> names() { return names; }
    /** {@return status wire names to match (any; unknown names match nothing), or null for no filter} */
    public Set<String> statuses() { return statuses; }
    /** {@return disk formats to match (any), or null for no filter} */
    public Set<String> diskFormats() { return diskFormats; }
    /** {@return container formats to match (any), or null for no filter} */
    public Set<String> containerFormats() { return containerFormats; }
    /** {@return visibilities to keep, or null for the default rule} */
    public Set<Visibility> visibilities() { return visibilities; }
    /** {@return member statuses that include a shared image in the list of a member; default {accepted}} */
    public Set<MemberStatus> memberStatuses() { return memberStatuses; }
    /** {@return the owner project to match, or null for no filter} */
    public String owner() { return owner; }
    /** {@return tags the image must all carry} */
    public Set<String> tags() { return tags; }
    /** {@return the smallest size in bytes to match, or null for no filter} */
    public Long sizeMin() { return sizeMin; }
    /** {@return the largest size in bytes to match, or null for no filter} */
    public Long sizeMax() { return sizeMax; }
    /** {@return the {@code protected} value to match, or null for no filter} */
    public Boolean isProtected() { return isProtected; }
    /** {@return whether only hidden images are listed (true) or hidden images are excluded (false, the default)} */
    public boolean osHidden() { return osHidden; }
    /** {@return conditions on {@code created_at}, all of which must hold} */
    public List<TimeCondition> createdAt() { return createdAt; }
    /** {@return conditions on {@code updated_at}, all of which must hold} */
    public List<TimeCondition> updatedAt() { return updatedAt; }
    /** {@return the hex MD5 to match, or null for no filter} */
    public String checksum() { return checksum; }
    /** {@return the hex multihash to match, or null for no filter} */
    public String osHashValue() { return osHashValue; }
    /** {@return custom properties to match exactly} */
    public Map<String, String> properties() { return properties; }
    /** {@return sort keys as given (without the implicit tie-breakers); never empty} */
    public List<SortOrder> sort() { return sort; }

    /**
     * The order every metadata back-end lists in, the one tie-breaker rule: the keys of {@link #sort()} in order
     * (a repeated key keeps its first direction), then {@code created_at} and {@code id}, each unless already
     * given, in the direction of the last given key. {@code id} is unique, so the order is total and a marker
     * names one position.
     *
     * @return the sort keys with the tie-breakers appended
     */
    public List<SortOrder> effectiveSort() {
        List<SortOrder> order = new ArrayList<>();
        EnumSet<SortKey> seen = EnumSet.noneOf(SortKey.class);
        for (SortOrder s : sort) {
            if (seen.add(s.key())) {
                order.add(s);
            }
        }
        Direction last = order.get(order.size() - 1).direction();
        for (SortKey tie : List.of(SortKey.CREATED_AT, SortKey.ID)) {
            if (seen.add(tie)) {
                order.add(new SortOrder(tie, last));
            }
        }
        return List.copyOf(order);
    }

    /** {@return the page size asked for, or null for the catalog's default} */
    public Integer limit() { return limit; }
    /** {@return the id of the last image of the previous page, or null} */
    public String marker() { return marker; }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ImageQuery)) {
            return false;
        }
        ImageQuery q = (ImageQuery) o;
        return Objects.equals(ids, q.ids) && Objects.equals(names, q.names) && Objects.equals(statuses, q.statuses)
                && Objects.equals(diskFormats, q.diskFormats) && Objects.equals(containerFormats, q.containerFormats)
                && Objects.equals(visibilities, q.visibilities) && memberStatuses.equals(q.memberStatuses)
                && Objects.equals(owner, q.owner) && tags.equals(q.tags) && Objects.equals(sizeMin, q.sizeMin)
                && Objects.equals(sizeMax, q.sizeMax) && Objects.equals(isProtected, q.isProtected)
                && osHidden == q.osHidden && createdAt.equals(q.createdAt) && updatedAt.equals(q.updatedAt)
                && Objects.equals(checksum, q.checksum) && Objects.equals(osHashValue, q.osHashValue)
                && properties.equals(q.properties) && sort.equals(q.sort) && Objects.equals(limit, q.limit)
                && Objects.equals(marker, q.marker);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ids, names, statuses, owner, tags, sort, limit, marker);
    }

    @Override
    public String toString() {
        return "ImageQuery{ids=" + ids + ", names=" + names + ", statuses=" + statuses + ", diskFormats=" + diskFormats
                + ", containerFormats=" + containerFormats + ", visibilities=" + visibilities + ", memberStatuses="
                + memberStatuses + ", owner=" + owner + ", tags=" + tags + ", sizeMin=" + sizeMin + ", sizeMax="
                + sizeMax + ", protected=" + isProtected + ", osHidden=" + osHidden + ", createdAt=" + createdAt
                + ", updatedAt=" + updatedAt + ", checksum=" + checksum + ", osHashValue=" + osHashValue
                + ", properties=" + properties + ", sort=" + sort + ", limit=" + limit + ", marker=" + marker + "}";
    }

    /** Builder for {@link ImageQuery}. */
    public static final class Builder {
        private Set<String> ids;
        private Set<String> names;
        private Set<String> statuses;
        private Set<String> diskFormats;
        private Set<String> containerFormats;
        private Set<Visibility> visibilities;
        private Set<MemberStatus> memberStatuses = EnumSet.of(MemberStatus.ACCEPTED);
        private String owner;
        private Set<String> tags = new LinkedHashSet<>();
        private Long sizeMin;
        private Long sizeMax;
        private Boolean isProtected;
        private boolean osHidden;
        private List<TimeCondition> createdAt = new ArrayList<>();
        private List<TimeCondition> updatedAt = new ArrayList<>();
        private String checksum;
        private String osHashValue;
        private Map<String, String> properties = new LinkedHashMap<>();
        private List<SortOrder> sort = new ArrayList<>();
        private Integer limit;
        private String marker;

        private Builder() {
        }

        private Builder(ImageQuery q) {
            ids = q.ids;
            names = q.names;
            statuses = q.statuses;
            diskFormats = q.diskFormats;
            containerFormats = q.containerFormats;
            visibilities = q.visibilities;
            memberStatuses = q.memberStatuses;
            owner = q.owner;
            tags = new LinkedHashSet<>(q.tags);
            sizeMin = q.sizeMin;
            sizeMax = q.sizeMax;
            isProtected = q.isProtected;
            osHidden = q.osHidden;
            createdAt = new ArrayList<>(q.createdAt);
            updatedAt = new ArrayList<>(q.updatedAt);
            checksum = q.checksum;
            osHashValue = q.osHashValue;
            properties = new LinkedHashMap<>(q.properties);
            sort = q.sort == DEFAULT_SORT ? new ArrayList<>() : new ArrayList<>(q.sort);
            limit = q.limit;
            marker = q.marker;
        }

        /** Matches images with any of these ids.
         * @param v the ids
         * @return this builder */
        public Builder ids(String... v) { ids = Set.of(v); return this; }
        /** Matches images with any of these ids.
         * @param v the ids
         * @return this builder */
        public Builder ids(Collection<String> v) { ids = Set.copyOf(v); return this; }
        /** Matches images with any of these names.
         * @param v the names
         * @return this builder */
        public Builder names(String... v) { names = Set.of(v); return this; }
        /** Matches images with any of these names.
         * @param v the names
         * @return this builder */
        public Builder names(Collection<String> v) { names = Set.copyOf(v); return this; }
        /** Matches images in any of these statuses.
         * @param v the statuses
         * @return this builder */
        public Builder statuses(ImageStatus... v) {
            Set<String> s = new LinkedHashSet<>();
            for (ImageStatus st : v) {
                s.add(st.wireName());
            }
            statuses = s;
            return this;
        }
        /** Matches images in any of these statuses.
         * @param v Glance's wire names of the statuses
         * @return this builder */
        public Builder statusNames(Collection<String> v) { statuses = Set.copyOf(v); return this; }
        /** Matches images with any of these disk formats.
         * @param v the disk formats
         * @return this builder */
        public Builder diskFormats(String... v) { diskFormats = Set.of(v); return this; }
        /** Matches images with any of these disk formats.
         * @param v the disk formats
         * @return this builder */
        public Builder diskFormats(Collection<String> v) { diskFormats = Set.copyOf(v); return this; }
        /** Matches images with any of these container formats.
         * @param v the container formats
         * @return this builder */
        public Builder containerFormats(String... v) { containerFormats = Set.of(v); return this; }
        /** Matches images with any of these container formats.
         * @param v the container formats
         * @return this builder */
        public Builder containerFormats(Collection<String> v) { containerFormats = Set.copyOf(v); return this; }
        /** Keeps only images of one visibility.
         * @param v the visibility
         * @return this builder */
        public Builder visibility(Visibility v) { visibilities = EnumSet.of(v); return this; }
        /**
         * {@return this builder, keeping every visibility, other projects' community images too (Glance's
         * {@code visibility=all})}
         */
        public Builder allVisibilities() { visibilities = EnumSet.allOf(Visibility.class); return this; }
        /** Lists the images shared with the caller whose membership has this status.
         * @param v the member status
         * @return this builder */
        public Builder memberStatus(MemberStatus v) { memberStatuses = EnumSet.of(v); return this; }
        /** {@return this builder, listing the images shared with the caller whatever their member status} */
        public Builder allMemberStatuses() { memberStatuses = EnumSet.allOf(MemberStatus.class); return this; }
        /** Matches images owned by one project.
         * @param v the project id, or null for no filter
         * @return this builder */
        public Builder owner(String v) { owner = v; return this; }
        /** Matches images carrying this tag (and every other tag asked for).
         * @param v the tag
         * @return this builder */
        public Builder tag(String v) { tags.add(v); return this; }
        /** Matches images carrying all these tags (and every other tag asked for).
         * @param v the tags
         * @return this builder */
        public Builder tags(Collection<String> v) { tags.addAll(v); return this; }
        /** Matches images of at least this size.
         * @param v the size in bytes, or null for no filter
         * @return this builder */
        public Builder sizeMin(Long v) { sizeMin = v; return this; }
        /** Matches images of at most this size.
         * @param v the size in bytes, or null for no filter
         * @return this builder */
        public Builder sizeMax(Long v) { sizeMax = v; return this; }
        /** Matches images whose {@code protected} has this value.
         * @param v the value, or null for no filter
         * @return this builder */
        public Builder isProtected(Boolean v) { isProtected = v; return this; }
        /** Lists only hidden images (true) or excludes them (false, the default).
         * @param v whether to list hidden images
         * @return this builder */
        public Builder osHidden(boolean v) { osHidden = v; return this; }
        /**
         * Adds a condition on {@code created_at}.
         *
         * @param op the comparison
         * @param t the instant compared with
         * @return this builder
         */
        public Builder createdAt(TimeOp op, Instant t) { createdAt.add(new TimeCondition(op, t)); return this; }
        /**
         * Adds a condition on {@code updated_at}.
         *
         * @param op the comparison
         * @param t the instant compared with
         * @return this builder
         */
        public Builder updatedAt(TimeOp op, Instant t) { updatedAt.add(new TimeCondition(op, t)); return this; }
        /** Matches images whose data has this MD5.
         * @param v the hex MD5, or null for no filter
         * @return this builder */
        public Builder checksum(String v) { checksum = v; return this; }
        /** Matches images whose data has this multihash.
         * @param v the hex multihash, or null for no filter
         * @return this builder */
        public Builder osHashValue(String v) { osHashValue = v; return this; }
        /**
         * Matches images whose custom property {@code k} is {@code v}.
         *
         * @param k the property's name
         * @param v its value
         * @return this builder
         */
        public Builder property(String k, String v) { properties.put(k, v); return this; }
        /**
         * Adds a sort key after those already given.
         *
         * @param key what to sort by
         * @param dir the direction
         * @return this builder
         */
        public Builder sort(SortKey key, Direction dir) { sort.add(new SortOrder(key, dir)); return this; }
        /** Sets the page size.
         * @param v the most images on a page, or null for the catalog's default
         * @return this builder */
        public Builder limit(Integer v) { limit = v; return this; }
        /** Starts the page after an image.
         * @param v the id of the last image of the previous page, or null
         * @return this builder */
        public Builder marker(String v) { marker = v; return this; }

        /** {@return the query} */
        public ImageQuery build() {
            return new ImageQuery(this);
        }
    }
}
