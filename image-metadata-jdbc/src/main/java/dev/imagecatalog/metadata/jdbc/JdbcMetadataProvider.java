package dev.imagecatalog.metadata.jdbc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.imagecatalog.config.Setting;
import dev.imagecatalog.config.Settings;
import dev.imagecatalog.config.SettingsSpec;
import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.error.CatalogConfigurationException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.spi.MetadataProvider;
import dev.imagecatalog.spi.MetadataRepository;
import java.sql.SQLException;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code jdbc} metadata back-end: image records in H2 (embedded, the default) or PostgreSQL (shared by
 * several application instances). Settings, relative to {@code metadata.} (declared below and tabled in the module
 * README; any other key is refused, naming it):
 *
 * <ul>
 *   <li>{@code jdbc.url} (required): {@code jdbc:h2:file:/path/catalog} (a relative {@code ./path} resolves
 *       against the properties file's folder; {@code ;WRITE_DELAY=0} is added unless the URL names a write delay,
 *       so a returned commit survives a kill of the process, and {@code ;DB_CLOSE_ON_EXIT=FALSE} unless the URL
 *       names it, so the catalog, not H2's shutdown hook, closes it), {@code jdbc:h2:mem:name} or
 *       {@code jdbc:postgresql://host:port/db}</li>
 *   <li>{@code jdbc.user}, {@code jdbc.password}: credentials (H2 default {@code sa} / empty)</li>
 *   <li>{@code jdbc.pool.size}: connections kept (default 10), {@code jdbc.pool.timeout}: wait for a free
 *       connection (default 30s)</li>
 *   <li>{@code cache.enabled} (default false), {@code cache.size} (default 10000),
 *       {@code cache.expire-after-write} (default 30s): the find-by-id cache</li>
 *   <li>{@code jdbc.migrate} (default true): create or upgrade the schema at start-up</li>
 * </ul>
 *
 * <p>The schema is created or upgraded at start-up (safe when several processes start at once). A database whose
 * schema is newer than this library is refused with a {@link CatalogConfigurationException}; an unreachable
 * database is a {@link BackendUnavailableException}. A database that goes away while the repository runs (H2
 * closing its database, a PostgreSQL restart) is reopened by the next call ({@link ReopeningDataSource}).
 */
public final class JdbcMetadataProvider implements MetadataProvider {
    /** The type name: {@code metadata.type = jdbc}. */
    public static final String TYPE = "jdbc";

    private static final Logger LOG = LoggerFactory.getLogger(JdbcMetadataProvider.class);
    static final Setting<String> URL = Setting.of("jdbc.url", "JDBC URL", v -> {
        if (!v.startsWith("jdbc:h2:") && !v.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("a jdbc:h2: or jdbc:postgresql: URL");
        }
        return v;
    }).required();
    static final Setting<String> USER = Setting.string("jdbc.user");
    static final Setting<String> PASSWORD = Setting.string("jdbc.password").secret();
    static final Setting<Integer> POOL_SIZE = Setting.integer("jdbc.pool.size").range(1, 1000).defaultValue(10);
    static final Setting<Duration> POOL_TIMEOUT = Setting.duration("jdbc.pool.timeout")
            .atLeast(Duration.ofMillis(250)).defaultValue(Duration.ofSeconds(30));
    static final Setting<Boolean> MIGRATE = Setting.bool("jdbc.migrate").defaultValue(true);
    static final Setting<Boolean> CACHE_ENABLED = Setting.bool("cache.enabled").defaultValue(false);
    static final Setting<Long> CACHE_SIZE = Setting.longInteger("cache.size").atLeast(1L).defaultValue(10_000L);
    static final Setting<Duration> CACHE_EXPIRY = Setting.duration("cache.expire-after-write")
            .atLeast(Duration.ofMillis(1)).defaultValue(Duration.ofSeconds(30));
    /** Every key of the jdbc back-end; any other under {@code metadata.} is refused. */
    static final SettingsSpec SPEC = SettingsSpec.of("jdbc metadata back-end", Setting.PLUGIN_TYPE, URL, USER,
            PASSWORD, POOL_SIZE, POOL_TIMEOUT, MIGRATE, CACHE_ENABLED, CACHE_SIZE, CACHE_EXPIRY);

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public MetadataRepository create(Settings given) {
        Settings settings = SPEC.check(given);
        String url = closedByCatalog(durableH2(resolveH2Path(settings.value(URL),
                settings.baseDirectory().orElse(null))));
        Dialect dialect = Dialect.fromUrl(url, settings.fullKey(URL.key()));
        int poolSize = settings.value(POOL_SIZE);
        Duration poolTimeout = settings.value(POOL_TIMEOUT);
        boolean migrate = settings.value(MIGRATE);
        boolean cacheEnabled = settings.value(CACHE_ENABLED);
        long cacheSize = settings.value(CACHE_SIZE);
        Duration cacheExpiry = settings.value(CACHE_EXPIRY);

        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(settings.optional(USER).orElse(dialect == Dialect.H2 ? "sa" : null));
        config.setPassword(settings.optional(PASSWORD).orElse(dialect == Dialect.H2 ? "" : null));
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(2, poolSize));
        config.setConnectionTimeout(poolTimeout.toMillis());
        config.setInitializationFailTimeout(-1); // report a dead database ourselves, below, naming the URL
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        config.setAutoCommit(true);
        if (dialect == Dialect.POSTGRESQL) {
            // every statement here reads or writes a handful of rows by index; a parallel plan (which PostgreSQL
            // picks for the 100-id child lookups of a page) spends ~10 ms starting workers to save microseconds
            config.setConnectionInitSql("SET max_parallel_workers_per_gather = 0");
        }
        if (dialect == Dialect.H2) {
            // embedded: connections cost nothing to keep, and never retiring them keeps a jdbc:h2:mem: database
            // (which lives while a connection is open) alive for the repository's whole life
            config.setMaxLifetime(0);
            config.setIdleTimeout(0);
            config.setMinimumIdle(1);
        }
        config.setPoolName("imagecatalog-metadata-" + Integer.toHexString(System.identityHashCode(config)));
        HikariDataSource pool = new HikariDataSource(config);
        ReopeningDataSource dataSource = new ReopeningDataSource(pool, redact(url));
        try {
            if (migrate) {
                int before = new SchemaMigrator(dataSource, dialect).migrate();
                if (before < SchemaMigrator.LATEST_VERSION) {
                    LOG.info("metadata schema at {} migrated from version {} to {}", redact(url), before, SchemaMigrator.LATEST_VERSION);
                }
            } else {
                int found = new SchemaMigrator(dataSource, dialect).currentVersion();
                if (found != SchemaMigrator.LATEST_VERSION) {
                    throw new CatalogConfigurationException("the metadata database has schema version " + found
                            + " but this library needs " + SchemaMigrator.LATEST_VERSION + " and '"
                            + settings.fullKey("jdbc.migrate") + "' is false");
                }
            }
        } catch (SQLException e) {
            pool.close();
            throw new BackendUnavailableException("cannot open the metadata database " + redact(url) + " ("
                    + settings.fullKey("jdbc.url") + "): " + e.getMessage(), e);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        Cache<String, Image> cache = cacheEnabled
                ? Caffeine.newBuilder().maximumSize(cacheSize).expireAfterWrite(cacheExpiry).build() : null;
        return new JdbcMetadataRepository(Jdbi.create(dataSource), dialect, cache, pool,
                exclusiveToThisProcess(url));
    }

    /**
     * True for an embedded H2 database (a file, which H2 locks against other processes, or {@code mem:}); false for
     * PostgreSQL and for H2 reached over TCP/SSL or opened with {@code AUTO_SERVER=TRUE}, which other processes can
     * use at the same time.
     */
    static boolean exclusiveToThisProcess(String url) {
        String u = url.toUpperCase(java.util.Locale.ROOT);
        return u.startsWith("JDBC:H2:") && !u.startsWith("JDBC:H2:TCP:") && !u.startsWith("JDBC:H2:SSL:")
                && !u.replace(" ", "").contains(";AUTO_SERVER=TRUE");
    }

    /**
     * A relative H2 file path ({@code jdbc:h2:./db/catalog}, {@code jdbc:h2:file:../catalog}) resolves against the
     * folder of the properties file the settings came from, like every other path in the configuration; without
     * one it is left to H2 (the working directory).
     */
    static String resolveH2Path(String url, java.nio.file.Path base) {
        if (base == null) {
            return url;
        }
        String prefix;
        if (url.startsWith("jdbc:h2:file:")) {
            prefix = "jdbc:h2:file:";
        } else if (url.startsWith("jdbc:h2:./") || url.startsWith("jdbc:h2:../")) {
            prefix = "jdbc:h2:";
        } else {
            return url;
        }
        String rest = url.substring(prefix.length());
        if (!rest.startsWith("./") && !rest.startsWith("../")) {
            return url;
        }
        int semi = rest.indexOf(';');
        String path = semi < 0 ? rest : rest.substring(0, semi);
        String options = semi < 0 ? "" : rest.substring(semi);
        return "jdbc:h2:file:" + base.resolve(path).normalize() + options;
    }

    /**
     * An H2 file database gets {@code WRITE_DELAY=0} unless its URL names a write delay: H2's default (500 ms) lets
     * a commit return before its changes reach the file, so a process killed within that time loses transactions it
     * had reported committed. With 0 every commit writes its changes to the file before it returns (it survives a
     * kill of the process; H2 does not fsync each commit, so an operating-system crash or power loss may still lose
     * what the OS had not yet written). In-memory databases are left alone.
     */
    static String durableH2(String url) {
        if (!url.startsWith("jdbc:h2:") || url.startsWith("jdbc:h2:mem:")
                || url.toUpperCase(java.util.Locale.ROOT).contains(";WRITE_DELAY=")) {
            return url;
        }
        return url + ";WRITE_DELAY=0";
    }

    /**
     * An embedded H2 database gets {@code DB_CLOSE_ON_EXIT=FALSE} unless its URL names it: the catalog closes its
     * database itself, and H2's own shutdown hook would otherwise close it under an application's shutdown hook
     * that is still finishing with the catalog (a server stopping on SIGTERM returns its cut-off uploads to
     * {@code queued} before it closes the catalog).
     */
    static String closedByCatalog(String url) {
        if (!url.startsWith("jdbc:h2:") || !exclusiveToThisProcess(url)
                || url.toUpperCase(java.util.Locale.ROOT).contains(";DB_CLOSE_ON_EXIT=")) {
            return url;
        }
        return url + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    private static String redact(String url) {
        int q = url.indexOf('?');
        String base = q < 0 ? url : url.substring(0, q);
        int semi = base.indexOf(';');
        return semi < 0 ? base : base.substring(0, semi);
    }
}
