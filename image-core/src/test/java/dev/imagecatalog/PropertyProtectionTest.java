package dev.imagecatalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.error.CatalogConfigurationException;
import dev.imagecatalog.error.ForbiddenException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImagePatch;
import dev.imagecatalog.image.ImageQuery;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.policy.RequestContext;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Glance-style property protections from settings. */
class PropertyProtectionTest {
    private static final Map<String, String> RULES = Map.ofEntries(
            Map.entry("property-protection.1.pattern", "^x_billing_.*"),
            Map.entry("property-protection.1.create", "admin,billing"),
            Map.entry("property-protection.1.read", "admin,billing"),
            Map.entry("property-protection.1.update", "admin"),
            Map.entry("property-protection.1.delete", "admin"),
            Map.entry("property-protection.2.pattern", "^x_ro_"),
            Map.entry("property-protection.2.create", "admin"),
            Map.entry("property-protection.2.read", "@"),
            Map.entry("property-protection.2.update", "!"),
            Map.entry("property-protection.2.delete", "admin"));

    private static ImageCatalog catalog(Map<String, String> extra) {
        return ImageCatalog.builder().setting("metadata.type", "memory").setting("stores", "mem")
                .setting("store.mem.type", "memory").settings(RULES).settings(extra).build();
    }

    @Test
    void unreadablePropertiesAreAbsentFromEveryResult() {
        try (ImageCatalog c = catalog(Map.of())) {
            ImageService billing = c.images(new RequestContext("p1", "b", Set.of("member", "reader", "billing")));
            ImageService member = c.images(RequestContext.member("p1", "m"));
            ImageService admin = c.images(RequestContext.admin("ops", "root"));
            Image created = billing.create(ImageDraft.builder().name("b").property("x_billing_code", "42")
                    .property("plain", "1").build());
            assertThat(created.properties()).containsEntry("x_billing_code", "42");
            assertThat(member.get(created.id()).properties()).containsOnlyKeys("plain");
            assertThat(member.list(ImageQuery.all()).items().get(0).properties()).containsOnlyKeys("plain");
            Image updated = member.update(created.id(), ImagePatch.builder().add("other", "2").build());
            assertThat(updated.properties()).containsOnlyKeys("plain", "other");
            assertThat(member.addTag(created.id(), "t").properties()).doesNotContainKey("x_billing_code");
            // still stored: the member's update kept it
            assertThat(admin.get(created.id()).properties()).containsEntry("x_billing_code", "42");
        }
    }

    @Test
    void createUpdateDeleteFollowTheirRoleLists() {
        try (ImageCatalog c = catalog(Map.of())) {
            ImageService member = c.images(RequestContext.member("p1", "m"));
            ImageService billing = c.images(new RequestContext("p1", "b", Set.of("member", "reader", "billing")));
            ImageService admin = c.images(RequestContext.admin("p1", "root"));
            assertThatThrownBy(() -> member.create(ImageDraft.builder().property("x_billing_code", "1").build()))
                    .isInstanceOf(ForbiddenException.class).hasMessageContaining("x_billing_code");
            assertThat(member.list(ImageQuery.all()).items()).isEmpty();
            Image img = billing.create(ImageDraft.builder().property("x_billing_code", "1").build());
            assertThatThrownBy(() -> billing.update(img.id(), ImagePatch.builder().replace("x_billing_code", "2").build()))
                    .isInstanceOf(ForbiddenException.class);
            assertThatThrownBy(() -> billing.update(img.id(), ImagePatch.builder().add("x_billing_code", "2").build()))
                    .isInstanceOf(ForbiddenException.class); // add of an existing key is an update
            assertThatThrownBy(() -> billing.update(img.id(), ImagePatch.builder().remove("x_billing_code").build()))
                    .isInstanceOf(ForbiddenException.class);
            assertThat(admin.update(img.id(), ImagePatch.builder().replace("x_billing_code", "3").build()).properties())
                    .containsEntry("x_billing_code", "3");
            // read-only for everyone once set
            Image ro = admin.create(ImageDraft.builder().property("x_ro_serial", "s1").build());
            assertThatThrownBy(() -> admin.update(ro.id(), ImagePatch.builder().replace("x_ro_serial", "s2").build()))
                    .isInstanceOf(ForbiddenException.class);
            assertThat(member.get(ro.id()).properties()).containsEntry("x_ro_serial", "s1");
            assertThat(admin.update(ro.id(), ImagePatch.builder().remove("x_ro_serial").build()).properties())
                    .doesNotContainKey("x_ro_serial");
            // a refused patch changes nothing, even its allowed parts
            assertThatThrownBy(() -> billing.update(img.id(), ImagePatch.builder().add("fine", "1")
                    .remove("x_billing_code").build())).isInstanceOf(ForbiddenException.class);
            assertThat(admin.get(img.id()).properties()).containsOnlyKeys("x_billing_code");
        }
    }

    @Test
    void aListFilterOnAnUnreadablePropertyNeverReachesTheRepository() {
        try (ImageCatalog c = ImageCatalog.builder().setting("metadata.type", "recording").setting("stores", "mem")
                .setting("store.mem.type", "memory").settings(RULES).build()) {
            ImageService billing = c.images(new RequestContext("p1", "b", Set.of("member", "reader", "billing")));
            ImageService member = c.images(RequestContext.member("p1", "m"));
            billing.create(ImageDraft.builder().property("x_billing_code", "42").build());
            var recorded = (RecordingMetadataProvider.Recorded) c.backends().metadataRepository();

            assertThat(member.list(ImageQuery.builder().property("x_billing_code", "42").build()).items()).isEmpty();
            assertThat(member.list(ImageQuery.builder().property("x_billing_code", "7").build()).items()).isEmpty();
            assertThat(recorded.listQueries()).as("no query filtering on a property the caller may not read")
                    .noneMatch(q -> q.properties().containsKey("x_billing_code"));

            assertThat(billing.list(ImageQuery.builder().property("x_billing_code", "42").build()).items()).hasSize(1);
            assertThat(recorded.listQueries()).anyMatch(q -> q.properties().containsKey("x_billing_code"));
        }
    }

    @Test
    void badSectionsFailTheBuildNamingTheKey() {
        assertThatThrownBy(() -> catalog(Map.of("property-protection.3.pattern", "^y_")))
                .isInstanceOf(CatalogConfigurationException.class).hasMessageContaining("property-protection.3.create");
        assertThatThrownBy(() -> catalog(Map.of("property-protection.4.pattern", "([")))
                .isInstanceOf(CatalogConfigurationException.class).hasMessageContaining("property-protection.4.pattern");
        assertThatThrownBy(() -> catalog(Map.of("property-protection.x.pattern", "a")))
                .isInstanceOf(CatalogConfigurationException.class).hasMessageContaining("property-protection.x.pattern");
    }
}
