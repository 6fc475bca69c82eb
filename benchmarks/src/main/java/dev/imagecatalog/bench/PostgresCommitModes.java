package dev.imagecatalog.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * The settings that decide whether a PostgreSQL commit is durable, as a session on {@code url} sees them:
 * {@code fsync} and {@code full_page_writes} (server-wide) and {@code synchronous_commit} (per session).
 */
record PostgresCommitModes(String fsync, String fullPageWrites, String synchronousCommit) {

    static PostgresCommitModes read(String url, String user, String password) {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            return new PostgresCommitModes(show(s, "fsync"), show(s, "full_page_writes"), show(s, "synchronous_commit"));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the server settings of " + url + ": " + e.getMessage(), e);
        }
    }

    private static String show(Statement s, String name) throws SQLException {
        try (ResultSet rs = s.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Whether a commit with {@code synchronous_commit} on survives a crash of the server's machine. */
    boolean durable() {
        return fsync.equals("on") && fullPageWrites.equals("on");
    }

    /** Repository settings whose connections set {@code synchronous_commit} (libpq's {@code options}). */
    Map<String, String> withSynchronousCommit(Map<String, String> settings, boolean on) {
        Map<String, String> m = new HashMap<>(settings);
        String url = settings.get("jdbc.url");
        m.put("jdbc.url", url + (url.contains("?") ? "&" : "?") + "options=-c%20synchronous_commit%3D" + (on ? "on" : "off"));
        return m;
    }

    @Override
    public String toString() {
        return "fsync=" + fsync + " full_page_writes=" + fullPageWrites + " synchronous_commit=" + synchronousCommit;
    }
}
