package dev.imagecatalog.metadef;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.error.ForbiddenException;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.memory.MemoryMetadefRepository;
import dev.imagecatalog.policy.Policy;
import dev.imagecatalog.policy.RequestContext;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The metadef service asks {@link Policy} with Glance's metadef rule names, so {@code policy.<rule>} applies. */
class MetadefPolicyTest {
    private static final RequestContext ADMIN = RequestContext.admin("ops", "root");
    private static final RequestContext ALICE = RequestContext.member("project-a", "alice");
    private static final RequestContext BOB = RequestContext.member("project-b", "bob");

    private MemoryMetadefRepository repository;

    @BeforeEach
    void setUp() {
        repository = new MemoryMetadefRepository();
    }

    private MetadefService service(Map<String, String> overrides, RequestContext ctx) {
        return MetadefServiceFactory.builder(repository).policy(Policy.withOverrides(overrides)).build()
                .forContext(ctx);
    }

    private static MetadefProperty property(String name) {
        return MetadefProperty.builder(name).type("string").title(name).build();
    }

    @Test
    void everyMetadefRuleHasAGlanceDefault() {
        for (MetadefRule rule : MetadefRule.values()) {
            assertThat(Policy.DEFAULT_RULES).containsKey(rule.ruleName());
        }
        assertThat(Policy.DEFAULT_RULES).containsEntry("add_metadef_namespace",
                "rule:metadef_admin or rule:metadef_owner_member");
        assertThat(Policy.DEFAULT_RULES).containsEntry("metadef_admin", "role:admin");
    }

    @Test
    void anAddMetadefNamespaceOverrideDecidesWhoCreates() {
        MetadefNamespace draft = MetadefNamespace.builder("Alice::Defs").build();
        assertThat(service(Map.of(), ALICE).createNamespace(draft).owner()).isEqualTo("project-a");
        repository.deleteNamespace("Alice::Defs");

        Map<String, String> adminsOnly = Map.of("add_metadef_namespace", "role:admin");
        assertThatThrownBy(() -> service(adminsOnly, ALICE).createNamespace(draft))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("add_metadef_namespace")
                .hasMessageContaining("Alice::Defs");
        assertThat(repository.findNamespace("Alice::Defs")).isEmpty();
        assertThat(service(adminsOnly, ADMIN).createNamespace(MetadefNamespace.builder("Ops::Defs").build()).owner())
                .isEqualTo("ops");

        Map<String, String> definers = Map.of("add_metadef_namespace", "role:definer");
        RequestContext definer = new RequestContext("project-d", "dee", Set.of("definer", "reader"));
        assertThat(service(definers, definer).createNamespace(MetadefNamespace.builder("D::Defs").build()).owner())
                .isEqualTo("project-d");
        assertThatThrownBy(() -> service(definers, BOB).createNamespace(MetadefNamespace.builder("B::Defs").build()))
                .isInstanceOf(ForbiddenException.class);
        assertThat(repository.findNamespace("B::Defs")).isEmpty();
    }

    @Test
    void policySettingsOfACatalogApplyToItsMetadefs() {
        try (ImageCatalog catalog = ImageCatalog.builder().setting("metadata.type", "memory")
                .setting("stores", "mem").setting("store.mem.type", "memory")
                .setting("policy.add_metadef_namespace", "role:admin").build()) {
            assertThatThrownBy(() -> catalog.metadefs(ALICE).createNamespace(MetadefNamespace.builder("A").build()))
                    .isInstanceOf(ForbiddenException.class).hasMessageContaining("add_metadef_namespace");
            assertThat(catalog.metadefs(ADMIN).createNamespace(MetadefNamespace.builder("A").build()).namespace())
                    .isEqualTo("A");
        }
    }

