package dev.imagecatalog.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagecatalog.metadef.ExistingNamespacePolicy;
import dev.imagecatalog.metadef.ImportReport;
import dev.imagecatalog.metadef.MetadefExporter;
import dev.imagecatalog.metadef.MetadefImporter;
import dev.imagecatalog.metadef.MetadefNamespace;
import dev.imagecatalog.metadef.MetadefRepository;
import dev.imagecatalog.metadef.MetadefService;
import dev.imagecatalog.metadef.MetadefServiceFactory;
import dev.imagecatalog.metadef.NamespaceQuery;
import dev.imagecatalog.policy.RequestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Glance's standard metadefs files import, export and re-import to an equal catalog on a back-end: one case per
 * file. Extend it with {@link #newRepository()} returning a fresh, empty repository of the back-end under test.
 */
public abstract class MetadefRoundTripContract {
    private static final RequestContext ADMIN = RequestContext.admin("admin", "operator");
    private final ObjectMapper mapper = new ObjectMapper();

    /** A fresh, empty repository (its own catalog). */
    protected abstract MetadefRepository newRepository();

    static List<String> standardFiles() {
        return GlanceMetadefsFolder.fileNames();
    }

    @Test
    void theFolderHoldsGlancesThirtyThreeStandardFiles() {
        Path folder = GlanceMetadefsFolder.require();
        assertThat(GlanceMetadefsFolder.fileNames()).hasSize(GlanceMetadefsFolder.STANDARD_FILE_COUNT);
        assertThat(folder.resolve("compute-cpu-pinning.json")).isRegularFile();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("standardFiles")
    void importsExportsAndReimportsToAnEqualCatalog(String fileName, @TempDir Path exportDir) throws IOException {
        Path folder = GlanceMetadefsFolder.require();
        Path source = folder.resolve(fileName);

        MetadefService first = MetadefServiceFactory.service(newRepository(), ADMIN);
        ImportReport report = new MetadefImporter(first).importFiles(List.of(source), ExistingNamespacePolicy.SKIP);
        assertThat(report.created()).hasSize(1);
        String name = report.created().get(0);
        JsonNode sourceTree = mapper.readTree(source.toFile());
        assertThat(name).isEqualTo(sourceTree.get("namespace").asText());
        MetadefNamespace imported = first.getNamespace(name);
        assertThat(imported.createdAt()).isNotNull();
        assertThat(imported.owner()).isEqualTo("admin");

        List<Path> files = new MetadefExporter(first).exportTo(exportDir);
        assertThat(files).hasSize(1);
        JsonNode exportedTree = mapper.readTree(files.get(0).toFile());
        assertThat(normalised(exportedTree)).isEqualTo(normalised(withGlanceDefaults(sourceTree)));

        MetadefService second = MetadefServiceFactory.service(newRepository(), ADMIN);
        ImportReport again = new MetadefImporter(second).importDirectory(exportDir, ExistingNamespacePolicy.SKIP);
        assertThat(again.created()).containsExactly(name);
        assertThat(catalog(second)).isEqualTo(catalog(first));
        assertThat(catalog(second)).hasSize(1);

        Path secondExport = exportDir.resolve("again");
        List<Path> filesAgain = new MetadefExporter(second).exportTo(secondExport);
        assertThat(Files.readString(filesAgain.get(0))).isEqualTo(Files.readString(files.get(0)));
    }

    @Test
    void allStandardFilesTogetherRoundTrip(@TempDir Path exportDir) {
        Path folder = GlanceMetadefsFolder.require();
        MetadefService first = MetadefServiceFactory.service(newRepository(), ADMIN);
        ImportReport report = new MetadefImporter(first).importDirectory(folder, ExistingNamespacePolicy.SKIP);
        assertThat(report.created()).hasSize(GlanceMetadefsFolder.STANDARD_FILE_COUNT);
        assertThat(new MetadefExporter(first).exportTo(exportDir)).hasSize(GlanceMetadefsFolder.STANDARD_FILE_COUNT);
        MetadefService second = MetadefServiceFactory.service(newRepository(), ADMIN);
        new MetadefImporter(second).importDirectory(exportDir, ExistingNamespacePolicy.SKIP);
        assertThat(catalog(second)).isEqualTo(catalog(first));
        assertThat(second.listResourceTypes()).isNotEmpty()
                .extracting(rt -> rt.name()).contains("OS::Glance::Image", "OS::Nova::Flavor");
        assertThat(second.listResourceTypes().stream().map(rt -> rt.name()).toList())
                .isEqualTo(first.listResourceTypes().stream().map(rt -> rt.name()).toList());
        // re-importing the same files with SKIP changes nothing
        ImportReport skip = new MetadefImporter(second).importDirectory(folder, ExistingNamespacePolicy.SKIP);
        assertThat(skip.skipped()).hasSize(GlanceMetadefsFolder.STANDARD_FILE_COUNT);
        assertThat(catalog(second)).isEqualTo(catalog(first));
    }

    private static List<MetadefNamespace> catalog(MetadefService service) {
        return service.listNamespaces(NamespaceQuery.builder().sortKey(NamespaceQuery.SortKey.NAMESPACE)
                .ascending(true).limit(NamespaceQuery.MAX_LIMIT).build()).items().stream()
                .map(MetadefNamespace::withoutTimestamps).toList();
    }

    /** What the importer fills in when a file leaves it out: Glance's defaults and the importing project. */
    private static JsonNode withGlanceDefaults(JsonNode source) {
        ObjectNode copy = source.deepCopy();
        if (!copy.hasNonNull("visibility")) {
            copy.put("visibility", "private");
        }
        if (!copy.hasNonNull("protected")) {
            copy.put("protected", false);
        }
        if (!copy.hasNonNull("owner")) {
            copy.put("owner", "admin");
        }
        return copy;
    }

    /** Drops empty containers (a file's {@code "objects": []} means the same as none). */
    private static JsonNode normalised(JsonNode node) {
        JsonNode copy = node.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode node) {
        if (node.isObject()) {
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                JsonNode child = it.next();
                if (child.isContainerNode() && child.isEmpty()) {
                    it.remove();
                } else {
                    strip(child);
                }
            }
        } else if (node.isArray()) {
            node.forEach(MetadefRoundTripContract::strip);
        }
    }
}
