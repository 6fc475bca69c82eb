package dev.imagecatalog.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.config.Settings;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.spi.MetadataProvider;
import dev.imagecatalog.spi.MetadataRepository;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MemoryMetadataProviderTest {

    @Test
    void isFoundByServiceLoaderUnderTypeMemory() {
        List<MetadataProvider> memory = ServiceLoader.load(MetadataProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.type().equals("memory")).collect(Collectors.toList());

        assertThat(memory).hasSize(1);
        assertThat(memory.get(0)).isInstanceOf(MemoryMetadataProvider.class);
    }

    @Test
    void everyRepositoryIsIndependent() {
        MetadataProvider provider = new MemoryMetadataProvider();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        Image image = Image.builder().id("00000000-0000-0000-0000-000000000001").status(ImageStatus.QUEUED)
                .createdAt(t).updatedAt(t).version(1).build();
        try (MetadataRepository a = provider.create(Settings.of(Map.of()));
             MetadataRepository b = provider.create(Settings.of(Map.of()))) {
            a.create(image);

            assertThat(a.find(image.id())).contains(image);
            assertThat(b.find(image.id())).isEmpty();
            b.create(image);
            assertThat(b.find(image.id())).contains(image);
        }
    }
}
