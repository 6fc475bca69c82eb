package dev.imagecatalog.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.error.VersionConflictException;
import dev.imagecatalog.metadef.MetadefJson;
import dev.imagecatalog.metadef.MetadefNamespace;
import dev.imagecatalog.metadef.MetadefObject;
import dev.imagecatalog.metadef.MetadefProperty;
import dev.imagecatalog.metadef.MetadefRepository;
import dev.imagecatalog.metadef.MetadefResourceType;
import dev.imagecatalog.metadef.MetadefTag;
import dev.imagecatalog.metadef.MetadefVisibility;
import dev.imagecatalog.metadef.ResourceTypeAssociation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link MetadefRepository} passes. Extend it and return a fresh, empty repository from
 * {@link #newRepository()}; nothing else is needed. The suite checks that aggregates come back exactly as stored
 * (every property attribute, list order, timestamps), versions and compare-and-set, renames, typed errors,
 * isolation between instances and resource types.
 */
public abstract class MetadefRepositoryContract {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");
    private static final Instant T1 = Instant.parse("2026-01-02T03:04:06.001Z");

    protected MetadefRepository repository;

    /** A fresh, empty repository (its own catalog). */
    protected abstract MetadefRepository newRepository();

    @BeforeEach
    void setUpRepository() {
        repository = newRepository();
    }

    /** An aggregate using every attribute the model has. */
    protected static MetadefNamespace richNamespace(String name) {
        MetadefProperty full = MetadefProperty.builder("cpu_policy").type("string").title("CPU policy")
                .description("pinning, with \"quotes\" and ünïcode").enumValues("shared", "dedicated")
                .defaultValue("shared").minLength(1).maxLength(20).pattern("^[a-z]+$").readonly(false)
                .operators(List.of("<or>")).build();
        MetadefProperty numbers = MetadefProperty.builder("cpu_sockets").type("integer").title("Sockets")
                .minimum(1).maximum(4096).defaultValue(2).enumValues(1, 2, 4).build();
        MetadefProperty real = MetadefProperty.builder("ratio").type("number").title("Ratio").minimum(0.5)
                .maximum(16.25).defaultValue(1.5).build();
        MetadefProperty array = MetadefProperty.builder("cpu_flags").type("array").title("Flags")
                .items(new MetadefProperty.Items("string", List.of("sse", "avx"))).minItems(0).maxItems(5)
                .uniqueItems(true).additionalItems(false).operators(List.of("<or>", "<all-in>")).build();
        MetadefProperty bool = MetadefProperty.builder("enabled").type("boolean").title("Enabled")
                .defaultValue(true).readonly(true).build();
        MetadefProperty object = MetadefProperty.builder("extra").type("object").title("Extra")
                .defaultValue(Map.of("k", List.of(1, "two"))).build();
        return MetadefNamespace.builder(name).displayName("Display " + name).description("Description of " + name)
                .visibility(MetadefVisibility.PUBLIC).isProtected(true).owner("project-a").createdAt(T0)
                .updatedAt(T1)
                .addResourceTypeAssociation(new ResourceTypeAssociation("OS::Glance::Image", "hw_", null, T0, T1))
                .addResourceTypeAssociation(new ResourceTypeAssociation("OS::Cinder::Volume", "hw_", "image", T0, T0))
                .addResourceTypeAssociation(new ResourceTypeAssociation("OS::Nova::Aggregate", null, null, T1, T1))
                .properties(List.of(full, numbers, real, array, bool, object))
                .addObject(MetadefObject.builder("MySQL").description("a database").required(List.of("port"))
                        .addProperty(MetadefProperty.builder("port").type("integer").title("Port").minimum(1)
                                .maximum(65535).build())
                        .addProperty(MetadefProperty.builder("version").type("string").title("Version").build())
                        .createdAt(T0).updatedAt(T1).build())
                .addObject(MetadefObject.builder("Empty").createdAt(T1).updatedAt(T1).build())
                .addTag(new MetadefTag("zeta", T0, T1)).addTag(new MetadefTag("alpha", T1, T1))
                .build();
    }

    @Test
    void insertThenFindReturnsTheSameAggregateWithVersionOne() {
        MetadefNamespace ns = richNamespace("OS::Contract::Rich");
        MetadefNamespace stored = repository.insertNamespace(ns);
        assertThat(stored.version()).isEqualTo(1);
        Optional<MetadefNamespace> found = repository.findNamespace("OS::Contract::Rich");
        assertThat(found).isPresent();
        assertThat(found.get()).isEqualTo(ns.toBuilder().version(1).build());
        assertThat(found.get().properties()).extracting(MetadefProperty::name)
                .containsExactly("cpu_policy", "cpu_sockets", "ratio", "cpu_flags", "enabled", "extra");
    }

    @Test
    void aMinimalAggregateKeepsItsNulls() {
        MetadefNamespace ns = MetadefNamespace.builder("Bare").build();
        repository.insertNamespace(ns);
        MetadefNamespace found = repository.findNamespace("Bare").orElseThrow();
        assertThat(found.displayName()).isNull();
        assertThat(found.owner()).isNull();
        assertThat(found.createdAt()).isNull();
        assertThat(found.visibility()).isEqualTo(MetadefVisibility.PRIVATE);
        assertThat(found).isEqualTo(ns.toBuilder().version(1).build());
    }

    @Test
    void theStorageJsonFormIsLossless() {
        MetadefNamespace ns = richNamespace("OS::Contract::Json").toBuilder().version(7).build();
        MetadefJson json = new MetadefJson();
        assertThat(json.fromStorageJson(json.toStorageJson(ns), 7)).isEqualTo(ns);
    }

    @Test
    void namesAreExactAndCaseSensitive() {
        repository.insertNamespace(MetadefNamespace.builder("Case").build());
        assertThat(repository.findNamespace("case")).isEmpty();
        assertThat(repository.findNamespace("Case ")).isEmpty();
        repository.insertNamespace(MetadefNamespace.builder("case").build());
        assertThat(repository.listNamespaces()).hasSize(2);
    }

    @Test
    void aDuplicateInsertConflictsAndChangesNothing() {
        MetadefNamespace first = MetadefNamespace.builder("Dup").description("first").build();
        repository.insertNamespace(first);
        assertThatThrownBy(() -> repository.insertNamespace(MetadefNamespace.builder("Dup").description("second")
                .build())).isInstanceOf(ConflictException.class).hasMessageContaining("Dup");
        assertThat(repository.findNamespace("Dup").orElseThrow().description()).isEqualTo("first");
    }

    @Test
    void updateComparesTheVersionAndIncrementsIt() {
        MetadefNamespace stored = repository.insertNamespace(richNamespace("Cas"));
        MetadefNamespace changed = stored.toBuilder().description("changed").tags(List.of()).build();
        MetadefNamespace updated = repository.updateNamespace("Cas", 1, changed);
        assertThat(updated.version()).isEqualTo(2);
        assertThat(repository.findNamespace("Cas").orElseThrow())
                .isEqualTo(changed.toBuilder().version(2).build());
        assertThatThrownBy(() -> repository.updateNamespace("Cas", 1, stored.toBuilder().description("stale").build()))
                .isInstanceOf(VersionConflictException.class);
        assertThat(repository.findNamespace("Cas").orElseThrow().description()).isEqualTo("changed");
    }

    @Test
    void updateRenames() {
        repository.insertNamespace(richNamespace("Old"));
        MetadefNamespace renamed = repository.findNamespace("Old").orElseThrow().toBuilder().namespace("New")
                .build();
        assertThat(repository.updateNamespace("Old", 1, renamed).namespace()).isEqualTo("New");
        assertThat(repository.findNamespace("Old")).isEmpty();
        assertThat(repository.findNamespace("New").orElseThrow().properties())
                .isEqualTo(richNamespace("x").properties());
        assertThat(repository.listNamespaces()).extracting(MetadefNamespace::namespace).containsExactly("New");
    }

    @Test
    void aRenameOntoAnExistingNameConflictsAndChangesNothing() {
        repository.insertNamespace(MetadefNamespace.builder("A").description("a").build());
        repository.insertNamespace(MetadefNamespace.builder("B").description("b").build());
        MetadefNamespace a = repository.findNamespace("A").orElseThrow();
        assertThatThrownBy(() -> repository.updateNamespace("A", a.version(), a.toBuilder().namespace("B").build()))
                .isInstanceOf(ConflictException.class).isNotInstanceOf(VersionConflictException.class);
        assertThat(repository.findNamespace("A").orElseThrow().description()).isEqualTo("a");
        assertThat(repository.findNamespace("B").orElseThrow().description()).isEqualTo("b");
    }

    @Test
    void updatingAMissingNamespaceIsNotFound() {
        assertThatThrownBy(() -> repository.updateNamespace("Nope", 1, MetadefNamespace.builder("Nope").build()))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("Nope");
    }

    @Test
    void deleteRemovesTheWholeAggregate() {
        repository.insertNamespace(richNamespace("Gone"));
        assertThat(repository.deleteNamespace("Gone")).isTrue();
        assertThat(repository.findNamespace("Gone")).isEmpty();
        assertThat(repository.deleteNamespace("Gone")).isFalse();
        repository.insertNamespace(MetadefNamespace.builder("Gone").build());
        assertThat(repository.findNamespace("Gone").orElseThrow().properties()).isEmpty();
    }

    @Test
    void listReturnsEveryNamespace() {
        for (int i = 0; i < 5; i++) {
            repository.insertNamespace(MetadefNamespace.builder("NS" + i).build());
        }
        assertThat(repository.listNamespaces()).extracting(MetadefNamespace::namespace)
                .containsExactlyInAnyOrder("NS0", "NS1", "NS2", "NS3", "NS4");
    }

    @Test
    void twoRepositoriesDoNotShare() {
        repository.insertNamespace(MetadefNamespace.builder("Mine").build());
        repository.insertResourceType(MetadefResourceType.of("OS::Mine"));
        MetadefRepository other = newRepository();
        assertThat(other.findNamespace("Mine")).isEmpty();
        assertThat(other.findResourceType("OS::Mine")).isEmpty();
    }

    @Test
    void resourceTypes() {
        MetadefResourceType image = new MetadefResourceType("OS::Glance::Image", true, T0, T1);
        repository.insertResourceType(new MetadefResourceType("OS::Nova::Flavor", false, T1, T1));
        repository.insertResourceType(image);
        assertThat(repository.findResourceType("OS::Glance::Image")).contains(image);
        assertThat(repository.listResourceTypes()).extracting(MetadefResourceType::name)
                .containsExactly("OS::Glance::Image", "OS::Nova::Flavor");
        assertThatThrownBy(() -> repository.insertResourceType(MetadefResourceType.of("OS::Glance::Image")))
                .isInstanceOf(ConflictException.class);
        assertThat(repository.findResourceType("OS::Glance::Image")).contains(image);
        assertThat(repository.deleteResourceType("OS::Nova::Flavor")).isTrue();
        assertThat(repository.deleteResourceType("OS::Nova::Flavor")).isFalse();
        assertThat(repository.listResourceTypes()).containsExactly(image);
    }

    @Test
    void concurrentCompareAndSetLetsExactlyOneWriterWinPerVersion() throws Exception {
        repository.insertNamespace(MetadefNamespace.builder("Race").build());
        int writers = 4;
        int rounds = 25;
        AtomicInteger wins = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String tag = "w" + w;
                futures.add(pool.submit(() -> {
                    for (int r = 0; r < rounds; r++) {
                        while (true) {
                            MetadefNamespace cur = repository.findNamespace("Race").orElseThrow();
                            MetadefNamespace next = cur.toBuilder().addTag(MetadefTag.of(tag + "-" + r)).build();
                            try {
                                repository.updateNamespace("Race", cur.version(), next);
                                wins.incrementAndGet();
                                break;
                            } catch (VersionConflictException lost) {
                                // another writer won this version: read again
                            }
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        MetadefNamespace last = repository.findNamespace("Race").orElseThrow();
        assertThat(wins.get()).isEqualTo(writers * rounds);
        assertThat(last.tags()).hasSize(writers * rounds);
        assertThat(last.version()).isEqualTo(1 + writers * rounds);
    }
}
