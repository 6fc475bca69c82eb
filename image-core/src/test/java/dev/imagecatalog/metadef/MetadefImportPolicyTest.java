package dev.imagecatalog.metadef;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.error.ForbiddenException;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.memory.MemoryMetadefRepository;
import dev.imagecatalog.policy.RequestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadefImportPolicyTest {
    private static final RequestContext ADMIN = RequestContext.admin("ops", "root");

    @TempDir
    Path dir;
    private MemoryMetadefRepository repository;
    private MetadefService admin;
    private MetadefImporter importer;

    @BeforeEach
    void setUp() {
        repository = new MemoryMetadefRepository();
        admin = MetadefServiceFactory.service(repository, ADMIN);
        importer = new MetadefImporter(admin);
        admin.createNamespace(MetadefNamespace.builder("OS::Test").description("existing").isProtected(true)
                .visibility(MetadefVisibility.PUBLIC)
                .addProperty(MetadefProperty.builder("kept").type("string").title("Old title").build())
                .addTag(MetadefTag.of("old"))
                .addResourceTypeAssociation(ResourceTypeAssociation.of("OS::Glance::Image", "x_", null))
                .build());
    }

    private void writeFile(String name, String json) throws IOException {
        Files.writeString(dir.resolve(name), json);
    }

    private void writeIncoming() throws IOException {
        writeFile("test.json", """
                {
                  "namespace": "OS::Test",
                  "display_name": "Incoming",
                  "description": "from the file",
                  "visibility": "public",
                  "protected": false,
                  "resource_type_associations": [
                    {"name": "OS::Glance::Image", "prefix": "y_"},
                    {"name": "OS::Nova::Flavor", "prefix": "y:"}
                  ],
                  "properties": {
                    "kept": {"type": "string", "title": "New title"},
                    "added": {"type": "integer", "title": "Added", "minimum": 0}
                  },
                  "objects": [{"name": "Obj", "properties": {"p": {"type": "string", "title": "P"}}}],
                  "tags": [{"name": "new"}]
                }
                """);
        writeFile("other.json", """
                {"namespace": "OS::Other", "display_name": "Other", "description": "new namespace",
                 "visibility": "public", "protected": true, "resource_type_associations": []}
                """);
    }

    @Test
    void skipLeavesExistingNamespacesAlone() throws IOException {
        writeIncoming();
        MetadefNamespace before = admin.getNamespace("OS::Test");
        ImportReport report = importer.importDirectory(dir, ExistingNamespacePolicy.SKIP);
        assertThat(report.created()).containsExactly("OS::Other");
        assertThat(report.skipped()).containsExactly("OS::Test");
        assertThat(admin.getNamespace("OS::Test")).isEqualTo(before);
        assertThat(admin.getNamespace("OS::Other").owner()).isEqualTo("ops");
    }

    @Test
    void mergeAddsWhatIsMissingAndKeepsWhatExists() throws IOException {
        writeIncoming();
        ImportReport report = importer.importDirectory(dir, ExistingNamespacePolicy.MERGE);
        assertThat(report.merged()).containsExactly("OS::Test");
        assertThat(report.created()).containsExactly("OS::Other");
        MetadefNamespace merged = admin.getNamespace("OS::Test");
        assertThat(merged.description()).isEqualTo("existing");
        assertThat(merged.isProtected()).isTrue();
        assertThat(merged.property("kept").orElseThrow().title()).isEqualTo("Old title");
        assertThat(merged.property("added").orElseThrow().minimum()).isEqualTo(0L);
        assertThat(merged.objects()).extracting(MetadefObject::name).containsExactly("Obj");
        assertThat(merged.tags()).extracting(MetadefTag::name).containsExactly("old", "new");
        assertThat(merged.association("OS::Glance::Image").orElseThrow().prefix()).isEqualTo("x_");
        assertThat(merged.association("OS::Nova::Flavor").orElseThrow().prefix()).isEqualTo("y:");
        assertThat(admin.listResourceTypes()).extracting(MetadefResourceType::name).contains("OS::Nova::Flavor");
        // merging again changes nothing
        MetadefNamespace once = admin.getNamespace("OS::Test");
        importer.importDirectory(dir, ExistingNamespacePolicy.MERGE);
        assertThat(admin.getNamespace("OS::Test")).isEqualTo(once);
    }

    @Test
    void replaceSwapsInTheFileEvenWhenProtected() throws IOException {
        writeIncoming();
        MetadefNamespace before = admin.getNamespace("OS::Test");
        ImportReport report = importer.importDirectory(dir, ExistingNamespacePolicy.REPLACE);
        assertThat(report.replaced()).containsExactly("OS::Test");
        MetadefNamespace replaced = admin.getNamespace("OS::Test");
        assertThat(replaced.description()).isEqualTo("from the file");
        assertThat(replaced.isProtected()).isFalse();
        assertThat(replaced.property("kept").orElseThrow().title()).isEqualTo("New title");
        assertThat(replaced.tags()).extracting(MetadefTag::name).containsExactly("new");
        assertThat(replaced.association("OS::Glance::Image").orElseThrow().prefix()).isEqualTo("y_");
        assertThat(replaced.createdAt()).isEqualTo(before.createdAt());
        assertThat(replaced.withoutTimestamps()).isEqualTo(importer.read(dir.resolve("test.json")).toBuilder()
                .owner("ops").build().withoutTimestamps());
    }

    @Test
    void replaceIsForAdminsOnly() throws IOException {
        writeIncoming();
        MetadefImporter member = new MetadefImporter(MetadefServiceFactory.service(repository,
                RequestContext.member("ops", "someone")));
        assertThatThrownBy(() -> member.importDirectory(dir, ExistingNamespacePolicy.REPLACE))
                .isInstanceOf(ForbiddenException.class);
        assertThat(repository.findNamespace("OS::Other")).isEmpty();
    }

    @Test
    void oneBadFileImportsNothingAndIsNamed() throws IOException {
        writeIncoming();
        writeFile("zz-bad.json", """
                {"namespace": "OS::Bad", "resource_type_associations": [],
                 "properties": {"p": {"type": "string", "title": "P", "colour": "red"}}}
                """);
        assertThatThrownBy(() -> importer.importDirectory(dir, ExistingNamespacePolicy.MERGE))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("zz-bad.json")
                .hasMessageContaining("properties.p.colour");
        assertThat(repository.findNamespace("OS::Other")).isEmpty();
        assertThat(admin.getNamespace("OS::Test").properties()).hasSize(1);
    }

    @Test
    void badValuesAreNamed() throws IOException {
        writeFile("a.json", "{\"namespace\": \"A\", \"protected\": \"yes\"}");
        assertThatThrownBy(() -> importer.importDirectory(dir, ExistingNamespacePolicy.SKIP))
                .isInstanceOf(InvalidInputException.class).hasMessage("a.json: protected: must be true or false");
        writeFile("a.json", "{\"display_name\": \"no namespace\"}");
        assertThatThrownBy(() -> importer.importDirectory(dir, ExistingNamespacePolicy.SKIP))
                .isInstanceOf(InvalidInputException.class).hasMessage("a.json: namespace: required");
        writeFile("a.json", "{\"namespace\": \"A\", \"visibility\": \"shared\"}");
        assertThatThrownBy(() -> importer.importDirectory(dir, ExistingNamespacePolicy.SKIP))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("visibility");
        writeFile("a.json", "{\"namespace\": \"A\", \"properties\": {\"p\": {\"title\": \"P\"}}}");
        assertThatThrownBy(() -> importer.importDirectory(dir, ExistingNamespacePolicy.SKIP))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("properties.p.type: required");
        writeFile("a.json", "not json");
        assertThatThrownBy(() -> importer.importDirectory(dir, ExistingNamespacePolicy.SKIP))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("a.json");
        assertThat(repository.listNamespaces()).hasSize(1);
        assertThatThrownBy(() -> importer.importDirectory(dir.resolve("missing"), ExistingNamespacePolicy.SKIP))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not a directory");
    }

    @Test
    void exportWritesOneFilePerVisibleNamespace() throws IOException {
        MetadefServiceFactory.service(repository, RequestContext.member("p", "u"))
                .createNamespace(MetadefNamespace.builder("Private::P").build());
        List<Path> files = new MetadefExporter(MetadefServiceFactory.service(repository,
                RequestContext.member("q", "v"))).exportTo(dir.resolve("out"));
        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("OS__Test.json");
        assertThat(new MetadefExporter(admin).exportTo(dir.resolve("all"))).hasSize(2);
        assertThat(Files.readString(files.get(0))).contains("\"namespace\" : \"OS::Test\"");
    }
}
