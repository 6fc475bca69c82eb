package dev.imagecatalog.metadata.jdbc;

import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageLocation;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.LocationStatus;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.image.Visibility;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

/**
 * How an {@link Image} is stored: its row in {@code images} (columns {@link #COLUMNS}, alias {@code i}) and its
 * rows in {@code image_tags}, {@code image_properties} and {@code image_locations} (URL and status by position);
 * the inserts, the update of the child rows, and reading images back with their children. Statements only: each
 * caller runs them in its own transaction.
 */
final class ImageRows {

    static final String COLUMNS = "i.id, i.name, i.status, i.visibility, i.is_protected, i.os_hidden, "
            + "i.checksum, i.os_hash_algo, i.os_hash_value, i.size, i.virtual_size, i.disk_format, "
            + "i.container_format, i.min_disk, i.min_ram, i.owner, i.created_at, i.updated_at, i.version";

    private static final String INSERT_IMAGE = "INSERT INTO images (id, name, status, visibility, is_protected, "
            + "os_hidden, checksum, os_hash_algo, os_hash_value, size, virtual_size, disk_format, container_format, "
            + "min_disk, min_ram, owner, created_at, updated_at, deleted_at, version) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /**
     * PostgreSQL: the image row and its tags, properties and locations in one statement (data-modifying CTEs; the
     * foreign keys are checked at the end of the statement, when the image row exists). Parameters 1-20 as
     * {@link #INSERT_IMAGE}, then the tags, property names, property values, location URLs and location statuses
     * as arrays (locations numbered from 0 in their order).
     */
    static final String INSERT_IMAGE_WITH_CHILDREN_PG = "WITH img AS (" + INSERT_IMAGE
            + " RETURNING id), "
            + "t AS (INSERT INTO image_tags (image_id, tag) SELECT img.id, x.tag FROM img, unnest(?::varchar[]) AS x(tag)), "
            + "p AS (INSERT INTO image_properties (image_id, prop_name, prop_value) SELECT img.id, x.n, x.v FROM img, "
            + "unnest(?::varchar[], ?::varchar[]) AS x(n, v)), "
            + "l AS (INSERT INTO image_locations (image_id, position, url, status) "
            + "SELECT img.id, CAST(x.ord - 1 AS INT), x.url, x.status "
            + "FROM img, unnest(?::varchar[], ?::varchar[]) WITH ORDINALITY AS x(url, status, ord)) "
            + "SELECT 1";

    /** Binds parameters 1-20 of {@link #INSERT_IMAGE} (and of the PostgreSQL statement that starts the same way). */
    static void bindImage(PreparedStatement ps, Image image, long created, long updated) throws SQLException {
        ps.setString(1, image.id());
        ps.setString(2, image.name());
        ps.setString(3, image.status().wireName());
        ps.setString(4, image.visibility().wireName());
        ps.setBoolean(5, image.isProtected());
        ps.setBoolean(6, image.osHidden());
        ps.setString(7, image.checksum());
        ps.setString(8, image.osHashAlgo());
        ps.setString(9, image.osHashValue());
        ps.setObject(10, image.size(), Types.BIGINT);
        ps.setObject(11, image.virtualSize(), Types.BIGINT);
        ps.setString(12, image.diskFormat());
        ps.setString(13, image.containerFormat());
        ps.setInt(14, image.minDisk());
        ps.setInt(15, image.minRam());
        ps.setString(16, image.owner());
        ps.setLong(17, created);
        ps.setLong(18, updated);
        ps.setObject(19, softDeleted(image) ? Long.valueOf(updated) : null, Types.BIGINT);
        ps.setLong(20, image.version());
    }

    static void insertImage(Connection c, Image image, long created, long updated) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_IMAGE)) {
            bindImage(ps, image, created, updated);
            ps.executeUpdate();
        }
        if (!image.tags().isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO image_tags (image_id, tag) VALUES (?, ?)")) {
                for (String tag : image.tags()) {
                    ps.setString(1, image.id());
                    ps.setString(2, tag);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (!image.properties().isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO image_properties (image_id, prop_name, prop_value) VALUES (?, ?, ?)")) {
                for (Map.Entry<String, String> e : image.properties().entrySet()) {
                    ps.setString(1, image.id());
                    ps.setString(2, e.getKey());
                    ps.setString(3, e.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (!image.locations().isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(INSERT_LOCATION)) {
                int pos = 0;
                for (ImageLocation l : image.locations()) {
                    ps.setString(1, image.id());
                    ps.setInt(2, pos++);
                    ps.setString(3, l.location().url());
                    ps.setString(4, l.status().glanceName());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    private static final String INSERT_LOCATION =
            "INSERT INTO image_locations (image_id, position, url, status) VALUES (?, ?, ?, ?)";

    /** The location URLs of {@code image} in order (the PostgreSQL insert's URL array). */
    static String[] locationUrls(Image image) {
        return image.locations().stream().map(l -> l.location().url()).toArray(String[]::new);
    }

    /** The location statuses of {@code image} in order, as Glance names them (the PostgreSQL insert's status array). */
    static String[] locationStatuses(Image image) {
        return image.locations().stream().map(l -> l.status().glanceName()).toArray(String[]::new);
    }

    static boolean softDeleted(Image image) {
        return image.status() == ImageStatus.DELETED || image.status() == ImageStatus.PENDING_DELETE;
    }

    /** Carries a driver failure of the plain-JDBC paths out of a jdbi callback to {@link DatabaseErrors#run}. */
    static final class SqlFailure extends JdbiException {
        private static final long serialVersionUID = 1L;

        SqlFailure(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }

    static Map<String, Object> values(Image image, long created, long updated) {
        Map<String, Object> m = new HashMap<>();
        m.put("name", image.name());
        m.put("status", image.status().wireName());
        m.put("visibility", image.visibility().wireName());
        m.put("isProtected", image.isProtected());
        m.put("osHidden", image.osHidden());
        m.put("checksum", image.checksum());
        m.put("osHashAlgo", image.osHashAlgo());
        m.put("osHashValue", image.osHashValue());
        m.put("size", image.size());
        m.put("virtualSize", image.virtualSize());
        m.put("diskFormat", image.diskFormat());
        m.put("containerFormat", image.containerFormat());
        m.put("minDisk", image.minDisk());
        m.put("minRam", image.minRam());
        m.put("owner", image.owner());
        m.put("createdAt", created);
        m.put("updatedAt", updated);
        m.put("deletedAt", softDeleted(image) ? Long.valueOf(updated) : null);
        return m;
    }

    /**
     * Makes the stored tags, properties and locations equal {@code image}'s, writing only the differences (the
     * row lock taken by the version UPDATE is held meanwhile, so a short transaction means fewer lost races).
     */
    static void replaceChildren(Handle h, Image image) {
        String id = image.id();
        Map<String, String> storedProps = new HashMap<>();
        List<String> storedTags = new ArrayList<>();
        TreeMap<Integer, ImageLocation> storedLocations = new TreeMap<>();
        h.createQuery("SELECT 't', tag, NULL, NULL FROM image_tags WHERE image_id = :id "
                        + "UNION ALL SELECT 'p', prop_name, prop_value, NULL FROM image_properties WHERE image_id = :id "
                        + "UNION ALL SELECT 'l', url, CAST(position AS VARCHAR(11)), status FROM image_locations "
                        + "WHERE image_id = :id")
                .bind("id", id)
                .map((rs, ctx) -> {
                    switch (rs.getString(1)) {
                        case "t": storedTags.add(rs.getString(2)); break;
                        case "p": storedProps.put(rs.getString(2), rs.getString(3)); break;
                        default: storedLocations.put(Integer.parseInt(rs.getString(3)), location(rs.getString(2), rs.getString(4))); break;
                    }
                    return Boolean.TRUE;
                }).forEach(x -> { });

        List<String> dropTags = new ArrayList<>(storedTags);
        dropTags.removeAll(image.tags());
        if (!dropTags.isEmpty()) {
            PreparedBatch b = h.prepareBatch("DELETE FROM image_tags WHERE image_id = :id AND tag = :tag");
            dropTags.forEach(t -> b.bind("id", id).bind("tag", t).add());
            b.execute();
        }
        List<String> addTags = new ArrayList<>(image.tags());
        addTags.removeAll(storedTags);
        if (!addTags.isEmpty()) {
            PreparedBatch b = h.prepareBatch("INSERT INTO image_tags (image_id, tag) VALUES (:id, :tag)");
            addTags.forEach(t -> b.bind("id", id).bind("tag", t).add());
            b.execute();
        }

        List<String> dropProps = new ArrayList<>();
        for (String k : storedProps.keySet()) {
            if (!image.properties().containsKey(k)) {
                dropProps.add(k);
            }
        }
        if (!dropProps.isEmpty()) {
            PreparedBatch b = h.prepareBatch("DELETE FROM image_properties WHERE image_id = :id AND prop_name = :k");
            dropProps.forEach(k -> b.bind("id", id).bind("k", k).add());
            b.execute();
        }
        PreparedBatch changeProps = h.prepareBatch("UPDATE image_properties SET prop_value = :v WHERE image_id = :id AND prop_name = :k");
        PreparedBatch addProps = h.prepareBatch("INSERT INTO image_properties (image_id, prop_name, prop_value) VALUES (:id, :k, :v)");
        for (Map.Entry<String, String> e : image.properties().entrySet()) {
            String old = storedProps.get(e.getKey());
            if (old == null) {
                addProps.bind("id", id).bind("k", e.getKey()).bind("v", e.getValue()).add();
            } else if (!old.equals(e.getValue())) {
                changeProps.bind("id", id).bind("k", e.getKey()).bind("v", e.getValue()).add();
            }
        }
        if (changeProps.size() > 0) {
            changeProps.execute();
        }
        if (addProps.size() > 0) {
            addProps.execute();
        }

        replaceLocations(h, image, new ArrayList<>(storedLocations.values()));
    }

    /**
     * Makes the stored locations (in position order) equal {@code image}'s: nothing when they are equal, an
     * {@code UPDATE} of the status of each changed one when only statuses differ (same URLs at the same positions),
     * otherwise the rows are written again.
     */
    private static void replaceLocations(Handle h, Image image, List<ImageLocation> stored) {
        List<ImageLocation> wanted = image.locations();
        if (stored.equals(wanted)) {
            return;
        }
        String id = image.id();
        if (sameUrls(stored, wanted)) {
            PreparedBatch b = h.prepareBatch("UPDATE image_locations SET status = :status "
                    + "WHERE image_id = :id AND position = :pos");
            for (int pos = 0; pos < wanted.size(); pos++) {
                if (stored.get(pos).status() != wanted.get(pos).status()) {
                    b.bind("id", id).bind("pos", pos).bind("status", wanted.get(pos).status().glanceName()).add();
                }
            }
            b.execute();
            return;
        }
        h.createUpdate("DELETE FROM image_locations WHERE image_id = :id").bind("id", id).execute();
        if (!wanted.isEmpty()) {
            PreparedBatch b = h.prepareBatch("INSERT INTO image_locations (image_id, position, url, status) "
                    + "VALUES (:id, :pos, :url, :status)");
            for (int pos = 0; pos < wanted.size(); pos++) {
                ImageLocation l = wanted.get(pos);
                b.bind("id", id).bind("pos", pos).bind("url", l.location().url())
                        .bind("status", l.status().glanceName()).add();
            }
            b.execute();
        }
    }

    private static boolean sameUrls(List<ImageLocation> a, List<ImageLocation> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).location().equals(b.get(i).location())) {
                return false;
            }
        }
        return true;
    }

    /** A stored location: its URL and its status column. */
    private static ImageLocation location(String url, String status) {
        return new ImageLocation(StoreLocation.parse(url), LocationStatus.fromGlanceName(status));
    }

    static Image.Builder row(ResultSet rs) throws SQLException {
        Image.Builder b = Image.builder()
                .id(rs.getString(1))
                .name(rs.getString(2))
                .status(ImageStatus.fromWireName(rs.getString(3)))
                .visibility(Visibility.fromWireName(rs.getString(4)))
                .isProtected(rs.getBoolean(5))
                .osHidden(rs.getBoolean(6))
                .checksum(rs.getString(7))
                .osHashAlgo(rs.getString(8))
                .osHashValue(rs.getString(9));
        long size = rs.getLong(10);
        b.size(rs.wasNull() ? null : size);
        long virtualSize = rs.getLong(11);
        b.virtualSize(rs.wasNull() ? null : virtualSize);
        return b.diskFormat(rs.getString(12))
                .containerFormat(rs.getString(13))
                .minDisk(rs.getInt(14))
                .minRam(rs.getInt(15))
                .owner(rs.getString(16))
                .createdAt(Times.fromNanos(rs.getLong(17)))
                .updatedAt(Times.fromNanos(rs.getLong(18)))
                .version(rs.getLong(19));
    }

    /** Adds tags, properties and locations to {@code rows} with one query per child table. */
    static List<Image> withChildren(Handle h, List<Image.Builder> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, Image.Builder> byId = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>();
        for (Image.Builder b : rows) {
            String id = b.build().id();
            byId.put(id, b);
            ids.add(id);
        }
        Map<String, TreeSet<String>> tags = new HashMap<>();
        Map<String, TreeMap<String, String>> props = new HashMap<>();
        Map<String, TreeMap<Integer, ImageLocation>> locations = new HashMap<>();
        // one round trip for the three child tables
        SqlParams p = new SqlParams();
        String sql = "SELECT 't', image_id, tag, NULL, 0 FROM image_tags WHERE image_id" + idCondition(ids, p)
                + " UNION ALL SELECT 'p', image_id, prop_name, prop_value, 0 FROM image_properties WHERE image_id"
                + idCondition(ids, p)
                + " UNION ALL SELECT 'l', image_id, url, status, position FROM image_locations WHERE image_id"
                + idCondition(ids, p);
        Query q = h.createQuery(sql);
        q.bindMap(p.values());
        q.map((rs, ctx) -> {
            String id = rs.getString(2);
            switch (rs.getString(1)) {
                case "t":
                    tags.computeIfAbsent(id, k -> new TreeSet<>()).add(rs.getString(3));
                    break;
                case "p":
                    props.computeIfAbsent(id, k -> new TreeMap<>()).put(rs.getString(3), rs.getString(4));
                    break;
                default:
                    locations.computeIfAbsent(id, k -> new TreeMap<>()).put(rs.getInt(5), location(rs.getString(3), rs.getString(4)));
                    break;
            }
            return Boolean.TRUE;
        }).forEach(x -> { });
        List<Image> out = new ArrayList<>(rows.size());
        for (Map.Entry<String, Image.Builder> e : byId.entrySet()) {
            Image.Builder b = e.getValue();
            TreeSet<String> t = tags.get(e.getKey());
            if (t != null) {
                b.tags(t);
            }
            TreeMap<String, String> pr = props.get(e.getKey());
            if (pr != null) {
                b.properties(pr);
            }
            TreeMap<Integer, ImageLocation> l = locations.get(e.getKey());
            if (l != null) {
                b.locations(List.copyOf(l.values()));
            }
            out.add(b.build());
        }
        return out;
    }

    private static String idCondition(List<String> ids, SqlParams p) {
        return ids.size() == 1 ? " = " + p.bind(ids.get(0)) : " IN " + p.bindAll(ids);
    }

    private ImageRows() {
    }
}
