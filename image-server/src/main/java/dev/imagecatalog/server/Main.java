package dev.imagecatalog.server;

import dev.imagecatalog.error.CatalogConfigurationException;
import dev.imagecatalog.error.ImageCatalogException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * The server as a program: {@code java -jar image-server.jar} and {@code scripts/serve}.
 *
 * <pre>
 * Main [--config FILE] [--port N] [--host H] [--memory]
 * </pre>
 *
 * <ul>
 *   <li>{@code --config FILE}: a {@code .properties} file of the catalog's settings and {@code server.*}; relative
 *       paths in it resolve against the file's folder.</li>
 *   <li>{@code --port N}, {@code --host H}: override {@code server.port} (0 picks a free port) and
 *       {@code server.host}.</li>
 *   <li>{@code --memory}: the catalog entirely in memory (the file's {@code server.*} settings still apply).</li>
 * </ul>
 *
 * <p>Without {@code --config} or {@code --memory} it serves the embedded default: image records in an H2 file and
 * image bytes on the filesystem, both under {@code ./imagecatalog-data/} in the working directory, with noauth on
 * 127.0.0.1:9292. Once listening it prints one line with the URL on standard output. SIGTERM or SIGINT closes the
 * server (uploads in flight are aborted and their images return to {@code queued}). A bad argument or setting
 * fails at start with one line on standard error naming it, and exit code 2; a back-end or port that cannot be
 * reached exits with 1.
 */
public final class Main {
    /** Where the embedded default keeps its H2 file and image bytes, relative to the working directory. */
    static final String DEFAULT_DATA_DIR = "imagecatalog-data";
    private static final int EXIT_USAGE = 2;
    private static final int EXIT_UNAVAILABLE = 1;
    private static final String USAGE = "usage: image-server [--config FILE] [--port N] [--host H] [--memory]";

    private Main() {
    }

    /**
     * Starts the server and waits until a signal stops it; exits with a non-zero code when it cannot start.
     *
     * @param args the command line, as described on the class
     * @throws InterruptedException if interrupted while waiting for the server to stop
     */
    public static void main(String[] args) throws InterruptedException {
        ImageServer server;
        try {
            server = start(args);
        } catch (UsageException e) {
            System.err.println("image-server: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(EXIT_USAGE);
            return;
        } catch (CatalogConfigurationException e) {
            System.err.println("image-server: bad configuration: " + e.getMessage());
            System.exit(EXIT_USAGE);
            return;
        } catch (ImageCatalogException e) {
            System.err.println("image-server: cannot start: " + e.getMessage());
            System.exit(EXIT_UNAVAILABLE);
            return;
        }
        if (server == null) {
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } finally {
                stopped.countDown();
            }
        }, "image-server-shutdown"));
        PrintStream out = System.out;
        out.println("imagecatalog serving the Glance v2 API at " + server.uri());
        out.flush();
        stopped.await();
    }

    /** Parses the command line and starts the server; {@code null} after printing the usage for {@code --help}. */
    static ImageServer start(String[] args) {
        Map<String, String> overrides = new LinkedHashMap<>();
        Path config = null;
        boolean memory = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> config = Path.of(value(args, ++i, "--config"));
                case "--port" -> overrides.put("server.port", port(value(args, ++i, "--port")));
                case "--host" -> overrides.put("server.host", value(args, ++i, "--host"));
                case "--memory" -> memory = true;
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return null;
                }
                default -> throw new UsageException("unknown argument " + args[i]);
            }
        }
        Map<String, String> settings = new LinkedHashMap<>();
        Path baseDirectory;
        if (config != null) {
            settings.putAll(load(config));
            baseDirectory = config.toAbsolutePath().getParent();
        } else {
            settings.putAll(embeddedDefault());
            baseDirectory = Path.of("").toAbsolutePath();
        }
        if (memory) {
            settings.keySet().removeIf(k -> !k.startsWith(ServerSettings.PREFIX));
            settings.putAll(Map.of("metadata.type", "memory", "stores", "mem", "store.mem.type", "memory"));
        }
        settings.putAll(overrides);
        return ImageServer.builder().settings(settings).baseDirectory(baseDirectory).start();
    }

    /** The catalog without a configuration file: H2 file + filesystem store under {@value #DEFAULT_DATA_DIR}. */
    static Map<String, String> embeddedDefault() {
        return Map.of(
                "metadata.type", "jdbc",
                "metadata.jdbc.url", "jdbc:h2:./" + DEFAULT_DATA_DIR + "/catalog",
                "stores", "local",
                "stores.default", "local",
                "store.local.type", "filesystem",
                "store.local.datadir", "./" + DEFAULT_DATA_DIR + "/images");
    }

    private static Map<String, String> load(Path file) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UsageException("--config " + file + ": cannot read it (" + e + ")");
        }
        Map<String, String> m = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k).trim()));
        return m;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }

    private static String port(String value) {
        try {
            int p = Integer.parseInt(value);
            if (p >= 0 && p <= 65535) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--port " + value + ": not a port number (0-65535)");
    }

    /** A wrong command line. */
    private static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
