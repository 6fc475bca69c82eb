package dev.imagecatalog;

import static dev.imagecatalog.ImageLocationsTest.hex;
import static dev.imagecatalog.ImageLocationsTest.put;
import static dev.imagecatalog.ImageLocationsTest.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.error.ForbiddenException;
import dev.imagecatalog.error.ImageCatalogException;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.error.TooLargeException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageLocation;
import dev.imagecatalog.image.ImagePatch;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.LocationValidation;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.policy.RequestContext;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code /locations} paths of an image patch (Glance's {@code show_multiple_locations}) over three memory
 * stores ({@code b} read first; {@code a} and {@code c} of equal weight): each rule's success and refusal, and that
 * a refused patch saves nothing.
 */
class ImageLocationPatchTest {
    private static final byte[] DATA = "patched locations hold these bytes".getBytes(StandardCharsets.UTF_8);

    private ImageCatalog catalog;
    private ImageService alice;
    private ImageService admin;

    private void open(Map<String, String> extra) {
        Map<String, String> s = new HashMap<>(Map.of("metadata.type", "memory", "stores", "a,b,c",
                "stores.default", "a", "store.a.type", "memory", "store.b.type", "memory", "store.b.weight", "10",
                "store.c.type", "memory", "image.show-multiple-locations", "true"));
        s.putAll(extra);
        catalog = ImageCatalog.builder().settings(s).build();
        alice = catalog.images(RequestContext.member("p1", "alice"));
        admin = catalog.images(RequestContext.admin("ops", "root"));
    }

    @AfterEach
    void close() {
        if (catalog != null) {
            catalog.close();
        }
    }

    private Image queued() {
        return alice.create(ImageDraft.builder().name("q").diskFormat("raw").containerFormat("bare").build());
    }

    private Image active() {
        return alice.upload(queued().id(), new ByteArrayInputStream(DATA));
    }

    private static ImagePatch add(String pointer, StoreLocation loc, LocationValidation v) {
        return ImagePatch.builder().add(pointer, ImagePatch.location(loc.url(), v)).build();
    }

    private void assertRefused(ImageService who, String imageId, ImagePatch patch,
                               Class<? extends ImageCatalogException> kind, String message) {
        Image before = admin.get(imageId);
        assertThatThrownBy(() -> who.update(imageId, patch)).as(patch.toString()).isInstanceOf(kind)
                .hasMessageContaining(message);
        assertThat(admin.get(imageId)).as("unchanged after " + patch).isEqualTo(before);
    }

    @Test
    void everyLocationPathIsForbiddenUnlessTheCatalogShowsMultipleLocations() throws Exception {
        open(Map.of("image.show-multiple-locations", "false"));
        Image img = active();
        StoreLocation copy = put(catalog, "c", DATA);
        for (ImagePatch p : List.of(add("/locations/-", copy, null),
                ImagePatch.builder().remove("/locations/0").build(),
                ImagePatch.builder().replace("/locations", List.of(ImagePatch.location(copy.url(), null))).build())) {
            assertRefused(admin, img.id(), p, ForbiddenException.class, "image.show-multiple-locations");
        }
    }

    @Test
    void addingTheFirstLocationActivatesAQueuedImageFromTheBytes() throws Exception {
        open(Map.of());
        Image img = queued();
        StoreLocation loc = put(catalog, "c", DATA);
        Image out = alice.update(img.id(), ImagePatch.fromJson("[{\"op\":\"add\",\"path\":\"/locations/-\","
                + "\"value\":{\"url\":\"" + loc.url() + "\",\"metadata\":{\"store\":\"c\"},\"validation_data\":"
                + "{\"os_hash_algo\":\"sha512\",\"os_hash_value\":\"" + hex("SHA-512", DATA) + "\"}}}]"));
        assertThat(out.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(out.size()).isEqualTo(DATA.length);
        assertThat(out.checksum()).isEqualTo(hex("MD5", DATA));
        assertThat(out.activeLocations()).containsExactly(loc);
    }

    @Test
    void changesApplyInOrderSoFormatsSetEarlierInThePatchLetALocationActivateTheImage() throws Exception {
        open(Map.of());
        Image img = alice.create(ImageDraft.builder().name("no formats yet").build());
        StoreLocation loc = put(catalog, "c", DATA);
        assertRefused(alice, img.id(), ImagePatch.builder().add("/locations/-", ImagePatch.location(loc.url(), null))
                .replace("disk_format", "raw").replace("container_format", "bare").build(),
                InvalidInputException.class, "disk_format and container_format");

        Image out = alice.update(img.id(), ImagePatch.builder().replace("disk_format", "raw")
                .replace("container_format", "bare").add("/locations/-", ImagePatch.location(loc.url(), null))
                .build());

        assertThat(out.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(out.diskFormat()).isEqualTo("raw");
        assertThatThrownBy(() -> alice.update(img.id(), ImagePatch.builder().replace("disk_format", "qcow2").build()))
                .as("formats are fixed once active").isInstanceOf(ForbiddenException.class);
    }

    @Test
    void aQueuedImageWhoseBytesDisagreeStaysQueued() throws Exception {
        open(Map.of());
        Image img = queued();
        StoreLocation loc = put(catalog, "c", DATA);
        LocationValidation wrong = valid("different".getBytes(StandardCharsets.UTF_8));
        assertRefused(alice, img.id(), add("/locations/-", loc, wrong), InvalidInputException.class, "mismatch");
        assertThat(admin.get(img.id()).status()).isEqualTo(ImageStatus.QUEUED);
    }

    @Test
    void aPositionPlacesTheLocationAmongStoresOfEqualWeight() throws Exception {
        open(Map.of());
        Image img = active();
        StoreLocation inA = img.activeLocations().get(0);
        StoreLocation inC = put(catalog, "c", DATA);
        StoreLocation inB = put(catalog, "b", DATA);
        alice.update(img.id(), add("/locations/0", inC, null));
        assertThat(alice.locations(img.id())).extracting(ImageLocation::location).containsExactly(inC, inA);
        alice.update(img.id(), add("/locations/-", inB, null));
        assertThat(alice.locations(img.id())).as("b is read first whatever its position")
                .extracting(ImageLocation::location).containsExactly(inB, inC, inA);
    }

    @Test
    void addFollowsTheSameRulesAsTheLocationsApi() throws Exception {
        open(Map.of("limit.image-locations", "2"));
        Image img = active();
        StoreLocation inA = img.activeLocations().get(0);
        assertRefused(alice, img.id(), add("/locations/-", inA, null), InvalidInputException.class,
                "Duplicate location");
        byte[] other = "other bytes of another size".getBytes(StandardCharsets.UTF_8);
        assertRefused(alice, img.id(), add("/locations/-", put(catalog, "c", other), null),
                InvalidInputException.class, "Invalid location");
        assertRefused(alice, img.id(), ImagePatch.builder().add("/locations/-",
                Map.of("url", "memory://nowhere/k")).build(), InvalidInputException.class, "Invalid location");
        StoreLocation inC = put(catalog, "c", DATA);
        assertRefused(alice, img.id(), ImagePatch.builder().add("/locations/-",
                Map.of("url", inC.url(), "metadata", Map.of("kept", "no"))).build(), InvalidInputException.class,
                "metadata");
        assertRefused(alice, img.id(), ImagePatch.builder().add("/locations/-", "not an object").build(),
                InvalidInputException.class, "invalid location");
        alice.update(img.id(), add("/locations/-", inC, null));
        assertRefused(alice, img.id(), add("/locations/-", put(catalog, "b", DATA), null), TooLargeException.class,
                "limit.image-locations");
        admin.deactivate(img.id());
        assertRefused(admin, img.id(), add("/locations/-", put(catalog, "b", DATA), null), ConflictException.class,
                "queued or active");
    }

    @Test
    void removeTakesAnActiveLocationByPositionNeverTheLast() throws Exception {
        open(Map.of());
        Image img = active();
        StoreLocation inA = img.activeLocations().get(0);
        StoreLocation inC = put(catalog, "c", DATA);
        admin.update(img.id(), add("/locations/-", inC, null));
        assertRefused(alice, img.id(), ImagePatch.builder().remove("/locations/0").build(), ForbiddenException.class,
                "delete_image_location");
        assertRefused(admin, img.id(), ImagePatch.builder().remove("/locations/2").build(),
                InvalidInputException.class, "Invalid position");

        Image out = admin.update(img.id(), ImagePatch.builder().remove("/locations/-").build());

        assertThat(out.activeLocations()).containsExactly(inA);
        assertThat(catalog.backends().stores().get("c").exists(inC)).isFalse();
        assertRefused(admin, img.id(), ImagePatch.builder().remove("/locations/0").build(), ForbiddenException.class,
                "last location");
        Image q = queued();
        assertRefused(admin, q.id(), ImagePatch.builder().remove("/locations/0").build(), ConflictException.class,
                "only from an active image");
    }

    @Test
    void replaceGivesAnImageWithoutLocationsItsLocations() throws Exception {
        open(Map.of());
        Image img = queued();
        StoreLocation inC = put(catalog, "c", DATA);
        StoreLocation inB = put(catalog, "b", DATA);
        assertThat(alice.update(img.id(), ImagePatch.builder().replace("/locations", List.of()).build()).status())
                .as("nothing to replace: a no-op").isEqualTo(ImageStatus.QUEUED);

        Image out = alice.update(img.id(), ImagePatch.builder().replace("/locations", List.of(
                ImagePatch.location(inC.url(), valid(DATA)), ImagePatch.location(inB.url(), null))).build());

        assertThat(out.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(out.activeLocations()).containsExactlyInAnyOrder(inC, inB);
        assertThat(out.osHashValue()).isEqualTo(hex("SHA-512", DATA));
    }

    @Test
    void replaceOnlyReordersAnImagesLocationsAndNeverEmptiesThem() throws Exception {
        open(Map.of());
        Image img = active();
        StoreLocation inA = img.activeLocations().get(0);
        StoreLocation inC = put(catalog, "c", DATA);
        alice.update(img.id(), add("/locations/-", inC, null));
        assertThat(alice.locations(img.id())).extracting(ImageLocation::location).containsExactly(inA, inC);

        alice.update(img.id(), ImagePatch.builder().replace("/locations", List.of(
                ImagePatch.location(inC.url(), null), ImagePatch.location(inA.url(), null))).build());

        assertThat(alice.locations(img.id())).extracting(ImageLocation::location).containsExactly(inC, inA);
        assertRefused(alice, img.id(), ImagePatch.builder().replace("/locations", List.of()).build(),
                ForbiddenException.class, "cannot be replaced with none");
        assertRefused(alice, img.id(), ImagePatch.builder().replace("/locations", List.of(
                ImagePatch.location(put(catalog, "b", DATA).url(), null))).build(), InvalidInputException.class,
                "only reorder");
        assertRefused(alice, img.id(), ImagePatch.builder().replace("/locations", List.of(
                ImagePatch.location(inA.url(), null), ImagePatch.location(inA.url(), null))).build(),
                InvalidInputException.class, "given twice");
        assertRefused(alice, img.id(), ImagePatch.builder().replace("/locations", "no list").build(),
                InvalidInputException.class, "list of locations");
        assertRefused(alice, img.id(), ImagePatch.builder().replace("/locations", List.of(
                ImagePatch.location(inC.url(), valid("x".getBytes(StandardCharsets.UTF_8))),
                ImagePatch.location(inA.url(), null))).build(), ConflictException.class, "different value");
        assertRefused(catalog.images(RequestContext.reader("p1", "rita")), img.id(), ImagePatch.builder()
                .replace("/locations", List.of(ImagePatch.location(inA.url(), null))).build(),
                ForbiddenException.class, "modify_image");
    }

    @Test
    void aPatchIsSavedWholeOrNotAtAll() throws Exception {
        open(Map.of());
        Image img = active();
        StoreLocation inC = put(catalog, "c", DATA);
        ImagePatch patch = ImagePatch.builder().replace("name", "renamed").add("/locations/-",
                ImagePatch.location(inC.url(), null)).add("/locations/-",
                ImagePatch.location("memory://nowhere/x", null)).build();
        assertRefused(alice, img.id(), patch, InvalidInputException.class, "Invalid location");
        assertThat(catalog.backends().stores().get("c").exists(inC)).as("a refused add never deletes").isTrue();

        Image out = alice.update(img.id(), ImagePatch.builder().replace("name", "renamed").add("/locations/-",
                ImagePatch.location(inC.url(), null)).add("os_distro", "debian").build());
        assertThat(out.name()).isEqualTo("renamed");
        assertThat(out.properties()).containsEntry("os_distro", "debian");
        assertThat(out.stores()).containsExactlyInAnyOrder("a", "c");
    }
}
