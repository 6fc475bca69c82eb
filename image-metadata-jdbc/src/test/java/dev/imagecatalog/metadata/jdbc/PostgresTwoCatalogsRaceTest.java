package dev.imagecatalog.metadata.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.contract.ChildJvm;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.policy.RequestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two catalogs in two JVMs on one PostgreSQL database race uploads, patches and deletes on the same images:
 * exactly one upload of each image wins, no patch is lost, each image is deleted once, nothing is left saving. They
 * also race creates against one project's {@code image_count_total} quota, which holds across both.
 *
 * <p>Each JVM has its own memory store, so the race decided
 * here is the metadata's: which catalog moves the image out of queued.
 */
class PostgresTwoCatalogsRaceTest {
    @RegisterExtension
    static final ClassDatabase DB = new ClassDatabase(TestDatabase.Kind.POSTGRES);

    @Test
    void twoJvmsBehaveAsOneCatalog() throws Exception {
        Map<String, String> settings = DB.get().freshCatalogSettings();
        int n = 20;
        List<String> uploads = new ArrayList<>();
        List<String> patches = new ArrayList<>();
        List<String> deletes = new ArrayList<>();
        try (ImageCatalog catalog = ImageCatalog.builder().settings(ClassDatabase.withMemoryStore(settings)).build()) {
            ImageService s = catalog.images(RequestContext.member("race", "parent"));
            for (int i = 0; i < n; i++) {
                uploads.add(s.create(ImageDraft.builder().name("u" + i).diskFormat("raw").containerFormat("bare").build()).id());
                deletes.add(s.create(ImageDraft.builder().name("d" + i).build()).id());
            }
            for (int i = 0; i < 3; i++) {
                patches.add(s.create(ImageDraft.builder().name("p" + i).build()).id());
            }
        }
        Map<String, List<String>> events = new HashMap<>();
        for (List<String> lines : runTogether(RaceChild.class, List.of("jvm1", "jvm2"), name -> List.of(
                settings.get("metadata.jdbc.url"), settings.get("metadata.jdbc.user"),
                settings.get("metadata.jdbc.password"), name, String.join(",", uploads),
                String.join(",", patches), String.join(",", deletes)))) {
            for (String l : lines) {
                String[] parts = l.split(" ");
                if (parts.length == 2) {
                    events.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(parts[1]);
                }
            }
        }
        // exactly one winner per upload, the other lost with a conflict
        assertThat(events.getOrDefault("won", List.of())).containsExactlyInAnyOrderElementsOf(uploads);
        assertThat(events.getOrDefault("lost", List.of())).containsExactlyInAnyOrderElementsOf(uploads);
        // each image deleted exactly once; the other JVM found it gone
        assertThat(events.getOrDefault("deleted", List.of())).containsExactlyInAnyOrderElementsOf(deletes);
        assertThat(events.getOrDefault("gone", List.of())).containsExactlyInAnyOrderElementsOf(deletes);
        try (ImageCatalog catalog = ImageCatalog.builder().settings(ClassDatabase.withMemoryStore(settings))
                .setting("recovery.on-start", "false").build()) {
            ImageService admin = catalog.images(RequestContext.admin("race", "admin"));
            for (String id : uploads) {
                Image img = admin.get(id);
                assertThat(img.status()).isEqualTo(ImageStatus.ACTIVE);
                assertThat(img.size()).isEqualTo(256 * 1024L);
                assertThat(img.locations()).hasSize(1);
            }
            // no lost update: every key and tag either JVM added is there
            Map<String, Integer> keys = new HashMap<>();
            for (String id : patches) {
                Image img = admin.get(id);
                keys.put(id, img.properties().size());
                assertThat(img.tags()).hasSize(img.properties().size());
            }
            assertThat(keys.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(2 * n);
            for (String id : patches) {
                Image img = admin.get(id);
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (patches.get(i % patches.size()).equals(id)) {
                        expected.add("jvm1_" + i);
                        expected.add("jvm2_" + i);
                    }
                }
                assertThat(img.properties().keySet()).containsExactlyInAnyOrderElementsOf(expected);
            }
            assertThat(catalog.backends().metadataRepository().findByStatus(ImageStatus.SAVING, 10)).isEmpty();
            assertThat(catalog.backends().metadataRepository().findByStatus(ImageStatus.DELETED, 100).stream().map(Image::id)
                    .collect(Collectors.toSet())).containsExactlyInAnyOrderElementsOf(deletes);
        }
    }

