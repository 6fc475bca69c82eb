package dev.imagecatalog.metadata.jdbc;

import dev.imagecatalog.image.ImageQuery;
import dev.imagecatalog.image.SortOrder.Direction;
import dev.imagecatalog.image.SortOrder;
import dev.imagecatalog.image.TimeCondition;
import dev.imagecatalog.image.MemberStatus;
import dev.imagecatalog.image.SortKey;
import dev.imagecatalog.image.Visibility;
import dev.imagecatalog.spi.Viewer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns an {@link ImageQuery} and a {@link Viewer} into one SELECT. Column names come only from the fixed
 * {@link #COLUMNS} whitelist; every value the caller passed is a bound parameter.
 */
final class ListSql {

    /** The one place a sort key becomes a column name. */
    static final Map<SortKey, String> COLUMNS = new EnumMap<>(SortKey.class);
    /** Sort columns that can hold NULL (nulls sort as the smallest value). */
    private static final Map<SortKey, Boolean> NULLABLE = new EnumMap<>(SortKey.class);

    static {
        column(SortKey.NAME, "name", true);
        column(SortKey.STATUS, "status", false);
        column(SortKey.CONTAINER_FORMAT, "container_format", true);
        column(SortKey.DISK_FORMAT, "disk_format", true);
        column(SortKey.SIZE, "size", true);
        column(SortKey.ID, "id", false);
        column(SortKey.CREATED_AT, "created_at", false);
        column(SortKey.UPDATED_AT, "updated_at", false);
    }

    private static void column(SortKey k, String c, boolean nullable) {
        COLUMNS.put(k, c);
        NULLABLE.put(k, nullable);
    }

    /** The index whose leading column is each sort key (see SchemaMigrator); ID sorts by the primary key. */
    private static final Map<SortKey, String> SORT_INDEXES = new EnumMap<>(SortKey.class);

    static {
        SORT_INDEXES.put(SortKey.NAME, "ix_images_name");
        SORT_INDEXES.put(SortKey.STATUS, "ix_images_status");
        SORT_INDEXES.put(SortKey.CONTAINER_FORMAT, "ix_images_container_format");
        SORT_INDEXES.put(SortKey.DISK_FORMAT, "ix_images_disk_format");
        SORT_INDEXES.put(SortKey.SIZE, "ix_images_size");
        SORT_INDEXES.put(SortKey.CREATED_AT, "ix_images_created");
        SORT_INDEXES.put(SortKey.UPDATED_AT, "ix_images_updated");
    }

    private ListSql() {
    }

    /**
     * H2's optimizer picks the index of the most selective equality (a status, say) and then sorts every
     * matching row, even for a page of 100 out of a million. When the query has no selective filter (ids, names,
     * owner, checksums), walking the sort key's index in order and stopping after the page is far cheaper, so
     * H2 is told to use it. PostgreSQL's planner weighs the LIMIT itself and gets no hint.
     */
    static String h2IndexHint(ImageQuery q, List<SortOrder> sort) {
        if (q.ids() != null || q.names() != null || q.owner() != null || q.checksum() != null || q.osHashValue() != null) {
            return "";
        }
        String index = SORT_INDEXES.get(sort.get(0).key());
        return index == null ? "" : " USE INDEX (" + index + ")";
    }

    /** The visibility rule for {@code viewer} (alias {@code i}). */
    static String visibility(ImageQuery q, Viewer viewer, SqlParams p) {
        StringBuilder sql = new StringBuilder();
        String project = viewer.projectId();
        if (!viewer.admin()) {
            sql.append("(i.visibility = 'public' OR i.owner IS NULL");
            if (project != null) {
                sql.append(" OR i.owner = ").append(p.bind(project));
            }
            if (q.visibilities() != null && q.visibilities().contains(Visibility.COMMUNITY)) {
                sql.append(" OR i.visibility = 'community'");
            }
            if (project != null && !q.memberStatuses().isEmpty()) {
                List<String> statuses = new ArrayList<>();
                for (MemberStatus m : new TreeSet<>(q.memberStatuses())) {
                    statuses.add(m.wireName());
                }
                sql.append(" OR (i.visibility = 'shared' AND EXISTS (SELECT 1 FROM image_members m WHERE m.image_id = i.id")
                        .append(" AND m.member_id = ").append(p.bind(project))
                        .append(" AND m.deleted_at IS NULL AND m.status IN ").append(p.bindAll(statuses)).append("))");
            }
            sql.append(")");
        } else {
            sql.append("1 = 1");
        }
        if (q.visibilities() == null) {
            // the default list drops community images of other projects, for admins too
            sql.append(" AND (i.visibility <> 'community'");
            if (project != null) {
                sql.append(" OR i.owner = ").append(p.bind(project));
            }
            sql.append(")");
        } else {
            List<String> vs = new ArrayList<>();
            for (Visibility v : new TreeSet<>(q.visibilities())) {
                vs.add(v.wireName());
            }
            sql.append(" AND i.visibility IN ").append(p.bindAll(vs));
        }
        return sql.toString();
    }

    /**
     * Whether {@code viewer} may see an image at all (what a get allows), which is what makes a marker usable:
     * the marker may be an image the list itself would not show, such as another project's community image.
     */
    static String canSee(Viewer viewer, SqlParams p) {
        if (viewer.admin()) {
            return "1 = 1";
        }
        String project = viewer.projectId();
        if (project == null) {
            return "(i.visibility IN ('public', 'community') OR i.owner IS NULL)";
        }
        return "(i.visibility IN ('public', 'community') OR i.owner IS NULL OR i.owner = " + p.bind(project)
                + " OR (i.visibility = 'shared' AND EXISTS (SELECT 1 FROM image_members m WHERE m.image_id = i.id"
                + " AND m.member_id = " + p.bind(project) + " AND m.deleted_at IS NULL)))";
    }

    /** Every filter of {@code q} except visibility and the marker, as AND-ed conditions on alias {@code i}. */
    static String filters(ImageQuery q, Dialect dialect, SqlParams p) {
        StringBuilder sql = new StringBuilder("i.deleted_at IS NULL AND i.status <> 'killed'");
        in(sql, "i.id", q.ids(), p);
        in(sql, "i.name", q.names(), p);
        in(sql, "i.status", q.statuses(), p);
        in(sql, "i.disk_format", q.diskFormats(), p);
        in(sql, "i.container_format", q.containerFormats(), p);
        if (q.owner() != null) {
            sql.append(" AND i.owner = ").append(p.bind(q.owner()));
        }
        if (q.sizeMin() != null) {
            sql.append(" AND i.size >= ").append(p.bind(q.sizeMin()));
        }
        if (q.sizeMax() != null) {
            sql.append(" AND i.size <= ").append(p.bind(q.sizeMax()));
        }
        if (q.isProtected() != null) {
            sql.append(" AND i.is_protected = ").append(p.bind(q.isProtected()));
        }
        sql.append(" AND i.os_hidden = ").append(p.bind(q.osHidden()));
        time(sql, "i.created_at", q.createdAt(), p);
        time(sql, "i.updated_at", q.updatedAt(), p);
        if (q.checksum() != null) {
            sql.append(" AND i.checksum = ").append(p.bind(q.checksum()));
        }
        if (q.osHashValue() != null) {
            sql.append(" AND i.os_hash_value = ").append(p.bind(q.osHashValue()));
        }
        for (String tag : new TreeSet<>(q.tags())) {
            sql.append(" AND EXISTS (SELECT 1 FROM image_tags t WHERE t.image_id = i.id AND t.tag = ")
                    .append(p.bind(tag)).append(")");
        }
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(q.properties()).entrySet()) {
            sql.append(" AND EXISTS (SELECT 1 FROM image_properties pr WHERE pr.image_id = i.id AND pr.prop_name = ")
                    .append(p.bind(e.getKey())).append(" AND ")
                    .append(dialect.propertyValuePredicate("pr.prop_value", p.bind(e.getValue()))).append(")");
        }
        return sql.toString();
    }

    private static void in(StringBuilder sql, String column, java.util.Set<String> values, SqlParams p) {
        if (values == null) {
            return;
        }
        if (values.isEmpty()) {
            sql.append(" AND 1 = 0");
        } else if (values.size() == 1) {
            sql.append(" AND ").append(column).append(" = ").append(p.bind(values.iterator().next()));
        } else {
            sql.append(" AND ").append(column).append(" IN ").append(p.bindAll(new TreeSet<>(values)));
        }
    }

    private static void time(StringBuilder sql, String column, List<TimeCondition> conditions, SqlParams p) {
        for (TimeCondition c : conditions) {
            String op;
            switch (c.op()) {
                case GT: op = " > "; break;
                case GTE: op = " >= "; break;
                case EQ: op = " = "; break;
                case NEQ: op = " <> "; break;
                case LT: op = " < "; break;
                default: op = " <= "; break;
            }
            sql.append(" AND ").append(column).append(op).append(p.bind(Times.toNanosClamped(c.instant())));
        }
    }

    /** ORDER BY for the effective sort; nulls are the smallest value (first ascending, last descending). */
    static String orderBy(List<SortOrder> sort) {
        StringBuilder sql = new StringBuilder(" ORDER BY ");
        for (int i = 0; i < sort.size(); i++) {
            SortOrder o = sort.get(i);
            if (i > 0) {
                sql.append(", ");
            }
            sql.append("i.").append(COLUMNS.get(o.key()));
            if (o.direction() == Direction.ASC) {
                sql.append(NULLABLE.get(o.key()) ? " ASC NULLS FIRST" : " ASC");
            } else {
                sql.append(NULLABLE.get(o.key()) ? " DESC NULLS LAST" : " DESC");
            }
        }
        return sql.toString();
    }

    /**
     * The keyset condition "comes after the marker row" for the effective sort; {@code marker} holds the marker
     * row's values by key (null values allowed). The SQL's shape depends only on which marker values are null.
     */
    static String after(List<SortOrder> sort, Map<SortKey, Object> marker, SqlParams p) {
        List<String> alternatives = new ArrayList<>();
        for (int i = 0; i < sort.size(); i++) {
            StringBuilder alt = new StringBuilder("(");
            boolean possible = true;
            for (int j = 0; j < i; j++) {
                SortKey k = sort.get(j).key();
                Object v = marker.get(k);
                String col = "i." + COLUMNS.get(k);
                alt.append(v == null ? col + " IS NULL" : col + " = " + p.bind(v)).append(" AND ");
            }
            SortOrder o = sort.get(i);
            String col = "i." + COLUMNS.get(o.key());
            Object v = marker.get(o.key());
            if (o.direction() == Direction.ASC) {
                alt.append(v == null ? col + " IS NOT NULL" : col + " > " + p.bind(v));
            } else if (v == null) {
                possible = false; // nothing sorts after NULL descending
            } else {
                alt.append(NULLABLE.get(o.key()) ? "(" + col + " < " + p.bind(v) + " OR " + col + " IS NULL)" : col + " < " + p.bind(v));
            }
            alt.append(")");
            if (possible) {
                alternatives.add(alt.toString());
            }
        }
        if (alternatives.isEmpty()) {
            return "1 = 0";
        }
        StringBuilder sql = new StringBuilder();
        // a leading range on the first key lets the database seek its index instead of scanning from the start
        SortOrder first = sort.get(0);
        Object v0 = marker.get(first.key());
        String col0 = "i." + COLUMNS.get(first.key());
        if (v0 != null && first.direction() == Direction.ASC) {
            sql.append(col0).append(" >= ").append(p.bind(v0)).append(" AND ");
        } else if (v0 != null && !NULLABLE.get(first.key())) {
            sql.append(col0).append(" <= ").append(p.bind(v0)).append(" AND ");
        }
        sql.append("(").append(String.join(" OR ", alternatives)).append(")");
        return sql.toString();
    }
}
