package dev.imagecatalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.contract.FaultyImageStore;
import dev.imagecatalog.data.ImageData;
import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.error.ForbiddenException;
import dev.imagecatalog.error.ImageCatalogException;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.error.TooLargeException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageLocation;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.LocationValidation;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.image.Visibility;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageWriter;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The locations API ({@code locations}, {@code addLocation}, {@code removeLocation}) over two memory stores: each
 * rule's success and refusal, and that a refused call leaves the image (and the stores) as they were.
 */
class ImageLocationsTest {
    private static final byte[] DATA = "the bytes of one image, held in two stores".getBytes(StandardCharsets.UTF_8);
    private static final RequestContext SERVICE = new RequestContext("p1", "nova", Set.of("service", "member",
            "reader"));

    private ImageCatalog catalog;
    private ImageService alice;
    private ImageService service;
    private ImageService admin;

    private void open(Map<String, String> extra) {
        Map<String, String> s = new HashMap<>(Map.of("metadata.type", "memory", "stores", "a,b",
                "stores.default", "a", "store.a.type", "memory", "store.b.type", "memory", "store.b.weight", "10"));
        s.putAll(extra);
        catalog = ImageCatalog.builder().settings(s).build();
        alice = catalog.images(RequestContext.member("p1", "alice"));
        service = catalog.images(SERVICE);
        admin = catalog.images(RequestContext.admin("ops", "root"));
    }

    @AfterEach
    void close() {
        if (catalog != null) {
            catalog.close();
        }
    }

    static StoreLocation put(ImageCatalog c, String store, byte[] data) throws Exception {
        ImageStore s = c.backends().stores().get(store);
        try (ImageWriter w = s.openWriter(UUID.randomUUID().toString(), data.length)) {
            w.write(ByteBuffer.wrap(data));
            return w.commit();
        }
    }

