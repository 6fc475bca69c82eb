package dev.imagecatalog.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.event.CatalogEvent;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImagePatch;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.metadef.MetadefNamespace;
import dev.imagecatalog.metadef.MetadefProperty;
import dev.imagecatalog.metadef.MetadefVisibility;
import dev.imagecatalog.metadef.ResourceTypeAssociation;
import dev.imagecatalog.policy.RequestContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The metadata definitions catalog as a catalog offers it: persisted by the configured metadata back-end, its
 * events delivered to the catalog's listeners, and (when {@code metadefs.validate-image-properties} is on) image
 * custom properties checked against it on create and update. A back-end module runs it with its own settings.
 */
public abstract class CatalogMetadefsContract {

    private static final RequestContext ADMIN = RequestContext.admin("ops", "operator");
    private static final RequestContext ALICE = RequestContext.member("project-a", "alice");

    /** Settings of a fresh catalog on the back-end under test (metadata and stores). */
    protected abstract Map<String, String> catalogSettings() throws Exception;

    private ImageCatalog catalog(boolean validate, List<CatalogEvent> events) throws Exception {
        ImageCatalog.Builder b = ImageCatalog.builder().settings(catalogSettings())
                .setting("metadefs.validate-image-properties", Boolean.toString(validate));
        if (events != null) {
            b.listener(events::add);
        }
        ImageCatalog catalog = b.build();
        catalog.metadefs(ADMIN).createNamespace(MetadefNamespace.builder("Test::CPUPinning")
                .visibility(MetadefVisibility.PUBLIC)
                .addResourceTypeAssociation(ResourceTypeAssociation.of("OS::Glance::Image", "hw_", null))
                .addProperty(MetadefProperty.builder("cpu_policy").type("string").title("CPU policy")
                        .enumValues("shared", "dedicated").build())
                .addProperty(MetadefProperty.builder("cpu_count").type("integer").title("CPUs")
                        .minimum(1).maximum(64).build())
                .build());
        return catalog;
    }

    private static ImageDraft draft(String key, String value) {
        return ImageDraft.builder().name("img").property(key, value).build();
    }

    @Test
    void validationOnAcceptsAllowedValuesAndRefusesOthersNamingTheRule() throws Exception {
        try (ImageCatalog catalog = catalog(true, null)) {
            ImageService images = catalog.images(ALICE);
            Image ok = images.create(draft("hw_cpu_policy", "dedicated"));
            assertThat(ok.properties()).containsEntry("hw_cpu_policy", "dedicated");

            assertThatThrownBy(() -> images.create(draft("hw_cpu_policy", "banana")))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("hw_cpu_policy").hasMessageContaining("banana")
                    .hasMessageContaining("shared").hasMessageContaining("dedicated");
            assertThatThrownBy(() -> images.update(ok.id(), ImagePatch.builder().add("hw_cpu_count", "0").build()))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("hw_cpu_count");
            assertThat(images.get(ok.id()).properties()).doesNotContainKey("hw_cpu_count");

            Image changed = images.update(ok.id(), ImagePatch.builder().add("hw_cpu_count", "8")
                    .add("unrelated_key", "anything").build());
            assertThat(changed.properties()).containsEntry("hw_cpu_count", "8").containsEntry("unrelated_key", "anything");
            // only one image: the refused create left nothing behind
            assertThat(images.list(null).items()).extracting(Image::id).containsExactly(ok.id());
        }
    }

    @Test
    void validationOffStoresAnyValue() throws Exception {
        try (ImageCatalog catalog = catalog(false, null)) {
            ImageService images = catalog.images(ALICE);
            assertThat(images.create(draft("hw_cpu_policy", "dedicated")).properties())
                    .containsEntry("hw_cpu_policy", "dedicated");
            assertThat(images.create(draft("hw_cpu_policy", "banana")).properties())
                    .containsEntry("hw_cpu_policy", "banana");
        }
    }

    @Test
    void definitionsPersistAndTheirEventsReachTheCatalogListeners() throws Exception {
        List<CatalogEvent> events = new CopyOnWriteArrayList<>();
        try (ImageCatalog catalog = catalog(false, events)) {
            assertThat(catalog.metadefs(ALICE).getNamespace("Test::CPUPinning").properties())
                    .extracting(MetadefProperty::name).containsExactlyInAnyOrder("cpu_policy", "cpu_count");
            assertThat(catalog.awaitEvents(Duration.ofSeconds(10))).isTrue();
            assertThat(events).extracting(CatalogEvent::type).contains("metadef_namespace.create");
        }
    }
}
