package dev.imagecatalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.image.ImageFormats;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a catalog says about its own configuration: formats and the default store. */
class CatalogDescriptionTest {

    @Test
    void configuredFormatsAndDefaultStore() {
        try (ImageCatalog c = ImageCatalog.builder().settings(Map.of("metadata.type", "memory",
                "stores", "a,b", "stores.default", "b", "store.a.type", "memory", "store.b.type", "memory",
                "formats.disk", "raw,qcow2", "formats.container", "bare")).build()) {
            assertThat(c.formats().diskFormats()).containsExactlyInAnyOrder("raw", "qcow2");
            assertThat(c.formats().containerFormats()).containsExactly("bare");
            assertThat(c.defaultStoreId()).isEqualTo("b");
        }
    }

    @Test
    void defaultsAreGlancesFormatsAndTheOnlyStore() {
        try (ImageCatalog c = ImageCatalog.inMemory()) {
            assertThat(c.formats()).isEqualTo(ImageFormats.glanceDefaults());
            assertThat(c.backends().stores()).containsKey(c.defaultStoreId()).hasSize(1);
        }
    }
}