    static String hex(String algo, byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algo).digest(data));
    }

    static LocationValidation valid(byte[] data) throws Exception {
        return new LocationValidation(hex("MD5", data), "sha512", hex("SHA-512", data));
    }

    private Image queued() {
        return alice.create(ImageDraft.builder().name("q").diskFormat("raw").containerFormat("bare").build());
    }

    private Image active() {
        return alice.upload(queued().id(), new ByteArrayInputStream(DATA));
    }

    private byte[] download(ImageService s, String id) throws Exception {
        try (ImageData d = s.download(id); InputStream in = d.stream()) {
            return in.readAllBytes();
        }
    }

    /** {@code call} fails with {@code kind} and the image is exactly as it was. */
    private void assertRefused(String imageId, Class<? extends ImageCatalogException> kind, String message,
                               Runnable call) {
        Image before = admin.get(imageId);
        assertThatThrownBy(call::run).isInstanceOf(kind).hasMessageContaining(message);
        assertThat(admin.get(imageId)).as("unchanged").isEqualTo(before);
    }

    // ---------------------------------------------------------------- add to a queued image

    @Test
    void aLocationWithValidationDataMakesAQueuedImageActiveWithTheBytesFacts() throws Exception {
        open(Map.of());
        Image img = queued();
        StoreLocation loc = put(catalog, "b", DATA);

        Image out = service.addLocation(img.id(), loc.url(), valid(DATA));

        assertThat(out.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(out.size()).isEqualTo(DATA.length);
        assertThat(out.checksum()).isEqualTo(hex("MD5", DATA));
        assertThat(out.osHashAlgo()).isEqualTo("sha512");
        assertThat(out.osHashValue()).isEqualTo(hex("SHA-512", DATA));
        assertThat(out.locations()).containsExactly(ImageLocation.active(loc));
        assertThat(out.stores()).containsExactly("b");
        assertThat(download(alice, img.id())).isEqualTo(DATA);
    }

    @Test
    void withoutValidationDataTheBytesAreStillReadForTheirChecksums() throws Exception {
        open(Map.of());
        Image img = queued();
        Image out = service.addLocation(img.id(), put(catalog, "a", DATA).url(), null);
        assertThat(out.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(out.checksum()).isEqualTo(hex("MD5", DATA));
        assertThat(out.osHashValue()).isEqualTo(hex("SHA-512", DATA));
    }

    @Test
    void validationDataThatDisagreesWithTheBytesLeavesTheImageQueued() throws Exception {
        open(Map.of());
        Image img = queued();
        String url = put(catalog, "b", DATA).url();
        byte[] other = "other bytes".getBytes(StandardCharsets.UTF_8);
        assertRefused(img.id(), InvalidInputException.class, "checksum mismatch",
                () -> service.addLocation(img.id(), url, new LocationValidation(hexQuiet("MD5", other), null, null)));
        assertRefused(img.id(), InvalidInputException.class, "os_hash_value mismatch",
                () -> service.addLocation(img.id(), url, new LocationValidation(null, "sha512",
                        hexQuiet("SHA-512", other))));
        assertThat(admin.get(img.id()).status()).isEqualTo(ImageStatus.QUEUED);
        assertThat(admin.get(img.id()).locations()).isEmpty();
    }

    @Test
    void malformedValidationDataIsInvalid() throws Exception {
        open(Map.of());
        Image img = queued();
        String url = put(catalog, "b", DATA).url();
        String sha = hex("SHA-512", DATA);
        assertRefused(img.id(), InvalidInputException.class, "os_hash_algo must be sha512",
                () -> service.addLocation(img.id(), url, new LocationValidation(null, "sha256", hexQuiet("SHA-256",
                        DATA))));
        assertRefused(img.id(), InvalidInputException.class, "checksum must be 32 hexadecimal digits",
                () -> service.addLocation(img.id(), url, new LocationValidation("abc", null, null)));
        assertRefused(img.id(), InvalidInputException.class, "os_hash_value must be 128",
                () -> service.addLocation(img.id(), url, new LocationValidation(null, "sha512", sha.substring(2))));
        assertRefused(img.id(), InvalidInputException.class, "os_hash_value must be 128",
                () -> service.addLocation(img.id(), url, new LocationValidation(null, "sha512", "zz" + sha.substring(2))));
        assertRefused(img.id(), InvalidInputException.class, "go together",
                () -> service.addLocation(img.id(), url, new LocationValidation(null, null, sha)));
    }

    @Test
    void aQueuedImageNeedsItsFormatsBeforeALocationActivatesIt() throws Exception {
        open(Map.of());
        Image img = alice.create(ImageDraft.builder().name("no formats").build());
        String url = put(catalog, "a", DATA).url();
        assertRefused(img.id(), InvalidInputException.class, "disk_format and container_format",
                () -> service.addLocation(img.id(), url, null));
    }

    @Test
    void addingAndRemovingAnnounceAnUpdateAndAnActivationOnlyWhenTheImageBecameActive() throws Exception {
        List<String> types = new java.util.concurrent.CopyOnWriteArrayList<>();
        catalog = ImageCatalog.builder().settings(Map.of("metadata.type", "memory", "stores", "a,b",
                "stores.default", "a", "store.a.type", "memory", "store.b.type", "memory"))
                .listener(e -> types.add(e.type() + " " + e.subjectId())).build();
        alice = catalog.images(RequestContext.member("p1", "alice"));
        service = catalog.images(SERVICE);
        admin = catalog.images(RequestContext.admin("ops", "root"));
        Image img = queued();
        String first = put(catalog, "a", DATA).url();
        String second = put(catalog, "b", DATA).url();
        assertThatThrownBy(() -> service.addLocation(img.id(), first, new LocationValidation(null, "sha512",
                hexQuiet("SHA-512", new byte[1])))).isInstanceOf(InvalidInputException.class);
        service.addLocation(img.id(), first, null);
        service.addLocation(img.id(), second, null);
        admin.removeLocation(img.id(), first);
        assertThat(catalog.awaitEvents(java.time.Duration.ofSeconds(10))).isTrue();
        String id = " " + img.id();
        assertThat(types).containsExactly("image.create" + id, "image.update" + id, "image.activate" + id,
                "image.update" + id, "image.update" + id);
    }

    // ---------------------------------------------------------------- which URLs

    @Test
    void aUrlNoStoreHoldsOrAnEmptyOrMissingObjectIsAnInvalidLocation() throws Exception {
        open(Map.of());
        Image img = queued();
        String key = put(catalog, "a", DATA).key();
        for (String url : List.of("memory://c/" + key, "s3://a/" + key, "not a url", "http://example.com/x.img")) {
            assertRefused(img.id(), InvalidInputException.class, "Invalid location",
                    () -> service.addLocation(img.id(), url, null));
        }
        assertRefused(img.id(), InvalidInputException.class, "holds no object",
                () -> service.addLocation(img.id(), "memory://a/" + key + "-missing", null));
        String empty = put(catalog, "a", new byte[0]).url();
        assertRefused(img.id(), InvalidInputException.class, "reports no data",
                () -> service.addLocation(img.id(), empty, null));
        assertRefused(img.id(), InvalidInputException.class, "'..' segments",
                () -> service.addLocation(img.id(), "memory://a/x/../" + key, null));
    }

    @Test
    void bytesBeyondTheSizeCapAreTooLarge() throws Exception {
        open(Map.of("image.size-cap", "16B"));
        Image img = queued();
        String url = put(catalog, "a", DATA).url();
        assertRefused(img.id(), TooLargeException.class, "size cap", () -> service.addLocation(img.id(), url, null));
    }

    // ---------------------------------------------------------------- add to an active image

    @Test
    void anActiveImageTakesASecondCopyOfItsBytesListedInReadOrder() throws Exception {
        open(Map.of());
        Image img = active();
        StoreLocation first = img.activeLocations().get(0);
        StoreLocation copy = put(catalog, "b", DATA);

        Image out = service.addLocation(img.id(), copy.url(), valid(DATA));

        assertThat(out.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(out.stores()).containsExactlyInAnyOrder("a", "b");
        assertThat(service.locations(img.id())).as("b weighs more: read first")
                .containsExactly(ImageLocation.active(copy), ImageLocation.active(first));
        assertThat(out.checksum()).isEqualTo(img.checksum());
        assertThat(out.size()).isEqualTo(img.size());
    }

    @Test
    void fetchingLocationsIsForServicesAndAdministrators() throws Exception {
        open(Map.of());
        Image img = active();
        assertThat(alice.locations(img.id())).as("get_image_location: the owner's readers")
                .isEqualTo(service.fetchLocations(img.id()));
        assertThatThrownBy(() -> alice.fetchLocations(img.id())).isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("locations");
        assertThat(admin.fetchLocations(img.id())).extracting(ImageLocation::location)
                .containsExactlyElementsOf(img.activeLocations());
        ImageService other = catalog.images(RequestContext.member("p2", "bob"));
        assertThatThrownBy(() -> other.fetchLocations(img.id())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void aSecondLocationMustHaveTheImagesSizeAndAgreeWithItsChecksums() throws Exception {
        open(Map.of());
        Image img = active();
        byte[] longer = (new String(DATA, StandardCharsets.UTF_8) + "!").getBytes(StandardCharsets.UTF_8);
        String wrongSize = put(catalog, "b", longer).url();
        assertRefused(img.id(), InvalidInputException.class, "Invalid location",
                () -> service.addLocation(img.id(), wrongSize, null));
        byte[] sameSize = DATA.clone();
        sameSize[0] ^= 1;
        String url = put(catalog, "b", sameSize).url();
        LocationValidation claimsOther = valid(sameSize);
        assertRefused(img.id(), ConflictException.class, "already set with a different value",
                () -> service.addLocation(img.id(), url, claimsOther));
        assertRefused(img.id(), ConflictException.class, "checksum of image",
                () -> service.addLocation(img.id(), url, new LocationValidation(hexQuiet("MD5", sameSize), null, null)));
    }

    @Test
    void validationDataCanSetChecksumsOnlyWhileQueued() throws Exception {
        open(Map.of());
        Image img = active();
        // an active image whose record lacks a checksum (written by another tool): a new value is refused
        catalog.backends().metadataRepository().update(catalog.backends().metadataRepository().find(img.id())
                .orElseThrow().toBuilder().checksum(null).build());
        String url = put(catalog, "b", DATA).url();
        assertRefused(img.id(), ConflictException.class, "only while it is queued",
                () -> service.addLocation(img.id(), url, new LocationValidation(hexQuiet("MD5", DATA), null, null)));
    }

    @Test
    void activatingAnImageThroughALocationCountsAgainstTheOwnersStorageQuota() throws Exception {
        open(Map.of("quota.image-size-total", "60B", "image.show-multiple-locations", "true"));
        Image first = service.addLocation(queued().id(), put(catalog, "a", DATA).url(), null);
        assertThat(first.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(alice.usage()).filteredOn(u -> u.name().equals("image_size_total")).singleElement()
                .satisfies(u -> assertThat(u.usage()).isEqualTo(DATA.length));
        Image second = queued();
        String url = put(catalog, "b", DATA).url();
        assertRefused(second.id(), TooLargeException.class, "image_size_total",
                () -> service.addLocation(second.id(), url, null));
        assertRefused(second.id(), TooLargeException.class, "image_size_total", () -> alice.update(second.id(),
                dev.imagecatalog.image.ImagePatch.builder().add("/locations/-",
                        dev.imagecatalog.image.ImagePatch.location(url, null)).build()));
        admin.delete(first.id());
        assertThat(service.addLocation(second.id(), url, null).status()).as("room again").isEqualTo(
                ImageStatus.ACTIVE);
    }

    @Test
    void aDuplicateLocationIsInvalid() throws Exception {
        open(Map.of());
        Image img = active();
        String url = img.activeLocations().get(0).url();
        assertRefused(img.id(), InvalidInputException.class, "Duplicate location",
                () -> service.addLocation(img.id(), url, null));
    }

    @Test
    void theLocationLimitIsAQuota() throws Exception {
        open(Map.of("limit.image-locations", "1"));
        Image img = active();
        String url = put(catalog, "b", DATA).url();
        assertRefused(img.id(), TooLargeException.class, "limit.image-locations",
                () -> service.addLocation(img.id(), url, null));
    }

    @Test
    void onlyAQueuedOrActiveImageTakesALocation() throws Exception {
        open(Map.of());
        Image img = active();
        admin.deactivate(img.id());
        String url = put(catalog, "b", DATA).url();
        assertRefused(img.id(), ConflictException.class, "queued or active",
                () -> admin.addLocation(img.id(), url, null));
    }

    @Test
    void anImageReceivingAnUploadTakesNoLocationAndTheUploadWins() throws Exception {
        open(Map.of("store.a.type", "faulty", "store.a.delegate.type", "memory"));
        FaultyImageStore faulty = (FaultyImageStore) catalog.backends().stores().get("a");
        Image img = queued();
        String url = put(catalog, "b", DATA).url();
        faulty.inject(FaultyImageStore.Fault.BLOCK_ON_WRITE, 0);
        java.util.concurrent.CompletableFuture<Image> upload = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> alice.upload(img.id(), new ByteArrayInputStream(DATA)));
        try {
            assertThat(faulty.awaitBlocked(10)).isTrue();
            assertRefused(img.id(), ConflictException.class, "queued or active",
                    () -> service.addLocation(img.id(), url, null));
        } finally {
            faulty.release();
        }
        Image uploaded = upload.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(uploaded.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(uploaded.stores()).containsExactly("a");
    }

    @Test
    void addingIsForServicesTheOwnerAndAdminsAndOnlyServicesAddStoreLocations() throws Exception {
        open(Map.of());
        Image img = queued();
        String url = put(catalog, "b", DATA).url();
        assertRefused(img.id(), ForbiddenException.class, "only a service",
                () -> alice.addLocation(img.id(), url, null));
        assertRefused(img.id(), ForbiddenException.class, "add_image_location",
                () -> catalog.images(RequestContext.reader("p1", "rita")).addLocation(img.id(), url, null));
        assertRefused(img.id(), NotFoundException.class, img.id(),
                () -> catalog.images(RequestContext.member("p2", "bob")).addLocation(img.id(), url, null));
        assertThat(admin.addLocation(img.id(), url, null).status()).isEqualTo(ImageStatus.ACTIVE);
    }

    // ---------------------------------------------------------------- list

    @Test
    void listingIsGetImageLocationAndHidesADeactivatedImagesLocationsFromNonAdmins() throws Exception {
        open(Map.of());
        Image img = active();
        StoreLocation loc = img.activeLocations().get(0);
        assertThat(catalog.images(RequestContext.reader("p1", "rita")).locations(img.id()))
                .containsExactly(ImageLocation.active(loc));
        alice.update(img.id(), dev.imagecatalog.image.ImagePatch.builder().replace("visibility", "community").build());
        assertThatThrownBy(() -> catalog.images(RequestContext.member("p2", "bob")).locations(img.id()))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("get_image_location");
        assertThatThrownBy(() -> catalog.images(RequestContext.member("p2", "bob")).locations(UUID.randomUUID()
                .toString())).isInstanceOf(NotFoundException.class);
        alice.deactivate(img.id());
        assertThat(alice.locations(img.id())).isEmpty();
        assertThat(admin.locations(img.id())).containsExactly(ImageLocation.active(loc));
    }

    // ---------------------------------------------------------------- remove

    @Test
    void removingALocationDeletesItsBytesAndKeepsTheOthers() throws Exception {
        open(Map.of());
        Image img = active();
        StoreLocation first = img.activeLocations().get(0);
        StoreLocation copy = put(catalog, "b", DATA);
        service.addLocation(img.id(), copy.url(), null);

        Image out = admin.removeLocation(img.id(), copy.url());

        assertThat(out.activeLocations()).containsExactly(first);
        assertThat(out.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(catalog.backends().stores().get("b").exists(copy)).isFalse();
        assertThat(catalog.backends().stores().get("a").exists(first)).isTrue();
        assertThat(download(alice, img.id())).isEqualTo(DATA);
    }

    @Test
    void removeRefusesTheLastLocationAQueuedImageAnUnknownUrlAndNonAdmins() throws Exception {
        open(Map.of());
        Image img = active();
        StoreLocation first = img.activeLocations().get(0);
        assertRefused(img.id(), ForbiddenException.class, "last location",
                () -> admin.removeLocation(img.id(), first.url()));
        StoreLocation copy = put(catalog, "b", DATA);
        service.addLocation(img.id(), copy.url(), null);
        assertRefused(img.id(), NotFoundException.class, "has no location",
                () -> admin.removeLocation(img.id(), "memory://b/elsewhere"));
        assertRefused(img.id(), ForbiddenException.class, "delete_image_location",
                () -> alice.removeLocation(img.id(), copy.url()));
        admin.deactivate(img.id());
        assertRefused(img.id(), ConflictException.class, "only from an active image",
                () -> admin.removeLocation(img.id(), copy.url()));
        assertThat(catalog.backends().stores().get("b").exists(copy)).as("refusals keep the bytes").isTrue();
        Image q = queued();
        assertRefused(q.id(), ConflictException.class, "only from an active image",
                () -> admin.removeLocation(q.id(), copy.url()));
    }

    @Test
    void bytesAnotherImageStillListsAreKeptWhenALocationOrAnImageGoes() throws Exception {
        open(Map.of());
        Image x = active();
        StoreLocation shared = x.activeLocations().get(0);
        ImageStore a = catalog.backends().stores().get("a");
        Image y = service.addLocation(queued().id(), shared.url(), null);
        StoreLocation copy = put(catalog, "b", DATA);
        service.addLocation(y.id(), copy.url(), null);

        admin.removeLocation(y.id(), shared.url());
        assertThat(a.exists(shared)).as("x still lists it").isTrue();
        Image z = service.addLocation(queued().id(), shared.url(), null);
        admin.delete(z.id());
        assertThat(a.exists(shared)).as("x still lists it").isTrue();
        assertThat(download(alice, x.id())).isEqualTo(DATA);

        admin.delete(x.id());
        assertThat(a.exists(shared)).as("nobody lists it").isFalse();
        admin.delete(y.id());
        assertThat(catalog.backends().stores().get("b").exists(copy)).isFalse();
    }

    @Test
    void aReadOnlyStoresBytesStayWhenItsLocationIsRemoved() throws Exception {
        open(Map.of("store.b.read-only", "true"));
        Image img = active();
        StoreLocation copy = put(catalog, "b", DATA);
        service.addLocation(img.id(), copy.url(), null);
        admin.removeLocation(img.id(), copy.url());
        assertThat(catalog.backends().stores().get("b").exists(copy)).isTrue();
        assertThat(admin.get(img.id()).stores()).containsExactly("a");
    }

    @Test
    void anImageWithoutVisibilityToTheCallerIsNotFound() throws Exception {
        open(Map.of());
        Image img = active();
        assertThat(img.visibility()).isEqualTo(Visibility.SHARED);
        ImageService bob = catalog.images(new RequestContext("p2", "bob", Set.of("service", "member", "reader")));
        assertRefused(img.id(), NotFoundException.class, img.id(), () -> bob.locations(img.id()));
        assertRefused(img.id(), NotFoundException.class, img.id(),
                () -> bob.removeLocation(img.id(), img.activeLocations().get(0).url()));
    }

    private static String hexQuiet(String algo, byte[] data) {
        try {
            return hex(algo, data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
