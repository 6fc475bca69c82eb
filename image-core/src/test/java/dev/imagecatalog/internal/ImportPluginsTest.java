package dev.imagecatalog.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.config.Settings;
import dev.imagecatalog.error.CatalogConfigurationException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.policy.RequestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ImportPlugins}: the providers found by name, built from their own {@code import.plugin.<name>.*} keys and
 * run in the order of {@code import.plugins}; every configuration mistake fails the catalog's build naming its key.
 */
class ImportPluginsTest {

    private static ImportPlugins load(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("metadata.type", "memory");
        m.put("stores", "mem");
        m.put("store.mem.type", "memory");
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return ImportPlugins.load(ImportConfig.from(CoreSettings.check(Settings.of(m))),
                ImportPluginsTest.class.getClassLoader());
    }

    private static List<String> run(ImportPlugins plugins, Path dir) throws Exception {
        Path data = Files.write(dir.resolve("staged"), new byte[] {1, 2, 3});
        List<String> messages = new ArrayList<>();
        StagedImageFile staged = new StagedImageFile(Image.builder().id("i1").diskFormat("raw").createdAt(java.time.Instant.EPOCH).updatedAt(java.time.Instant.EPOCH)
                .containerFormat("bare").build(), RequestContext.member("p1", "u1"), data, messages::add);
        plugins.run(staged);
        return messages;
    }

    private static void refusedAtBuild(String key, String value, String... fragments) {
        assertThatThrownBy(() -> ImageCatalog.builder().setting("metadata.type", "memory").setting("stores", "mem")
                .setting("store.mem.type", "memory").setting("import.plugins", "first,second")
                .setting(key, value).build())
                .isInstanceOf(CatalogConfigurationException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(fragments));
    }

    @Test
    void pluginsRunInTheListedOrderEachWithItsOwnSettings(@TempDir Path dir) throws Exception {
        ImportPlugins plugins = load("import.plugins", "second, first", "import.plugin.first.label", "one",
                "import.plugin.second.times", "2");
        assertThat(plugins.names()).containsExactly("second", "first");
        assertThat(run(plugins, dir)).containsExactly("import plug-in second", "second:second", "second:second",
                "import plug-in first", "first:one");

        ImportPlugins reversed = load("import.plugins", "first,second");
        assertThat(reversed.names()).containsExactly("first", "second");
        assertThat(run(reversed, dir)).containsExactly("import plug-in first", "first:first",
                "import plug-in second", "second:second");
    }

    @Test
    void noPluginsByDefault(@TempDir Path dir) throws Exception {
        ImportPlugins none = load();
        assertThat(none.names()).isEmpty();
        assertThat(run(none, dir)).isEmpty();
    }

    @Test
    void anUnknownNameFailsTheBuildNamingImportPlugins() {
        refusedAtBuild("import.plugins", "first,decompresion", "unknown import plug-in type 'decompresion'",
                "'import.plugins'", "first", "second");
    }

    @Test
    void aRepeatedNameIsRefused() {
        refusedAtBuild("import.plugins", "first,first", "'import.plugins'", "'first' appears twice");
    }

    @Test
    void aBadPluginSettingFailsTheBuildNamingItsFullKey() {
        refusedAtBuild("import.plugin.second.times", "9", "'import.plugin.second.times'", "from 1 to 3");
        refusedAtBuild("import.plugin.first.lable", "x", "unknown setting 'import.plugin.first.lable'",
                "did you mean 'import.plugin.first.label'?");
    }

    @Test
    void aKeyOfAPluginNotListedIsRefusedNamingIt() {
        refusedAtBuild("import.plugin.conversion.output-format", "qcow2",
                "unknown setting 'import.plugin.conversion.output-format'", "'import.plugins' [first, second]");
        assertThatThrownBy(() -> load("import.plugin.first.label", "x"))
                .isInstanceOf(CatalogConfigurationException.class)
                .hasMessageContaining("unknown setting 'import.plugin.first.label'")
                .hasMessageContaining("'import.plugins' []");
    }

    @Test
    void aCatalogWithPluginsBuilds() throws Exception {
        try (ImageCatalog c = ImageCatalog.builder().setting("metadata.type", "memory").setting("stores", "mem")
                .setting("store.mem.type", "memory").setting("import.plugins", "second")
                .setting("import.plugin.second.label", "x").build()) {
            assertThat(c.catalogId()).isNotEmpty();
        }
    }
}
