package dev.imagecatalog.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.config.Settings;
import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.error.CatalogConfigurationException;
import dev.imagecatalog.server.api.Api;
import dev.imagecatalog.server.api.ApiContext;
import dev.imagecatalog.server.auth.Authenticators;
import dev.imagecatalog.server.http.Dispatcher;
import dev.imagecatalog.server.http.GlanceErrorHandler;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A catalog served over HTTP with Glance's v2 REST API, so Glance's clients (openstackclient, python-glanceclient,
 * openstack4j) and any HTTP test harness can use it.
 *
 * <pre>{@code
 * try (ImageServer server = ImageServer.builder().settings(Map.of(
 *         "metadata.type", "memory", "stores", "mem", "store.mem.type", "memory",
 *         "server.port", "0")).start()) {
 *     URI glance = server.uri();       // http://127.0.0.1:<port>
 *     ...
 * }
 * }</pre>
 *
 * <p>Settings are the catalog's (passed on to {@link ImageCatalog.Builder}) plus {@code server.*}: {@code host}
 * (127.0.0.1), {@code port} (9292; 0 picks a free one), {@code auth} ({@code noauth} or {@code keystone}, with
 * {@code server.keystone.*}), {@code threads}, {@code idle-timeout}, {@code stop-timeout}, {@code max-json-bytes},
 * {@code max-header-bytes}. A wrong key or value fails {@link Builder#start()} naming the key.
 *
 * <p>{@link #close()} stops accepting, aborts what is still in flight (an upload cut off returns its image to
 * {@code queued}) and closes the catalog if the server built it.
 */
public final class ImageServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ImageServer.class);

    private static final Duration ROUTES_END_TIMEOUT = Duration.ofSeconds(30);

    private final Server jetty;
    private final Dispatcher dispatcher;
    private final ImageCatalog catalog;
    private final boolean ownsCatalog;
    private final URI uri;

    private ImageServer(Server jetty, Dispatcher dispatcher, ImageCatalog catalog, boolean ownsCatalog, URI uri) {
        this.jetty = jetty;
        this.dispatcher = dispatcher;
        this.catalog = catalog;
        this.ownsCatalog = ownsCatalog;
        this.uri = uri;
    }

    /** {@return a builder} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the server's base URL, {@code http://host:port} (the Glance endpoint)} */
    public URI uri() {
        return uri;
    }

    /** {@return the port the server listens on} */
    public int port() {
        return uri.getPort();
    }

    /** {@return the catalog the server serves} */
    public ImageCatalog catalog() {
        return catalog;
    }

    /**
     * Stops the server and the catalog it built. Connections still open are given {@code server.stop-timeout}
     * (default 0: cut at once; an upload cut off returns its image to {@code queued}).
     */
    @Override
    public void close() {
        try {
            // close the connections first: a route blocked on a cut-off upload fails, returns its image to queued
            // and ends; only then stop the threads and close the catalog under it
            for (Connector connector : jetty.getConnectors()) {
                connector.stop();
            }
            if (!dispatcher.awaitIdle(ROUTES_END_TIMEOUT)) {
                LOG.warn("requests still running {} after the connections closed; stopping anyway", ROUTES_END_TIMEOUT);
            }
            jetty.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("interrupted while stopping the HTTP server");
        } catch (Exception e) {
            LOG.warn("stopping the HTTP server failed: {}", e.toString());
        } finally {
            if (ownsCatalog) {
                catalog.close();
            }
        }
    }

    /** Configures and starts a server. */
    public static final class Builder {
        private final Map<String, String> settings = new HashMap<>();
        private ImageCatalog catalog;
        private Path baseDirectory;

        private Builder() {
        }

        /**
         * Adds settings: the catalog's and {@code server.*} (later calls override earlier ones).
         *
         * @param values setting keys and their values
         * @return this builder
         */
        public Builder settings(Map<String, String> values) {
            values.forEach(this::setting);
            return this;
        }

        /**
         * Sets one setting, replacing an earlier value.
         *
         * @param key   the key, such as {@code server.port} or {@code metadata.type}
         * @param value its value
         * @return this builder
         */
        public Builder setting(String key, String value) {
            settings.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value of " + key));
            return this;
        }

        /**
         * Serves an existing catalog instead of building one from the settings; the server does not close it. Only
         * {@code server.*} settings may then be given.
         *
         * @param catalog the catalog to serve
         * @return this builder
         */
        public Builder catalog(ImageCatalog catalog) {
            this.catalog = Objects.requireNonNull(catalog, "catalog");
            return this;
        }

        /**
         * The folder relative paths in settings resolve against.
         *
         * @param dir the folder, or null for the working directory
         * @return this builder
         */
        public Builder baseDirectory(Path dir) {
            this.baseDirectory = dir;
            return this;
        }

        /**
         * Builds the catalog (unless one was given) and starts listening.
         *
         * @return the running server; the caller closes it
         * @throws CatalogConfigurationException if a setting is wrong or missing (naming the key)
         * @throws BackendUnavailableException   if a back-end or the port cannot be reached
         */
        public ImageServer start() {
            Settings server = ServerSettings.server(settings, baseDirectory);
            Map<String, String> catalogSettings = ServerSettings.catalog(settings);
            if (catalog != null && !catalogSettings.isEmpty()) {
                throw new CatalogConfigurationException("catalog settings " + catalogSettings.keySet()
                        + " given with an existing catalog; only server.* settings apply");
            }
            var authenticator = Authenticators.create(server.value(ServerSettings.AUTH),
                    () -> ServerSettings.keystone(server));
            boolean owns = catalog == null;
            ImageCatalog cat = owns
                    ? ImageCatalog.builder().settings(catalogSettings).baseDirectory(baseDirectory).build()
                    : catalog;
            try {
                return startJetty(server, cat, owns, authenticator);
            } catch (RuntimeException e) {
                if (owns) {
                    cat.close();
                }
                throw e;
            }
        }

        private static ImageServer startJetty(Settings s, ImageCatalog cat, boolean owns,
                                              dev.imagecatalog.server.http.Authenticator authenticator) {
            QueuedThreadPool threads = new QueuedThreadPool(s.value(ServerSettings.THREADS));
            threads.setName("image-server");
            Server jetty = new Server(threads);
            HttpConfiguration http = new HttpConfiguration();
            http.setSendServerVersion(false);
            http.setSendDateHeader(true);
            int headerBytes = Math.toIntExact(s.value(ServerSettings.MAX_HEADER_BYTES));
            http.setRequestHeaderSize(headerBytes);
            ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
            connector.setHost(s.value(ServerSettings.HOST));
            connector.setPort(s.value(ServerSettings.PORT));
            connector.setIdleTimeout(s.value(ServerSettings.IDLE_TIMEOUT).toMillis());
            jetty.addConnector(connector);
            jetty.setStopTimeout(s.value(ServerSettings.STOP_TIMEOUT).toMillis());
            ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
            jetty.setErrorHandler(new GlanceErrorHandler(mapper));
            Dispatcher dispatcher = new Dispatcher(Api.routes(new ApiContext(cat, mapper)), authenticator,
                    mapper, s.value(ServerSettings.MAX_JSON_BYTES));
            jetty.setHandler(dispatcher);
            try {
                jetty.start();
            } catch (Exception e) {
                try {
                    jetty.stop();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw new BackendUnavailableException("the HTTP server could not start on "
                        + s.value(ServerSettings.HOST) + ":" + s.value(ServerSettings.PORT) + ": " + e.getMessage(), e);
            }
            String host = s.value(ServerSettings.HOST);
            URI uri = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                    + connector.getLocalPort());
            LOG.info("serving the Glance v2 API at {} ({} auth)", uri, s.value(ServerSettings.AUTH));
            return new ImageServer(jetty, dispatcher, cat, owns, uri);
        }
    }
}