    @Test
    void aVisibilityRuleAnswersNotFoundForWhatTheCallerMayNotSee() {
        service(Map.of(), ALICE).createNamespace(MetadefNamespace.builder("Alice::Defs")
                .addProperty(property("p")).build());
        service(Map.of(), ADMIN).createNamespace(MetadefNamespace.builder("Public::Defs")
                .visibility(MetadefVisibility.PUBLIC).addProperty(property("p")).build());
        Map<String, String> adminsRead = Map.of("get_metadef_namespace", "role:admin");
        MetadefService alice = service(adminsRead, ALICE);
        for (String ns : new String[] {"Alice::Defs", "Public::Defs"}) {
            assertThatThrownBy(() -> alice.getNamespace(ns)).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining(ns);
            assertThatThrownBy(() -> alice.getProperty(ns, "p")).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> alice.createProperty(ns, property("q"))).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> alice.deleteNamespace(ns)).isInstanceOf(NotFoundException.class);
        }
        assertThat(alice.listNamespaces(NamespaceQuery.all()).items()).isEmpty();
        assertThat(repository.findNamespace("Alice::Defs").orElseThrow().properties()).hasSize(1);
        assertThat(service(adminsRead, ADMIN).listNamespaces(NamespaceQuery.all()).items()).hasSize(2);
        // the same namespace, visible by default, refuses a write from another project as forbidden
        assertThatThrownBy(() -> service(Map.of(), BOB).createProperty("Public::Defs", property("q")))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("add_metadef_property");
    }

    @Test
    void glanceWriteDefaultsAreOneSettingAway() {
        service(Map.of(), ALICE).createNamespace(MetadefNamespace.builder("Alice::Defs").build());
        Map<String, String> glance = Map.of("metadef_owner_member", "!");
        assertThatThrownBy(() -> service(glance, ALICE).createProperty("Alice::Defs", property("p")))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("add_metadef_property");
        assertThatThrownBy(() -> service(glance, ALICE).createNamespace(MetadefNamespace.builder("More").build()))
                .isInstanceOf(ForbiddenException.class);
        assertThat(service(glance, ADMIN).createProperty("Alice::Defs", property("p")).name()).isEqualTo("p");
    }

    @Test
    void readsNeedTheReaderRoleAsInGlance() {
        service(Map.of(), ADMIN).createNamespace(MetadefNamespace.builder("Public::Defs")
                .visibility(MetadefVisibility.PUBLIC).build());
        MetadefService roleless = service(Map.of(), new RequestContext("project-c", "carl", Set.of("observer")));
        assertThatThrownBy(() -> roleless.getNamespace("Public::Defs")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> roleless.listNamespaces(NamespaceQuery.all()))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("get_metadef_namespaces");
        assertThatThrownBy(roleless::listResourceTypes).isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("list_metadef_resource_types");
    }

    @Test
    void aPrivateNamespaceWithoutOwnerIsForAdminsOnly() {
        MetadefService projectless = service(Map.of(), new RequestContext(null, "root", Set.of("admin")));
        assertThat(projectless.createNamespace(MetadefNamespace.builder("Nobody's").build()).owner()).isNull();
        assertThatThrownBy(() -> service(Map.of(), ALICE).getNamespace("Nobody's"))
                .isInstanceOf(NotFoundException.class);
        assertThat(service(Map.of(), ADMIN).getNamespace("Nobody's").owner()).isNull();
    }

    @Test
    void imagePropertiesAreCheckedByTheNamespacesInScopeWhateverTheReadRules() {
        service(Map.of(), ADMIN).createNamespace(MetadefNamespace.builder("Pinning")
                .visibility(MetadefVisibility.PUBLIC)
                .addResourceTypeAssociation(ResourceTypeAssociation.of(MetadefResourceType.GLANCE_IMAGE, "hw_", null))
                .addProperty(MetadefProperty.builder("cpu_policy").type("string").title("CPU policy")
                        .enumValues("shared", "dedicated").build())
                .build());
        MetadefService alice = MetadefServiceFactory.builder(repository).validateImageProperties(true)
                .policy(Policy.withOverrides(Map.of("get_metadef_namespace", "role:admin"))).build()
                .forContext(ALICE);
        assertThatCode(() -> alice.validateImageProperties(Map.of("hw_cpu_policy", "shared")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> alice.validateImageProperties(Map.of("hw_cpu_policy", "banana")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("hw_cpu_policy");
        assertThat(alice.definitionsForImage(Map.of("hw_cpu_policy", "shared"))).isEmpty();
    }
}
