package dev.imagecatalog.server.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageQuery;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.server.ImageServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs small test classes that use {@link GlanceServerExtension} through the JUnit launcher, then checks what each
 * saw (the servers and catalogs it was given) and what it left behind (every server stopped, every catalog closed).
 * The fixture classes are nested, so Surefire does not run them on their own, and {@link LaunchedByThisTest} disables
 * them when a {@code -Dtest} pattern selects them anyway.
 */
class GlanceServerExtensionTest {
    static final RequestContext ADMIN = RequestContext.admin("p1", "u1");
    static final HttpClient HTTP = HttpClient.newHttpClient();
    /** What the fixtures saw, in the order their tests ran. */
    static final List<Seen> SEEN = new CopyOnWriteArrayList<>();

    record Seen(String test, URI uri, ImageCatalog catalog, int imagesBefore) {
    }

    @BeforeEach
    void clear() {
        SEEN.clear();
    }

    static int versionsStatus(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri.resolve("/versions")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Records what a fixture's test sees and creates one image, as a test would. */
    static void seeAndCreate(String test, GlanceServerExtension glance) throws Exception {
        assertThat(versionsStatus(glance.uri())).isEqualTo(200);
        ImageService images = glance.catalog().images(ADMIN);
        SEEN.add(new Seen(test, glance.uri(), glance.catalog(), images.list(ImageQuery.all()).items().size()));
        images.create(ImageDraft.builder().name(test).build());
    }

    static final String FIXTURE_PARAMETER = "imagecatalog.glance-extension-fixture";

    /** Runs a fixture class only when {@link #launch} runs it. */
    static final class LaunchedByThisTest implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(FIXTURE_PARAMETER).isPresent()
                    ? ConditionEvaluationResult.enabled("launched by GlanceServerExtensionTest")
                    : ConditionEvaluationResult.disabled("a fixture of GlanceServerExtensionTest");
        }
    }

    static TestExecutionSummary launch(Class<?> fixture) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture))
                .configurationParameter(FIXTURE_PARAMETER, "true").build(), listener);
        return listener.getSummary();
    }

    static void run(Class<?> fixture, int tests) {
        TestExecutionSummary summary = launch(fixture);
        assertThat(summary.getFailures()).as("failures of %s", fixture.getSimpleName())
                .extracting(f -> f.getException().toString()).isEmpty();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(tests);
    }

    static void assertStopped(Seen seen) {
        assertThatThrownBy(() -> versionsStatus(seen.uri())).as("server of %s stopped", seen.test())
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> seen.catalog().images(ADMIN).list(ImageQuery.all()))
                .as("catalog of %s closed", seen.test()).isInstanceOf(RuntimeException.class);
    }

    @ExtendWith(LaunchedByThisTest.class)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class PerClassFixture {
        @RegisterExtension
        static GlanceServerExtension glance = GlanceServerExtension.inMemory();

        @Test
        @Order(1)
        void first() throws Exception {
            seeAndCreate("first", glance);
        }

        @Test
        @Order(2)
        void second() throws Exception {
            seeAndCreate("second", glance);
        }
    }

    @Test
    void perClassSharesOneServerAndCatalogAcrossTheClassThenStopsIt() {
        run(PerClassFixture.class, 2);
        assertThat(SEEN).extracting(Seen::imagesBefore).containsExactly(0, 1);
        assertThat(SEEN.get(0).uri()).isEqualTo(SEEN.get(1).uri());
        assertThat(SEEN.get(0).catalog()).isSameAs(SEEN.get(1).catalog());
        assertStopped(SEEN.get(0));
        assertThatThrownBy(PerClassFixture.glance::uri).isInstanceOf(IllegalStateException.class);
    }

    @ExtendWith(LaunchedByThisTest.class)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class PerTestFixture {
        @RegisterExtension
        static GlanceServerExtension glance = GlanceServerExtension.inMemory().perTest();

        @Test
        @Order(1)
        void first() throws Exception {
            seeAndCreate("first", glance);
        }

        @Test
        @Order(2)
        void second() throws Exception {
            assertStopped(SEEN.get(0));
            seeAndCreate("second", glance);
        }
    }

    @Test
    void perTestGivesEachTestAFreshServerAndCatalogAndStopsEach() {
        run(PerTestFixture.class, 2);
        assertThat(SEEN).extracting(Seen::imagesBefore).containsExactly(0, 0);
        assertThat(SEEN.get(0).catalog()).isNotSameAs(SEEN.get(1).catalog());
        SEEN.forEach(GlanceServerExtensionTest::assertStopped);
    }

    @ExtendWith(LaunchedByThisTest.class)
    static class TwoExtensionsFixture {
        @RegisterExtension
        static GlanceServerExtension a = GlanceServerExtension.inMemory();
        @RegisterExtension
        static GlanceServerExtension b = GlanceServerExtension.withSettings(Map.of("metadata.type", "memory",
                "stores", "other", "store.other.type", "memory"));

        @Test
        void imagesOfOneAreNotInTheOther() throws Exception {
            seeAndCreate("a", a);
            seeAndCreate("b", b);
            assertThat(a.catalog().images(ADMIN).list(ImageQuery.all()).items()).extracting(i -> i.name())
                    .containsExactly("a");
            assertThat(b.catalog().images(ADMIN).list(ImageQuery.all()).items()).extracting(i -> i.name())
                    .containsExactly("b");
        }
    }

    @Test
    void twoExtensionsInOneClassShareNothing() {
        run(TwoExtensionsFixture.class, 1);
        assertThat(SEEN).extracting(Seen::imagesBefore).containsExactly(0, 0);
        assertThat(SEEN.get(0).uri()).isNotEqualTo(SEEN.get(1).uri());
        assertThat(SEEN.get(0).catalog()).isNotSameAs(SEEN.get(1).catalog());
        SEEN.forEach(GlanceServerExtensionTest::assertStopped);
    }

    @ExtendWith(LaunchedByThisTest.class)
    @ExtendWith(GlanceServerExtension.class)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class ExtendWithFixture {
        @Test
        @Order(1)
        void first(ImageServer server) throws Exception {
            assertThat(versionsStatus(server.uri())).isEqualTo(200);
            SEEN.add(new Seen("first", server.uri(), server.catalog(),
                    server.catalog().images(ADMIN).list(ImageQuery.all()).items().size()));
            server.catalog().images(ADMIN).create(ImageDraft.builder().name("first").build());
        }

        @Test
        @Order(2)
        void second(ImageServer server) throws Exception {
            SEEN.add(new Seen("second", server.uri(), server.catalog(),
                    server.catalog().images(ADMIN).list(ImageQuery.all()).items().size()));
        }
    }

    @Test
    void extendWithInjectsAnInMemoryServerPerClass() {
        run(ExtendWithFixture.class, 2);
        assertThat(SEEN).extracting(Seen::imagesBefore).containsExactly(0, 1);
        assertThat(SEEN.get(0).uri()).isEqualTo(SEEN.get(1).uri());
        assertStopped(SEEN.get(0));
    }

    @ExtendWith(LaunchedByThisTest.class)
    static class InstanceFieldFixture {
        @RegisterExtension
        GlanceServerExtension glance = GlanceServerExtension.inMemory();

        @Test
        void one() throws Exception {
            seeAndCreate("one", glance);
        }

        @Test
        void two() throws Exception {
            seeAndCreate("two", glance);
        }
    }

    @Test
    void onAnInstanceFieldTheServerLivesForOneTest() {
        run(InstanceFieldFixture.class, 2);
        assertThat(SEEN).extracting(Seen::imagesBefore).containsExactly(0, 0);
        SEEN.forEach(GlanceServerExtensionTest::assertStopped);
    }

    @ExtendWith(LaunchedByThisTest.class)
    static class BadSettingsFixture {
        @RegisterExtension
        static GlanceServerExtension glance = GlanceServerExtension.withSettings(Map.of("metadata.type", "memory",
                "stores", "m", "store.m.type", "memory", "server.prot", "1"));

        @Test
        void neverRuns() {
            SEEN.add(new Seen("neverRuns", null, null, 0));
        }
    }

    @Test
    void aBadSettingFailsTheClassNamingTheKey() {
        assertThat(launch(BadSettingsFixture.class).getFailures()).singleElement()
                .extracting(f -> f.getException().getMessage()).asString().contains("server.prot");
        assertThat(SEEN).isEmpty();
    }
}
