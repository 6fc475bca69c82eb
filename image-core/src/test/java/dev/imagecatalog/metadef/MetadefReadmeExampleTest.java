package dev.imagecatalog.metadef;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.contract.GlanceMetadefsFolder;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.memory.MemoryMetadefRepository;
import dev.imagecatalog.policy.Policy;
import dev.imagecatalog.policy.RequestContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example of docs/metadefs.md, run as written (so the documentation stays true). */
class MetadefReadmeExampleTest {

    @Test
    void theDocumentedExampleWorks(@TempDir Path backup) {
        Path etcGlanceMetadefs = GlanceMetadefsFolder.require();
        List<String> log = new ArrayList<>();
        MetadefServiceFactory metadefs = MetadefServiceFactory.builder(new MemoryMetadefRepository())
                .validateImageProperties(true)
                .policy(Policy.withOverrides(Map.of("add_metadef_namespace", "role:admin")))
                .listener(event -> log.add(event.type() + " " + event.payload().get("namespace")))
                .build();

        MetadefService admin = metadefs.forContext(RequestContext.admin("ops", "operator"));
        ImportReport report = new MetadefImporter(admin)
                .importDirectory(etcGlanceMetadefs, ExistingNamespacePolicy.SKIP);
        assertThat(report.created()).hasSize(GlanceMetadefsFolder.STANDARD_FILE_COUNT);

        MetadefNamespace pinning = admin.getNamespace("OS::Compute::CPUPinning", "OS::Glance::Image");
        assertThat(pinning.properties().get(0).name()).isEqualTo("hw_cpu_policy");
        assertThat(pinning.properties().get(0).enumValues()).containsExactly("shared", "dedicated");

        admin.createNamespace(MetadefNamespace.builder("Acme::Backup")
                .visibility(MetadefVisibility.PUBLIC)
                .addResourceTypeAssociation(ResourceTypeAssociation.of("OS::Glance::Image", "acme_", null))
                .addProperty(MetadefProperty.builder("backup_days").type("integer").title("Days kept")
                        .minimum(1).maximum(365).build())
                .build());

        MetadefService user = metadefs.forContext(RequestContext.member("project-a", "alice"));
        user.validateImageProperties(Map.of("hw_cpu_policy", "dedicated", "acme_backup_days", "30"));
        assertThatThrownBy(() -> user.validateImageProperties(Map.of("hw_cpu_policy", "banana")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("image property 'hw_cpu_policy': value 'banana' must be one of shared, dedicated"
                        + " (metadata definition OS::Compute::CPUPinning property cpu_policy)");
        assertThatThrownBy(() -> user.validateImageProperties(Map.of("acme_backup_days", "400")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("must be at most 365");

        assertThat(new MetadefExporter(admin).exportTo(backup))
                .hasSize(GlanceMetadefsFolder.STANDARD_FILE_COUNT + 1)
                .contains(backup.resolve("OS__Compute__CPUPinning.json"));
        assertThat(log).hasSize(GlanceMetadefsFolder.STANDARD_FILE_COUNT + 1)
                .endsWith("metadef_namespace.create Acme::Backup");
    }
}
