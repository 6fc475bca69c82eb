package dev.imagecatalog.metadef;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.error.ForbiddenException;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.event.CatalogEvent;
import dev.imagecatalog.event.CatalogEventTypes;
import dev.imagecatalog.image.Page;
import dev.imagecatalog.memory.MemoryMetadefRepository;
import dev.imagecatalog.policy.RequestContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MetadefServiceTest {
    private static final RequestContext ADMIN = RequestContext.admin("ops", "root");
    private static final RequestContext ALICE = RequestContext.member("project-a", "alice");
    private static final RequestContext ALICE_READER = RequestContext.reader("project-a", "anna");
    private static final RequestContext BOB = RequestContext.member("project-b", "bob");

    private MemoryMetadefRepository repository;
    private final List<String> events = new ArrayList<>();
    private final List<Map<String, Object>> payloads = new ArrayList<>();
    private MetadefServiceFactory factory;

    @BeforeEach
    void setUp() {
        repository = new MemoryMetadefRepository();
        factory = MetadefServiceFactory.builder(repository).clock(new SteppingClock())
                .listener(event -> {
                    events.add(event.type());
                    payloads.add(event.payload());
                })
                .build();
    }

    private MetadefService as(RequestContext ctx) {
        return factory.forContext(ctx);
    }

    private static MetadefProperty stringProperty(String name) {
        return MetadefProperty.builder(name).type("string").title(name.toUpperCase()).build();
    }

    private MetadefNamespace publicNamespace(String name) {
        return as(ADMIN).createNamespace(MetadefNamespace.builder(name).visibility(MetadefVisibility.PUBLIC)
                .addProperty(stringProperty("p1"))
                .addResourceTypeAssociation(ResourceTypeAssociation.of("OS::Glance::Image", "hw_", null))
                .build());
    }

    @Nested
    class Namespaces {
        @Test
        void createStampsOwnerTimestampsAndResourceTypes() {
            MetadefNamespace created = as(ALICE).createNamespace(MetadefNamespace.builder("Alice::Defs")
                    .displayName("Alice's").addProperty(stringProperty("color"))
                    .addObject(MetadefObject.builder("Obj").addProperty(stringProperty("size")).build())
                    .addTag(MetadefTag.of("t1"))
                    .addResourceTypeAssociation(ResourceTypeAssociation.of("OS::Custom::Thing", "c_", null))
                    .build());
            assertThat(created.owner()).isEqualTo("project-a");
            assertThat(created.visibility()).isEqualTo(MetadefVisibility.PRIVATE);
            assertThat(created.isProtected()).isFalse();
            assertThat(created.createdAt()).isNotNull().isEqualTo(created.updatedAt());
            assertThat(created.objects().get(0).createdAt()).isEqualTo(created.createdAt());
            assertThat(created.tags().get(0).createdAt()).isEqualTo(created.createdAt());
            assertThat(created.resourceTypeAssociations().get(0).createdAt()).isEqualTo(created.createdAt());
            assertThat(as(ALICE).getNamespace("Alice::Defs")).isEqualTo(created);
            assertThat(as(ALICE).listResourceTypes()).extracting(MetadefResourceType::name)
                    .containsExactly("OS::Custom::Thing");
            assertThat(events).containsExactly(CatalogEventTypes.METADEF_NAMESPACE_CREATE);
            assertThat(payloads.get(0)).containsEntry("namespace", "Alice::Defs").containsEntry("owner", "project-a");
        }

        @Test
        void aDuplicateNameConflicts() {
            publicNamespace("Dup");
            assertThatThrownBy(() -> as(ADMIN).createNamespace(MetadefNamespace.builder("Dup").build()))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("Dup");
            assertThat(repository.listNamespaces()).hasSize(1);
        }

        @Test
        void badAttributesNameTheField() {
            MetadefService admin = as(ADMIN);
            assertThatThrownBy(() -> admin.createNamespace(MetadefNamespace.builder(" ").build()))
                    .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("namespace:");
            assertThatThrownBy(() -> admin.createNamespace(MetadefNamespace.builder("x".repeat(81)).build()))
                    .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("namespace:");
            assertThatThrownBy(() -> admin.createNamespace(MetadefNamespace.builder("a/b").build()))
                    .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("namespace:");
            assertThatThrownBy(() -> admin.createNamespace(MetadefNamespace.builder("N").description("d".repeat(501))
                    .build())).isInstanceOf(InvalidInputException.class).hasMessageStartingWith("description:");
            assertThatThrownBy(() -> admin.createNamespace(MetadefNamespace.builder("N")
                    .addProperty(MetadefProperty.builder("p").title("P").build()).build()))
                    .isInstanceOf(InvalidInputException.class).hasMessage("properties.p.type: required");
            assertThatThrownBy(() -> admin.createNamespace(MetadefNamespace.builder("N")
                    .addProperty(MetadefProperty.builder("p").title("P").type("text").build()).build()))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("properties.p.type")
                    .hasMessageContaining("text");
            assertThatThrownBy(() -> admin.createNamespace(MetadefNamespace.builder("N")
                    .addProperty(MetadefProperty.builder("p").type("string").build()).build()))
                    .isInstanceOf(InvalidInputException.class).hasMessage("properties.p.title: required");
            assertThatThrownBy(() -> admin.createNamespace(MetadefNamespace.builder("N")
                    .addProperty(MetadefProperty.builder("p").type("string").title("P").pattern("([a-z").build())
                    .build())).isInstanceOf(InvalidInputException.class).hasMessageStartingWith("properties.p.pattern");
            assertThatThrownBy(() -> admin.createNamespace(MetadefNamespace.builder("N")
                    .addProperty(MetadefProperty.builder("p").type("integer").title("P").minimum(5).maximum(1).build())
                    .build())).isInstanceOf(InvalidInputException.class).hasMessageStartingWith("properties.p.minimum");
            assertThatThrownBy(() -> admin.createNamespace(MetadefNamespace.builder("N")
                    .addProperty(stringProperty("p")).addProperty(stringProperty("p")).build()))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("'p'");
            assertThat(repository.listNamespaces()).isEmpty();
            assertThat(events).isEmpty();
        }

        @Test
        void updateReplacesAttributesKeepsContentsAndResetsOmittedFlags() {
            as(ADMIN).createNamespace(MetadefNamespace.builder("Upd").visibility(MetadefVisibility.PUBLIC)
                    .isProtected(true).owner("project-a").addProperty(stringProperty("p")).build());
            MetadefNamespace updated = as(ALICE).updateNamespace("Upd", MetadefNamespace.builder("Upd2")
                    .displayName("new display").build());
            assertThat(updated.namespace()).isEqualTo("Upd2");
            assertThat(updated.displayName()).isEqualTo("new display");
            assertThat(updated.visibility()).isEqualTo(MetadefVisibility.PRIVATE);
            assertThat(updated.isProtected()).isFalse();
            assertThat(updated.owner()).isEqualTo("project-a");
            assertThat(updated.properties()).extracting(MetadefProperty::name).containsExactly("p");
            assertThat(updated.updatedAt()).isAfter(updated.createdAt());
            assertThatThrownBy(() -> as(ALICE).getNamespace("Upd")).isInstanceOf(NotFoundException.class);
            assertThat(events).endsWith(CatalogEventTypes.METADEF_NAMESPACE_UPDATE);
            assertThat(payloads.get(payloads.size() - 1)).containsEntry("namespace_old", "Upd");
        }

        @Test
        void renameOntoAnExistingNameConflicts() {
            publicNamespace("A");
            publicNamespace("B");
            assertThatThrownBy(() -> as(ADMIN).updateNamespace("A", MetadefNamespace.builder("B").build()))
                    .isInstanceOf(ConflictException.class);
            assertThat(as(ADMIN).getNamespace("A").isPublic()).isTrue();
        }

        @Test
        void protectedNamespacesRefuseDeletionOfThemselvesAndTheirContents() {
            as(ADMIN).createNamespace(MetadefNamespace.builder("Prot").isProtected(true)
                    .addProperty(stringProperty("p")).addTag(MetadefTag.of("t"))
                    .addObject(MetadefObject.builder("o").build())
                    .addResourceTypeAssociation(ResourceTypeAssociation.of("OS::Glance::Image", null, null)).build());
            MetadefService admin = as(ADMIN);
            assertThatThrownBy(() -> admin.deleteNamespace("Prot")).isInstanceOf(ForbiddenException.class)
                    .hasMessageContaining("protected");
            assertThatThrownBy(() -> admin.deleteProperties("Prot")).isInstanceOf(ForbiddenException.class);
            assertThatThrownBy(() -> admin.deleteObjects("Prot")).isInstanceOf(ForbiddenException.class);
            assertThatThrownBy(() -> admin.deleteTags("Prot")).isInstanceOf(ForbiddenException.class);
            assertThatThrownBy(() -> admin.deleteProperty("Prot", "p")).isInstanceOf(ForbiddenException.class);
            assertThatThrownBy(() -> admin.deleteObject("Prot", "o")).isInstanceOf(ForbiddenException.class);
            assertThatThrownBy(() -> admin.deleteTag("Prot", "t")).isInstanceOf(ForbiddenException.class);
            assertThatThrownBy(() -> admin.deleteAssociation("Prot", "OS::Glance::Image"))
                    .isInstanceOf(ForbiddenException.class);
            MetadefNamespace still = admin.getNamespace("Prot");
            assertThat(still.properties()).hasSize(1);
            assertThat(still.objects()).hasSize(1);
            assertThat(still.tags()).hasSize(1);
            assertThat(still.resourceTypeAssociations()).hasSize(1);
            // unprotect, then delete works
            admin.updateNamespace("Prot", MetadefNamespace.builder("Prot").isProtected(false).build());
            admin.deleteNamespace("Prot");
            assertThatThrownBy(() -> admin.getNamespace("Prot")).isInstanceOf(NotFoundException.class);
            assertThat(events).endsWith(CatalogEventTypes.METADEF_NAMESPACE_DELETE);
        }

        @Test
        void deleteContentsEmptiesOneKind() {
            as(ALICE).createNamespace(MetadefNamespace.builder("C").addProperty(stringProperty("p"))
                    .addTag(MetadefTag.of("t")).addObject(MetadefObject.builder("o").build()).build());
            as(ALICE).deleteObjects("C");
            assertThat(as(ALICE).getNamespace("C").objects()).isEmpty();
            assertThat(as(ALICE).getNamespace("C").properties()).hasSize(1);
            as(ALICE).deleteProperties("C");
            as(ALICE).deleteTags("C");
            MetadefNamespace empty = as(ALICE).getNamespace("C");
            assertThat(empty.properties()).isEmpty();
            assertThat(empty.tags()).isEmpty();
            assertThat(events).containsSubsequence(CatalogEventTypes.METADEF_NAMESPACE_DELETE_OBJECTS,
                    CatalogEventTypes.METADEF_NAMESPACE_DELETE_PROPERTIES, CatalogEventTypes.METADEF_NAMESPACE_DELETE_TAGS);
        }

        @Test
        void prefixedViewForAResourceType() {
            as(ADMIN).createNamespace(MetadefNamespace.builder("Pin").visibility(MetadefVisibility.PUBLIC)
                    .addProperty(stringProperty("cpu_policy"))
                    .addObject(MetadefObject.builder("o").required(List.of("x")).addProperty(stringProperty("x"))
                            .build())
                    .addResourceTypeAssociation(ResourceTypeAssociation.of("OS::Glance::Image", "hw_", null))
                    .addResourceTypeAssociation(ResourceTypeAssociation.of("OS::Nova::Flavor", "hw:", null))
                    .build());
            MetadefNamespace forImages = as(BOB).getNamespace("Pin", "OS::Glance::Image");
            assertThat(forImages.properties()).extracting(MetadefProperty::name).containsExactly("hw_cpu_policy");
            assertThat(forImages.objects().get(0).required()).containsExactly("hw_x");
            assertThat(forImages.objects().get(0).properties().get(0).name()).isEqualTo("hw_x");
            assertThat(as(BOB).getNamespace("Pin", "OS::Nova::Flavor").properties().get(0).name())
                    .isEqualTo("hw:cpu_policy");
            assertThat(as(BOB).getNamespace("Pin", "OS::Other").properties().get(0).name()).isEqualTo("cpu_policy");
            assertThat(as(BOB).getProperty("Pin", "hw:cpu_policy", "OS::Nova::Flavor").name())
                    .isEqualTo("hw:cpu_policy");
            assertThatThrownBy(() -> as(BOB).getProperty("Pin", "cpu_policy", "OS::Nova::Flavor"))
                    .isInstanceOf(NotFoundException.class);
        }
    }

    @Nested
    class Listing {
        @BeforeEach
        void namespaces() {
            for (String n : List.of("N3", "N1", "N4", "N2")) {
                as(ADMIN).createNamespace(MetadefNamespace.builder(n).visibility(MetadefVisibility.PUBLIC)
                        .addResourceTypeAssociation(ResourceTypeAssociation.of(
                                n.equals("N1") || n.equals("N2") ? "OS::Glance::Image" : "OS::Nova::Flavor",
                                null, null))
                        .build());
            }
            as(ALICE).createNamespace(MetadefNamespace.builder("Private::A").build());
        }

        @Test
        void defaultOrderIsNewestFirstAndHidesOthersPrivateNamespaces() {
            assertThat(names(as(BOB).listNamespaces(NamespaceQuery.all())))
                    .containsExactly("N2", "N4", "N1", "N3");
            assertThat(names(as(ALICE).listNamespaces(NamespaceQuery.all())))
                    .containsExactly("Private::A", "N2", "N4", "N1", "N3");
            assertThat(names(as(ADMIN).listNamespaces(NamespaceQuery.all()))).hasSize(5);
        }

        @Test
        void filtersByVisibilityAndResourceTypes() {
            assertThat(names(as(ALICE).listNamespaces(NamespaceQuery.builder()
                    .visibility(MetadefVisibility.PRIVATE).build()))).containsExactly("Private::A");
            assertThat(names(as(BOB).listNamespaces(NamespaceQuery.builder().resourceTypes("OS::Glance::Image")
                    .sortKey(NamespaceQuery.SortKey.NAMESPACE).ascending(true).build()))).containsExactly("N1", "N2");
            assertThat(names(as(BOB).listNamespaces(NamespaceQuery.builder()
                    .resourceTypes("OS::Glance::Image", "OS::Nova::Flavor").sortKey(NamespaceQuery.SortKey.NAMESPACE)
                    .ascending(true).build()))).containsExactly("N1", "N2", "N3", "N4");
        }

        @Test
        void pagesWithLimitAndMarker() {
            NamespaceQuery.Builder q = NamespaceQuery.builder().sortKey(NamespaceQuery.SortKey.NAMESPACE)
                    .ascending(true).limit(3);
            Page<MetadefNamespace> first = as(BOB).listNamespaces(q.build());
            assertThat(names(first)).containsExactly("N1", "N2", "N3");
            assertThat(first.nextMarker()).contains("N3");
            Page<MetadefNamespace> second = as(BOB).listNamespaces(q.marker("N3").build());
            assertThat(names(second)).containsExactly("N4");
            assertThat(second.hasNext()).isFalse();
            assertThatThrownBy(() -> as(BOB).listNamespaces(q.marker("Private::A").build()))
                    .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("marker:");
            assertThatThrownBy(() -> NamespaceQuery.builder().limit(0).build())
                    .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("limit:");
        }

        @Test
        void sortsByUpdatedAtDescending() {
            as(ADMIN).updateNamespace("N3", MetadefNamespace.builder("N3").visibility(MetadefVisibility.PUBLIC)
                    .build());
            assertThat(names(as(BOB).listNamespaces(NamespaceQuery.builder()
                    .sortKey(NamespaceQuery.SortKey.UPDATED_AT).build()))).startsWith("N3", "N2");
        }

        private List<String> names(Page<MetadefNamespace> page) {
            return page.items().stream().map(MetadefNamespace::namespace).toList();
        }
    }

    @Nested
    class Ownership {
        @BeforeEach
        void namespaces() {
            as(ALICE).createNamespace(MetadefNamespace.builder("Alice::Private").addProperty(stringProperty("p"))
                    .build());
            as(ADMIN).createNamespace(MetadefNamespace.builder("Alice::Public").owner("project-a")
                    .visibility(MetadefVisibility.PUBLIC).addProperty(stringProperty("p")).build());
        }

        @Test
        void aPrivateNamespaceIsInvisibleToOtherProjects() {
            assertThatThrownBy(() -> as(BOB).getNamespace("Alice::Private")).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> as(BOB).getProperty("Alice::Private", "p"))
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> as(BOB).deleteNamespace("Alice::Private"))
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> as(BOB).createProperty("Alice::Private", stringProperty("q")))
                    .isInstanceOf(NotFoundException.class);
            assertThat(as(ALICE_READER).getNamespace("Alice::Private").owner()).isEqualTo("project-a");
            assertThat(as(ADMIN).getNamespace("Alice::Private").owner()).isEqualTo("project-a");
        }

        @Test
        void aVisibleNamespaceRefusesWritesFromNonOwners() {
            assertThat(as(BOB).getNamespace("Alice::Public").isPublic()).isTrue();
            assertThatThrownBy(() -> as(BOB).createProperty("Alice::Public", stringProperty("q")))
                    .isInstanceOf(ForbiddenException.class).hasMessageContaining("Alice::Public");
            assertThatThrownBy(() -> as(BOB).deleteNamespace("Alice::Public")).isInstanceOf(ForbiddenException.class);
            assertThatThrownBy(() -> as(BOB).updateNamespace("Alice::Public",
                    MetadefNamespace.builder("Stolen").build())).isInstanceOf(ForbiddenException.class);
            assertThatThrownBy(() -> as(ALICE_READER).createTag("Alice::Public", "t"))
                    .isInstanceOf(ForbiddenException.class);
            assertThat(as(ALICE).createTag("Alice::Public", "t").name()).isEqualTo("t");
            assertThat(as(ADMIN).getNamespace("Alice::Public").properties()).hasSize(1);
        }

        @Test
        void onlyAdminsPublishGiveAwayOrCreateResourceTypes() {
            assertThatThrownBy(() -> as(BOB).createNamespace(MetadefNamespace.builder("Bob::Pub")
                    .visibility(MetadefVisibility.PUBLIC).build()))
                    .isInstanceOf(ForbiddenException.class).hasMessageStartingWith("visibility:");
            assertThatThrownBy(() -> as(BOB).createNamespace(MetadefNamespace.builder("Bob::Other")
                    .owner("project-a").build()))
                    .isInstanceOf(ForbiddenException.class).hasMessageStartingWith("owner:");
            assertThatThrownBy(() -> as(ALICE).updateNamespace("Alice::Private",
                    MetadefNamespace.builder("Alice::Private").visibility(MetadefVisibility.PUBLIC).build()))
                    .isInstanceOf(ForbiddenException.class).hasMessageStartingWith("visibility:");
            assertThatThrownBy(() -> as(ALICE).updateNamespace("Alice::Private",
                    MetadefNamespace.builder("Alice::Private").owner("project-b").build()))
                    .isInstanceOf(ForbiddenException.class).hasMessageStartingWith("owner:");
            assertThatThrownBy(() -> as(ALICE_READER).createNamespace(MetadefNamespace.builder("R").build()))
                    .isInstanceOf(ForbiddenException.class);
            assertThatThrownBy(() -> as(BOB).createResourceType("OS::Bob")).isInstanceOf(ForbiddenException.class);
            assertThat(repository.findNamespace("Bob::Pub")).isEmpty();
            assertThat(repository.findNamespace("Bob::Other")).isEmpty();
            assertThat(as(ADMIN).getNamespace("Alice::Private").isPublic()).isFalse();
        }
    }

    @Nested
    class Contents {
        @BeforeEach
        void namespace() {
            as(ALICE).createNamespace(MetadefNamespace.builder("NS").build());
            events.clear();
        }

        @Test
        void objectsCrud() {
            MetadefService s = as(ALICE);
            MetadefObject created = s.createObject("NS", MetadefObject.builder("DB").description("d")
                    .required(List.of("port")).addProperty(MetadefProperty.builder("port").type("integer")
                            .title("Port").build()).build());
            assertThat(created.createdAt()).isNotNull();
            assertThat(s.getObject("NS", "DB")).isEqualTo(created);
            assertThatThrownBy(() -> s.createObject("NS", MetadefObject.builder("DB").build()))
                    .isInstanceOf(ConflictException.class);
            s.createObject("NS", MetadefObject.builder("Other").build());
            MetadefObject renamed = s.updateObject("NS", "DB", MetadefObject.builder("Database").description("x")
                    .build());
            assertThat(renamed.createdAt()).isEqualTo(created.createdAt());
            assertThat(renamed.updatedAt()).isAfter(created.updatedAt());
            assertThat(s.listObjects("NS")).extracting(MetadefObject::name).containsExactly("Database", "Other");
            assertThatThrownBy(() -> s.updateObject("NS", "Database", MetadefObject.builder("Other").build()))
                    .isInstanceOf(ConflictException.class);
            assertThatThrownBy(() -> s.getObject("NS", "DB")).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("DB").hasMessageContaining("NS");
            assertThatThrownBy(() -> s.createObject("NS", MetadefObject.builder("Bad").addProperty(
                    MetadefProperty.builder("p").title("P").type("banana").build()).build()))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("object.Bad.properties.p.type");
            s.deleteObject("NS", "Database");
            assertThatThrownBy(() -> s.deleteObject("NS", "Database")).isInstanceOf(NotFoundException.class);
            assertThat(events).containsExactly(CatalogEventTypes.METADEF_OBJECT_CREATE, CatalogEventTypes.METADEF_OBJECT_CREATE,
                    CatalogEventTypes.METADEF_OBJECT_UPDATE, CatalogEventTypes.METADEF_OBJECT_DELETE);
        }

        @Test
        void propertiesCrud() {
            MetadefService s = as(ALICE);
            MetadefProperty p = MetadefProperty.builder("speed").type("integer").title("Speed").minimum(1)
                    .maximum(10).defaultValue(5).build();
            s.createProperty("NS", p);
            assertThat(s.getProperty("NS", "speed")).isEqualTo(p);
            assertThatThrownBy(() -> s.createProperty("NS", p)).isInstanceOf(ConflictException.class);
            MetadefProperty changed = p.toBuilder().name("velocity").maximum(20).build();
            assertThat(s.updateProperty("NS", "speed", changed)).isEqualTo(changed);
            assertThat(s.listProperties("NS")).containsExactly(changed);
            assertThatThrownBy(() -> s.updateProperty("NS", "speed", changed)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> s.createProperty("NS", MetadefProperty.builder("").type("string").title("t")
                    .build())).isInstanceOf(InvalidInputException.class).hasMessageStartingWith("property.name:");
            s.deleteProperty("NS", "velocity");
            assertThat(s.listProperties("NS")).isEmpty();
            assertThat(events).containsExactly(CatalogEventTypes.METADEF_PROPERTY_CREATE,
                    CatalogEventTypes.METADEF_PROPERTY_UPDATE, CatalogEventTypes.METADEF_PROPERTY_DELETE);
        }

        @Test
        void tagsSingleBulkAppendAndReplace() {
            MetadefService s = as(ALICE);
            s.createTag("NS", "zeta");
            assertThatThrownBy(() -> s.createTag("NS", "zeta")).isInstanceOf(ConflictException.class);
            s.createTags("NS", List.of("beta", "alpha"), TagMode.APPEND);
            assertThat(s.listTags("NS")).extracting(MetadefTag::name).containsExactly("alpha", "beta", "zeta");
            assertThatThrownBy(() -> s.createTags("NS", List.of("new", "alpha"), TagMode.APPEND))
                    .isInstanceOf(ConflictException.class);
            assertThat(s.listTags("NS")).hasSize(3);
            assertThatThrownBy(() -> s.createTags("NS", List.of("x", "x"), TagMode.REPLACE))
                    .isInstanceOf(ConflictException.class);
            s.createTags("NS", List.of("one", "two"), TagMode.REPLACE);
            assertThat(s.listTags("NS")).extracting(MetadefTag::name).containsExactly("one", "two");
            MetadefTag renamed = s.updateTag("NS", "one", "uno");
            assertThat(renamed.name()).isEqualTo("uno");
            assertThatThrownBy(() -> s.updateTag("NS", "uno", "two")).isInstanceOf(ConflictException.class);
            assertThat(s.getTag("NS", "uno").createdAt()).isBefore(s.getTag("NS", "uno").updatedAt());
            s.deleteTag("NS", "uno");
            assertThatThrownBy(() -> s.getTag("NS", "uno")).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> s.createTag("NS", " ")).isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("tag name:");
            assertThat(events).contains(CatalogEventTypes.METADEF_TAG_CREATE, CatalogEventTypes.METADEF_NAMESPACE_DELETE_TAGS,
                    CatalogEventTypes.METADEF_TAG_UPDATE, CatalogEventTypes.METADEF_TAG_DELETE);
        }

        @Test
        void resourceTypesAndAssociations() {
            MetadefService s = as(ALICE);
            ResourceTypeAssociation a = s.createAssociation("NS",
                    ResourceTypeAssociation.of("OS::Glance::Image", "hw_", null));
            assertThat(a.createdAt()).isNotNull();
            assertThat(s.listResourceTypes()).extracting(MetadefResourceType::name)
                    .containsExactly("OS::Glance::Image");
            assertThatThrownBy(() -> s.createAssociation("NS",
                    ResourceTypeAssociation.of("OS::Glance::Image", "x_", null))).isInstanceOf(ConflictException.class);
            s.createAssociation("NS", ResourceTypeAssociation.of("OS::Cinder::Volume", "hw_", "image"));
            assertThat(s.listAssociations("NS")).extracting(ResourceTypeAssociation::name)
                    .containsExactly("OS::Glance::Image", "OS::Cinder::Volume");
            s.deleteAssociation("NS", "OS::Glance::Image");
            assertThatThrownBy(() -> s.deleteAssociation("NS", "OS::Glance::Image"))
                    .isInstanceOf(NotFoundException.class);
            assertThat(s.listResourceTypes()).hasSize(2);
            MetadefResourceType rt = as(ADMIN).createResourceType("OS::Nova::Flavor");
            assertThat(rt.createdAt()).isNotNull();
            assertThatThrownBy(() -> as(ADMIN).createResourceType("OS::Nova::Flavor"))
                    .isInstanceOf(ConflictException.class);
            assertThatThrownBy(() -> s.createAssociation("NS", ResourceTypeAssociation.of("OS::X", "p".repeat(81),
                    null))).isInstanceOf(InvalidInputException.class).hasMessageContaining("prefix");
            assertThat(events).containsExactly(CatalogEventTypes.METADEF_RESOURCE_TYPE_CREATE,
                    CatalogEventTypes.METADEF_RESOURCE_TYPE_CREATE, CatalogEventTypes.METADEF_RESOURCE_TYPE_DELETE,
                    CatalogEventTypes.METADEF_RESOURCE_TYPE_CREATE);
        }

        @Test
        void aFailingListenerDoesNotFailTheChange() {
            MetadefService s = MetadefServiceFactory.builder(repository)
                    .listener(event -> {
                        throw new IllegalStateException("listener down");
                    }).build().forContext(ALICE);
            s.createTag("NS", "kept");
            assertThat(s.getTag("NS", "kept").name()).isEqualTo("kept");
        }

        @Test
        void listenersHearCatalogEventsAboutTheNamespaceStampedByTheServiceClock() {
            List<CatalogEvent> heard = new ArrayList<>();
            Instant at = Instant.parse("2026-02-03T04:05:06Z");
            MetadefService s = MetadefServiceFactory.builder(repository).clock(Clock.fixed(at, ZoneOffset.UTC))
                    .listener(heard::add).build().forContext(ALICE);
            s.createTag("NS", "heard");
            assertThat(heard).singleElement().satisfies(e -> {
                assertThat(e.type()).isEqualTo(CatalogEventTypes.METADEF_TAG_CREATE);
                assertThat(e.subjectId()).isEqualTo("NS");
                assertThat(e.timestamp()).isEqualTo(at);
                assertThat(e.priority()).isEqualTo(CatalogEvent.Priority.INFO);
                assertThat(e.payload()).containsEntry("namespace", "NS").containsEntry("name", "heard");
            });
        }

        @Test
        void concurrentWritersToOneNamespaceAllLand() throws Exception {
            int threads = 4;
            int perThread = 20;
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            try {
                List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int id = t;
                    futures.add(pool.submit(() -> {
                        for (int i = 0; i < perThread; i++) {
                            as(ALICE).createTag("NS", "t" + id + "-" + i);
                            as(ALICE).createProperty("NS", stringProperty("p" + id + "_" + i));
                        }
                    }));
                }
                for (java.util.concurrent.Future<?> f : futures) {
                    f.get(60, java.util.concurrent.TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            MetadefNamespace ns = as(ALICE).getNamespace("NS");
            assertThat(ns.tags()).hasSize(threads * perThread);
            assertThat(ns.properties()).hasSize(threads * perThread);
        }

        @Test
        void missingNamespaceIsNotFoundForEveryOperation() {
            MetadefService s = as(ADMIN);
            assertThatThrownBy(() -> s.listObjects("Nope")).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("Nope");
            assertThatThrownBy(() -> s.createTag("Nope", "t")).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> s.deleteNamespace("Nope")).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> s.createAssociation("Nope", ResourceTypeAssociation.of("OS::X", null, null)))
                    .isInstanceOf(NotFoundException.class);
            assertThat(s.listResourceTypes()).isEmpty();
        }
    }
}
