package dev.imagecatalog.server.junit;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.server.ImageServer;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A Glance v2 server for a JUnit 5 test: started on a free port of 127.0.0.1 before the tests, in memory by default,
 * closed after them. Each extension has its own server and catalog; two in one test class share nothing.
 *
 * <pre>{@code
 * class MyHarnessTest {
 *     @RegisterExtension
 *     static GlanceServerExtension glance = GlanceServerExtension.inMemory();     // one catalog per test class
 *
 *     @Test
 *     void listsNothingYet() throws Exception {
 *         HttpResponse<String> r = HttpClient.newHttpClient().send(
 *                 HttpRequest.newBuilder(glance.uri().resolve("/v2/images")).build(), BodyHandlers.ofString());
 *         assertEquals(200, r.statusCode());
 *         // glance.catalog() is the same catalog in process, e.g. to seed images or check what a client did
 *     }
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@link #inMemory()}: metadata and one store in memory; {@link #withSettings(Map)}: any catalog and
 *       {@code server.*} settings (as {@link ImageServer.Builder#settings(Map)} takes them; {@code server.port}
 *       is 0, a free port, unless given).</li>
 *   <li>{@link #perTest()}: a fresh server and catalog for every test method instead of one per test class.</li>
 *   <li>{@code @ExtendWith(GlanceServerExtension.class)}: an in-memory server per test class, handed to a test or
 *       lifecycle method as an {@link ImageServer} parameter ({@link ImageServer#uri()},
 *       {@link ImageServer#catalog()}).</li>
 * </ul>
 *
 * <p>Registered on an instance field (non-static {@code @RegisterExtension}), the server lives for one test method.
 * {@link #uri()}, {@link #catalog()} and {@link #server()} answer while a server runs and throw
 * {@link IllegalStateException} otherwise. With {@link #perTest()}, the methods of one class must not run
 * concurrently (the extension holds one current server).
 */
public final class GlanceServerExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private static final Map<String, String> IN_MEMORY = Map.of(
            "metadata.type", "memory", "stores", "mem", "store.mem.type", "memory");

    private final Map<String, String> settings;
    private final boolean perTest;
    private volatile ImageServer server;
    /** The server was started for one test method (perTest, or an instance-field registration). */
    private boolean startedForMethod;
    /** How many nested test classes entered while the outer class's server runs. */
    private int nestedClasses;

    /** An in-memory server per test class: what {@code @ExtendWith(GlanceServerExtension.class)} uses. */
    public GlanceServerExtension() {
        this(IN_MEMORY, false);
    }

    private GlanceServerExtension(Map<String, String> settings, boolean perTest) {
        Map<String, String> s = new HashMap<>(settings);
        s.putIfAbsent("server.port", "0");
        this.settings = Map.copyOf(s);
        this.perTest = perTest;
    }

    /** {@return an extension serving a catalog entirely in memory, one per test class} */
    public static GlanceServerExtension inMemory() {
        return new GlanceServerExtension();
    }

    /**
     * An extension serving a catalog built from these settings, one per test class.
     *
     * @param settings the catalog's settings and {@code server.*} ({@code server.port} defaults to 0 here)
     * @return the extension; a wrong setting fails the test class at start, naming the key
     */
    public static GlanceServerExtension withSettings(Map<String, String> settings) {
        return new GlanceServerExtension(Objects.requireNonNull(settings, "settings"), false);
    }

    /** {@return the same extension, but with a fresh server and catalog for every test method} */
    public GlanceServerExtension perTest() {
        return new GlanceServerExtension(settings, true);
    }

    /** {@return the running server's base URL, the Glance endpoint ({@code http://127.0.0.1:PORT})} */
    public URI uri() {
        return server().uri();
    }

    /** {@return the catalog the running server serves (to seed images or check what a client did)} */
    public ImageCatalog catalog() {
        return server().catalog();
    }

    /** {@return the running server} */
    public ImageServer server() {
        ImageServer s = server;
        if (s == null) {
            throw new IllegalStateException("no Glance server is running: the extension starts one "
                    + (perTest ? "before each test" : "before the test class (or each test, on an instance field)"));
        }
        return s;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (perTest) {
            return;
        }
        if (server != null) {
            nestedClasses++;
            return;
        }
        server = start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (perTest) {
            return;
        }
        if (nestedClasses > 0) {
            nestedClasses--;
            return;
        }
        stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (server == null) {
            server = start();
            startedForMethod = true;
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (startedForMethod) {
            startedForMethod = false;
            stop();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ImageServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (server == null) {
            // a parameter of a @BeforeAll method of a perTest extension: no server before the first test
            throw new ParameterResolutionException(
                    "no Glance server is running yet for " + parameter.getDeclaringExecutable());
        }
        return server;
    }

    private ImageServer start() {
        return ImageServer.builder().settings(settings).start();
    }

    private void stop() {
        ImageServer s = server;
        server = null;
        if (s != null) {
            s.close();
        }
    }
}
