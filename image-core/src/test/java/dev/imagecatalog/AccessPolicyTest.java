package dev.imagecatalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.error.CatalogConfigurationException;
import dev.imagecatalog.error.ForbiddenException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImagePatch;
import dev.imagecatalog.image.ImageQuery;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.Visibility;
import dev.imagecatalog.policy.RequestContext;
import java.io.ByteArrayInputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Policy overrides through catalog settings, end to end through the service. */
class AccessPolicyTest {

    private static ImageCatalog catalog(Map<String, String> settings) {
        return ImageCatalog.builder().setting("metadata.type", "memory").setting("stores", "mem")
                .setting("store.mem.type", "memory").settings(settings).build();
    }

    private static ImageDraft draft() {
        return ImageDraft.builder().name("x").diskFormat("raw").containerFormat("bare").build();
    }

    @Test
    void uploadsRestrictedToAdminsWithOneLine() {
        try (ImageCatalog c = catalog(Map.of("policy.upload_image", "role:admin"))) {
            ImageService alice = c.images(RequestContext.member("p1", "alice"));
            Image img = alice.create(draft());
            assertThatThrownBy(() -> alice.upload(img.id(), new ByteArrayInputStream(new byte[10])))
                    .isInstanceOf(ForbiddenException.class).hasMessageContaining("upload_image");
            assertThat(alice.get(img.id()).status()).isEqualTo(ImageStatus.QUEUED);
            Image active = c.images(RequestContext.admin("ops", "root")).upload(img.id(),
                    new ByteArrayInputStream(new byte[10]));
            assertThat(active.status()).isEqualTo(ImageStatus.ACTIVE);
            assertThat(c.policy().rules().get("upload_image")).isEqualTo("role:admin");
        }
    }

    @Test
    void aBadRuleFailsTheBuildNamingIt() {
        assertThatThrownBy(() -> catalog(Map.of("policy.get_image", "role:admin or or owner")))
                .isInstanceOf(CatalogConfigurationException.class).hasMessageContaining("'get_image'");
        assertThatThrownBy(() -> catalog(Map.of("policy.add_member", "rule:missing")))
                .isInstanceOf(CatalogConfigurationException.class).hasMessageContaining("'add_member'");
    }

    @Test
    void publicizeCanBeOpenedToOwnersAndCommunitizeClosed() {
        try (ImageCatalog c = catalog(Map.of("policy.publicize_image", "rule:admin_or_owner_member",
                "policy.communitize_image", "role:admin"))) {
            ImageService alice = c.images(RequestContext.member("p1", "alice"));
            Image img = alice.create(draft());
            assertThat(alice.update(img.id(), ImagePatch.builder().replace("visibility", "public").build())
                    .visibility()).isEqualTo(Visibility.PUBLIC);
            assertThatThrownBy(() -> alice.update(img.id(), ImagePatch.builder().replace("visibility", "community")
                    .build())).isInstanceOf(ForbiddenException.class).hasMessageContaining("communitize_image");
            assertThatThrownBy(() -> alice.create(ImageDraft.builder().visibility(Visibility.COMMUNITY).build()))
                    .isInstanceOf(ForbiddenException.class);
        }
    }

    @Test
    void aStricterGetImageHidesImagesAsNotFoundAndFiltersLists() {
        try (ImageCatalog c = catalog(Map.of("policy.get_image", "role:admin or owner"))) {
            ImageService admin = c.images(RequestContext.admin("ops", "root"));
            Image pub = admin.create(ImageDraft.builder().name("pub").owner("p9").visibility(Visibility.PUBLIC).build());
            ImageService alice = c.images(RequestContext.member("p1", "alice"));
            Image own = alice.create(draft());
            assertThatThrownBy(() -> alice.get(pub.id())).isInstanceOf(NotFoundException.class);
            assertThat(alice.list(ImageQuery.all()).items()).extracting(Image::id).containsExactly(own.id());
        }
    }

    @Test
    void listingNeedsGetImages() {
        try (ImageCatalog c = catalog(Map.of("policy.get_images", "role:admin"))) {
            assertThatThrownBy(() -> c.images(RequestContext.member("p1", "alice")).list(ImageQuery.all()))
                    .isInstanceOf(ForbiddenException.class).hasMessageContaining("get_images");
        }
    }

    @Test
    void evenAnOpenPolicyKeepsWritesToTheOwnerOrAnAdmin() {
        try (ImageCatalog c = catalog(Map.of("policy.modify_image", "true"))) {
            ImageService alice = c.images(RequestContext.member("p1", "alice"));
            Image img = alice.create(ImageDraft.builder().visibility(Visibility.COMMUNITY).build());
            assertThatThrownBy(() -> c.images(RequestContext.member("p2", "bob")).update(img.id(),
                    ImagePatch.builder().replace("name", "mine").build())).isInstanceOf(ForbiddenException.class);
        }
    }
}
