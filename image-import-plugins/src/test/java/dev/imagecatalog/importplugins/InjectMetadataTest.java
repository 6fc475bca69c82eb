package dev.imagecatalog.importplugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.config.Settings;
import dev.imagecatalog.error.CatalogConfigurationException;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.spi.ImportPlugin;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inject-metadata plug-in: its properties on every import but those of the ignored roles. */
class InjectMetadataTest {
    private static final String PREFIX = "import.plugin.inject-metadata.";

    @TempDir
    Path dir;

    private static ImportPlugin plugin(String... keyValues) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(PREFIX + keyValues[i], keyValues[i + 1]);
        }
        return new InjectMetadataProvider().create(Settings.of(m).scoped(PREFIX));
    }

    private TestStagedImage staged(RequestContext caller) throws IOException {
        return new TestStagedImage(dir, new byte[] {1}, "raw", "bare", caller);
    }

    @Test
    void thePropertiesAreInjectedAsWritten() throws IOException {
        TestStagedImage s = staged(RequestContext.member("p1", "u1"));
        plugin("properties.hw_vif_model", "virtio", "properties.note", "a, b=c").apply(s);
        assertThat(s.properties).containsExactlyInAnyOrderEntriesOf(Map.of("hw_vif_model", "virtio", "note",
                "a, b=c"));
    }

    @Test
    void callersWithAnIgnoredRoleGetNothing() throws IOException {
        TestStagedImage admin = staged(RequestContext.admin("p1", "u1"));
        plugin("properties.x", "1").apply(admin);
        assertThat(admin.properties).isEmpty();

        TestStagedImage member = staged(RequestContext.member("p1", "u1"));
        plugin("properties.x", "1", "ignore-roles", "Member, auditor").apply(member);
        assertThat(member.properties).isEmpty();

        TestStagedImage other = staged(new RequestContext("p1", "u1", Set.of("reader")));
        plugin("properties.x", "1", "ignore-roles", "member").apply(other);
        assertThat(other.properties).containsEntry("x", "1");
    }

    @Test
    void reservedKeysAreRefusedAtBuildNamingTheKey() {
        assertThatThrownBy(() -> plugin("properties.os_glance_import_task", "x"))
                .isInstanceOf(CatalogConfigurationException.class)
                .hasMessageContaining("'import.plugin.inject-metadata.properties.os_glance_import_task'")
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> plugin("properties.disk_format", "raw"))
                .isInstanceOf(CatalogConfigurationException.class)
                .hasMessageContaining("'import.plugin.inject-metadata.properties.disk_format'")
                .hasMessageContaining("image attribute");
        assertThatThrownBy(() -> plugin("property.x", "1")).isInstanceOf(CatalogConfigurationException.class)
                .hasMessageContaining("unknown setting 'import.plugin.inject-metadata.property.x'");
    }
}
