package dev.imagecatalog.server.api;

import static dev.imagecatalog.server.api.MetadefHttp.OTHER_READER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagecatalog.contract.GlanceMetadefsFolder;
import dev.imagecatalog.metadef.ExistingNamespacePolicy;
import dev.imagecatalog.metadef.ImportReport;
import dev.imagecatalog.metadef.MetadefImporter;
import dev.imagecatalog.policy.RequestContext;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Glance's 33 standard metadefs files, imported through core, listed and shown over HTTP. */
class MetadefStandardFilesTest {
    static MetadefHttp http;

    @BeforeAll
    static void importStandardFiles() {
        http = new MetadefHttp();
        ImportReport report = new MetadefImporter(http.server.catalog().metadefs(RequestContext.admin(null, "loader")))
                .importDirectory(GlanceMetadefsFolder.require(), ExistingNamespacePolicy.SKIP);
        assertThat(report.toString()).isNotEmpty();
    }

    @AfterAll
    static void stop() {
        if (http != null) {
            http.close();
        }
    }

    @Test
    void everyStandardNamespaceIsListedOncePageByPage() throws Exception {
        Set<String> seen = new HashSet<>();
        String next = "/v2/metadefs/namespaces?limit=10";
        int pages = 0;
        while (next != null) {
            JsonNode page = http.get(MetadefHttp.ADMIN, next).json();
            page.get("namespaces").forEach(n -> assertThat(seen.add(n.get("namespace").asText())).isTrue());
            next = page.has("next") ? page.get("next").asText() : null;
            pages++;
        }
        assertThat(seen).hasSize(GlanceMetadefsFolder.STANDARD_FILE_COUNT).contains("OS::Compute::CPUPinning",
                "OS::Glance::CommonImageProperties", "OS::Software::DBMS");
        assertThat(pages).isEqualTo(4);
        // the two files without a visibility load private: another project's reader does not see them
        JsonNode asReader = http.get(OTHER_READER, "/v2/metadefs/namespaces?limit=100").json().get("namespaces");
        assertThat(asReader.size()).isEqualTo(GlanceMetadefsFolder.STANDARD_FILE_COUNT - 2);
        assertThat(asReader.toString()).doesNotContain("OS::Glance::CommonImageProperties");
    }

    @Test
    void cpuPinningShowsAsGlanceShipsItAndPrefixedForImages() throws Exception {
        JsonNode ns = http.get(OTHER_READER, "/v2/metadefs/namespaces/OS::Compute::CPUPinning").json();
        assertThat(ns.get("display_name").asText()).isEqualTo("CPU Pinning");
        assertThat(ns.get("protected").asBoolean()).isTrue();
        assertThat(ns.get("properties").has("cpu_policy")).isTrue();
        assertThat(ns.get("properties").get("cpu_policy").get("enum").size()).isGreaterThan(1);

        JsonNode forImages = http.get(OTHER_READER,
                "/v2/metadefs/namespaces/OS::Compute::CPUPinning?resource_type=OS::Glance::Image").json();
        assertThat(forImages.get("properties").has("hw_cpu_policy")).isTrue();
        JsonNode forFlavors = http.get(OTHER_READER,
                "/v2/metadefs/namespaces/OS::Compute::CPUPinning?resource_type=OS::Nova::Flavor").json();
        assertThat(forFlavors.get("properties").has("hw:cpu_policy")).isTrue();

        assertThat(http.delete(MetadefHttp.ADMIN, "/v2/metadefs/namespaces/OS::Compute::CPUPinning").status())
                .isEqualTo(403);
    }

    @Test
    void filteringByResourceTypeAndListingObjects() throws Exception {
        JsonNode images = http.get(OTHER_READER,
                "/v2/metadefs/namespaces?resource_types=OS::Glance::Image&limit=100").json().get("namespaces");
        assertThat(images.size()).isGreaterThan(10);
        images.forEach(n -> {
            boolean associated = false;
            for (JsonNode a : n.get("resource_type_associations")) {
                associated |= a.get("name").asText().equals("OS::Glance::Image");
            }
            assertThat(associated).as(n.get("namespace").asText()).isTrue();
        });
        JsonNode objects = http.get(OTHER_READER, "/v2/metadefs/namespaces/OS::Software::DBMS/objects").json();
        assertThat(objects.get("objects").size()).isEqualTo(12);
        JsonNode types = http.get(OTHER_READER, "/v2/metadefs/resource_types").json().get("resource_types");
        assertThat(types.toString()).contains("OS::Nova::Flavor", "OS::Cinder::Volume", "OS::Trove::Instance");
    }
}
