package dev.imagecatalog.metadata.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Set;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.slf4j.LoggerFactory;

/**
 * The repository's view of its connection pool: when any JDBC call on a pooled connection (or on a statement,
 * result set or metadata object it made) reports that the database is gone — H2 closed its database (after an
 * OutOfMemoryError inside it, a {@code SHUTDOWN}, a file problem), the PostgreSQL server restarted or ended the
 * session, the link broke — every connection of the pool is retired: idle ones at once, busy ones when returned.
 * The next call then gets a new connection, which for an embedded H2 file database opens the database again. The
 * call that met the failure still fails (the repository reports it as a {@code BackendUnavailableException}); no
 * call is retried here, so no write is ever applied twice.
 *
 * <p>Per pool, no global state: each repository wraps its own pool.
 */
final class ReopeningDataSource implements DataSource {
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(ReopeningDataSource.class);

    /**
     * H2 error codes (also its SQL states) that mean the database or session is gone: 90067 connection broken,
     * 90098 database is closed, 90108 out of memory (H2 closes the database after it), 90121 database called at
     * shutdown. PostgreSQL's 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now. Any SQL state of
     * class 08 (connection exception) too.
     */
    private static final Set<String> GONE_STATES = Set.of("90067", "90098", "90108", "90121", "57P01", "57P02",
            "57P03");

    private final HikariDataSource pool;
    private final String description;

    ReopeningDataSource(HikariDataSource pool, String description) {
        this.pool = pool;
        this.description = description;
    }

    /** True when {@code failure} (or a cause, or a chained SQLException) says the database connection is gone. */
    static boolean meansDatabaseGone(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
            if (t instanceof SQLException) {
                for (SQLException e = (SQLException) t; e != null; e = e.getNextException()) {
                    String state = e.getSQLState();
                    if (state != null && (state.startsWith("08") || GONE_STATES.contains(state))) {
                        return true;
                    }
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** Retires every connection of the pool, so the next call opens a new one. */
    private void reopen(Throwable cause) {
        HikariPoolMXBean bean = pool.getHikariPoolMXBean();
        if (bean == null || pool.isClosed()) {
            return;
        }
        LOG.warn("the metadata database {} is gone ({}): retiring the pool's connections; the next call opens new ones",
                description, cause.toString());
        bean.softEvictConnections();
    }

    @Override
    public Connection getConnection() throws SQLException {
        return (Connection) watch(Connection.class, pool.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return (Connection) watch(Connection.class, pool.getConnection(username, password));
    }

    /**
     * {@code target} (an instance of the JDBC interface {@code type}) behind a proxy that watches every call for a
     * gone database, and watches the JDBC objects the calls return (statements, result sets, metadata).
     */
    private Object watch(Class<?> type, Object target) {
        InvocationHandler handler = (proxy, method, args) -> {
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                Throwable failure = e.getCause();
                if (meansDatabaseGone(failure)) {
                    reopen(failure);
                }
                throw failure;
            }
            Class<?> returned = method.getReturnType();
            if (result != null && returned.isInterface() && returned.getPackageName().equals("java.sql")
                    && returned.isInstance(result)) {
                return watch(returned, result);
            }
            return result;
        };
        return Proxy.newProxyInstance(ReopeningDataSource.class.getClassLoader(), new Class<?>[] {type}, handler);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return pool.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return pool.isWrapperFor(iface);
    }
}
