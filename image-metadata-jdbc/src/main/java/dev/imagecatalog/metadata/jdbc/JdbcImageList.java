package dev.imagecatalog.metadata.jdbc;

import static dev.imagecatalog.metadata.jdbc.DatabaseErrors.run;

import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageQuery;
import dev.imagecatalog.image.Page;
import dev.imagecatalog.image.SortKey;
import dev.imagecatalog.image.SortOrder;
import dev.imagecatalog.spi.Viewer;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/**
 * The list query of {@link JdbcMetadataRepository}: one SELECT with the filters, the visibility rule, the order of
 * {@link ImageQuery#effectiveSort()} and the keyset condition after the marker (all written by {@link ListSql}),
 * then the children of the page's images in one more query.
 */
final class JdbcImageList {
    private final Jdbi jdbi;
    private final Dialect dialect;

    JdbcImageList(Jdbi jdbi, Dialect dialect) {
        this.jdbi = jdbi;
        this.dialect = dialect;
    }

    Page<Image> list(ImageQuery query, Viewer viewer) {
        int limit = query.limit() == null ? 25 : query.limit();
        if (limit < 0) {
            throw new InvalidInputException("invalid limit " + limit + ": must be zero or more");
        }
        List<SortOrder> sort = query.effectiveSort();
        return run("list images", () -> jdbi.withHandle(h -> {
            SqlParams p = new SqlParams();
            StringBuilder sql = new StringBuilder("SELECT ").append(ImageRows.COLUMNS).append(" FROM images i")
                    .append(dialect == Dialect.H2 ? ListSql.h2IndexHint(query, sort) : "").append(" WHERE ")
                    .append(ListSql.filters(query, dialect, p))
                    .append(" AND ").append(ListSql.visibility(query, viewer, p));
            if (query.marker() != null) {
                Map<SortKey, Object> marker = markerValues(h, query, viewer, sort);
                sql.append(" AND ").append(ListSql.after(sort, marker, p));
            }
            sql.append(ListSql.orderBy(sort));
            sql.append(" LIMIT ").append(p.bind(limit + 1));
            Query q = h.createQuery(sql.toString());
            q.bindMap(p.values());
            List<Image.Builder> rows = q.map((rs, ctx) -> ImageRows.row(rs)).list();
            boolean more = rows.size() > limit;
            if (more) {
                rows = rows.subList(0, limit);
            }
            List<Image> images = ImageRows.withChildren(h, rows);
            Optional<String> next = more && !images.isEmpty()
                    ? Optional.of(images.get(images.size() - 1).id()) : Optional.empty();
            return new Page<>(images, next);
        }), e -> null);
    }

    private Map<SortKey, Object> markerValues(Handle h, ImageQuery query, Viewer viewer, List<SortOrder> sort) {
        SqlParams p = new SqlParams();
        StringBuilder cols = new StringBuilder();
        for (SortOrder o : sort) {
            cols.append(cols.length() == 0 ? "" : ", ").append("i.").append(ListSql.COLUMNS.get(o.key()));
        }
        String sql = "SELECT " + cols + " FROM images i WHERE i.id = " + p.bind(query.marker())
                + " AND i.deleted_at IS NULL AND " + ListSql.canSee(viewer, p);
        Optional<Map<SortKey, Object>> values = h.createQuery(sql).bindMap(p.values()).map((rs, ctx) -> {
            Map<SortKey, Object> m = new EnumMap<>(SortKey.class);
            for (int i = 0; i < sort.size(); i++) {
                Object v = rs.getObject(i + 1);
                if (v instanceof Integer) {
                    v = ((Integer) v).longValue();
                }
                m.put(sort.get(i).key(), v);
            }
            return m;
        }).findOne();
        return values.orElseThrow(() -> new InvalidInputException("invalid marker '" + query.marker()
                + "': no such image, or not one the caller may see"));
    }
}
