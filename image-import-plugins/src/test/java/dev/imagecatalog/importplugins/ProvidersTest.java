package dev.imagecatalog.importplugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.error.CatalogConfigurationException;
import org.junit.jupiter.api.Test;

/** The catalog finds the three plug-ins by name through {@code META-INF/services} and hands each its settings. */
class ProvidersTest {

    private static ImageCatalog.Builder catalog(String plugins) {
        return ImageCatalog.builder().setting("metadata.type", "memory").setting("stores", "mem")
                .setting("store.mem.type", "memory").setting("import.plugins", plugins);
    }

    @Test
    void theCatalogBuildsWithEveryPluginListed() throws Exception {
        try (ImageCatalog c = catalog("decompression, conversion, inject-metadata")
                .setting("import.plugin.decompression.max-size", "10GiB")
                .setting("import.plugin.conversion.output-format", "qcow2")
                .setting("import.plugin.inject-metadata.properties.hw_disk_bus", "virtio").build()) {
            assertThat(c.catalogId()).isNotEmpty();
        }
    }

    @Test
    void aPluginsBadSettingFailsTheCatalogsBuild() {
        assertThatThrownBy(() -> catalog("conversion").setting("import.plugin.conversion.output-format", "vdi")
                .build()).isInstanceOf(CatalogConfigurationException.class)
                .hasMessageContaining("'import.plugin.conversion.output-format'");
        assertThatThrownBy(() -> catalog("inject-metadata")
                .setting("import.plugin.inject-metadata.properties.os_glance_stage_host", "x").build())
                .isInstanceOf(CatalogConfigurationException.class)
                .hasMessageContaining("'import.plugin.inject-metadata.properties.os_glance_stage_host'");
        assertThatThrownBy(() -> catalog("decompression, no_op").build())
                .isInstanceOf(CatalogConfigurationException.class)
                .hasMessageContaining("'no_op'").hasMessageContaining("'import.plugins'")
                .hasMessageContaining("conversion, decompression").hasMessageContaining("inject-metadata");
    }
}