    /**
     * Two catalogs in two JVMs, each creating 4 images at once (4 threads) for each of 10 projects in turn, under
     * {@code quota.image-count-total = 3}: every project ends with exactly 3 images, however the creates
     * interleave (the repository counts and inserts under a PostgreSQL advisory lock per owner; each JVM's own lock
     * cannot see the other's creates, and without the advisory lock some project ends with 4 or more).
     */
    @Test
    void imageCountQuotaHoldsAcrossJvms() throws Exception {
        Map<String, String> settings = DB.get().freshCatalogSettings();
        List<String> projects = quotaProjects();
        Map<String, Integer> refused = new HashMap<>();
        Map<String, Integer> created = raceCreates(settings, projects, refused);
        try (ImageCatalog catalog = ImageCatalog.builder().settings(ClassDatabase.withMemoryStore(settings)).build()) {
            for (String project : projects) {
                assertThat(created.get(project)).as("created for " + project).isEqualTo(3);
                assertThat(refused.get(project)).as("refused for " + project).isEqualTo(5);
                assertThat(catalog.backends().metadataRepository().usage(project).imageCount()).as(project).isEqualTo(3);
            }
        }
    }

    /**
     * The same race with the advisory lock made a no-op, {@code imagecatalog.race.without-lock-runs} times
     * ({@code -Dimagecatalog.race.without-lock-runs=N}, default 5): prints in how many runs some project
     * ended with more than 3 images, and fails if none did (then the race above would not catch a missing lock).
     * The children's connections put a schema holding a do-nothing {@code pg_advisory_xact_lock(bigint)} before
     * {@code pg_catalog} in their search path, so the repository's SQL runs unchanged but locks nothing.
     */
    @Test
    void withoutTheAdvisoryLockTheQuotaBreaks() throws Exception {
        int runs = Integer.getInteger("imagecatalog.race.without-lock-runs", 5);
        int broken = 0;
        for (int run = 1; run <= runs; run++) {
            Map<String, String> settings = DB.get().freshCatalogSettings();
            String url = settings.get("metadata.jdbc.url");
            String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
            DB.get().sql("CREATE FUNCTION " + schema + ".pg_advisory_xact_lock(bigint) RETURNS void"
                    + " LANGUAGE plpgsql AS 'BEGIN END'");
            settings.put("metadata.jdbc.url", url + ",pg_catalog");
            Map<String, Integer> created = raceCreates(settings, quotaProjects(), new HashMap<>());
            long over = created.values().stream().filter(n -> n > 3).count();
            System.out.println("race without the advisory lock, run " + run + ": " + over
                    + " of 10 projects ended with more than 3 images " + created);
            if (over > 0) {
                broken++;
            }
        }
        System.out.println("without the advisory lock: the quota broke in " + broken + " of " + runs + " runs");
        assertThat(broken).as("runs in which some project ended with more than 3 images").isPositive();
    }

    private static List<String> quotaProjects() {
        List<String> projects = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            projects.add("quota-race-" + i);
        }
        return projects;
    }

    /**
     * Two JVMs creating 4 images at once for each project under {@code quota.image-count-total = 3}; returns the
     * creates per project and counts the refusals into {@code refused}.
     */
    private static Map<String, Integer> raceCreates(Map<String, String> settings, List<String> projects,
                                                    Map<String, Integer> refused) throws Exception {
        Map<String, Integer> created = new HashMap<>();
        for (List<String> lines : runTogether(QuotaRaceChild.class, List.of("jvm1", "jvm2"), name -> List.of(
                settings.get("metadata.jdbc.url"), settings.get("metadata.jdbc.user"),
                settings.get("metadata.jdbc.password"), String.join(",", projects), "3", "4"))) {
            for (String l : lines) {
                String[] parts = l.split(" ");
                if (parts[0].equals("created")) {
                    created.merge(parts[1], 1, Integer::sum);
                } else if (parts[0].equals("refused")) {
                    refused.merge(parts[1], 1, Integer::sum);
                }
            }
        }
        return created;
    }

    /**
     * Starts one JVM running {@code main} per name (arguments from {@code args}), waits until each prints
     * {@code ready}, lets them all go at once, and returns each one's output after that, once each has printed
     * {@code done} and exited with 0.
     */
    private static List<List<String>> runTogether(Class<?> main, List<String> names,
                                                  java.util.function.Function<String, List<String>> args)
            throws Exception {
        List<ChildJvm> children = new ArrayList<>();
        try {
            for (String name : names) {
                children.add(ChildJvm.start(name, main, List.of(), args.apply(name)));
            }
            for (ChildJvm child : children) {
                child.awaitLine("ready", Duration.ofSeconds(120));
            }
            for (ChildJvm child : children) { // go
                child.send("");
            }
            List<List<String>> results = new ArrayList<>();
            for (ChildJvm child : children) {
                List<String> lines = child.awaitExit(Duration.ofSeconds(300));
                assertThat(lines).as("output of %s", child.name()).contains("done");
                results.add(lines);
            }
            return results;
        } finally {
            for (ChildJvm child : children) {
                child.close();
            }
        }
    }
}
