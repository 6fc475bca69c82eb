package dev.imagecatalog.store.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.data.ByteRange;
import dev.imagecatalog.data.DownloadOptions;
import dev.imagecatalog.data.ImageData;
import dev.imagecatalog.data.UploadOptions;
import dev.imagecatalog.error.ForbiddenException;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageLocation;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.LocationValidation;
import dev.imagecatalog.image.StoreInfo;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.spi.MetadataRepository;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** A catalog with a memory store "local" and an http store "web" reading a loopback server it allows. */
class HttpStoreCatalogTest {
    private static final byte[] IMAGE = new byte[1024 * 1024 + 3];

    static {
        new Random(7).nextBytes(IMAGE);
    }

    private final ImageHttpServer server;
    private final ImageCatalog catalog;
    private final ImageService images;

    HttpStoreCatalogTest() throws IOException {
        server = new ImageHttpServer().put("/x.img", IMAGE);
        catalog = ImageCatalog.builder().setting("metadata.type", "memory").setting("stores", "local, web")
                .setting("stores.default", "local").setting("store.local.type", "memory")
                .setting("store.web.type", "http").setting("store.web.description", "images on the web")
                .setting("store.web.allowed-networks", "127.0.0.0/8").setting("store.web.allowed-ports", "*")
                .setting("store.web.retry-delay", "0ms").build();
        images = catalog.images(RequestContext.admin("p", "admin"));
    }

    @AfterEach
    void stop() {
        catalog.close();
        server.close();
    }

    private static String hex(String algorithm) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(IMAGE));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Image queued() {
        return images.create(ImageDraft.builder().name("web image").diskFormat("raw").containerFormat("bare").build());
    }

    @Test
    void theHttpStoreIsReadOnly() {
        StoreInfo web = catalog.stores().stream().filter(s -> s.id().equals("web")).findFirst().orElseThrow();
        assertThat(web.readOnly()).isTrue();
        assertThat(web.description()).isEqualTo("images on the web");
        Image img = queued();
        assertThatThrownBy(() -> images.upload(img.id(), new ByteArrayInputStream(IMAGE),
                UploadOptions.builder().store("web").build())).isInstanceOf(ForbiddenException.class);
        assertThat(images.get(img.id()).status()).isEqualTo(ImageStatus.QUEUED);
        assertThat(server.requests).isEmpty();
    }

    /** An image whose only location is an external URL (written through the raw back-end): read, then deleted. */
    @Test
    void anExternalLocationIsReadAndDeletingTheImageLeavesTheUrlAlone() throws IOException {
        Image img = queued();
        MetadataRepository repo = catalog.backends().metadataRepository();
        Image stored = repo.find(img.id()).orElseThrow();
        repo.update(stored.toBuilder().status(ImageStatus.ACTIVE).size((long) IMAGE.length).checksum(hex("MD5"))
                .osHashAlgo("sha512").osHashValue(hex("SHA-512"))
                .activeLocation(new StoreLocation("http", "web", server.url("/x.img"))).build());

        try (ImageData data = images.download(img.id(), DownloadOptions.verified());
             InputStream in = data.stream()) {
            assertThat(in.readAllBytes()).isEqualTo(IMAGE);
        }
        try (ImageData data = images.download(img.id(), DownloadOptions.range(ByteRange.of(10, 19)));
             InputStream in = data.stream()) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(IMAGE, 10, 20));
        }
        assertThat(images.get(img.id()).stores()).containsExactly("web");
        int before = server.requests.size();

        images.delete(img.id());
        catalog.recover();
        assertThat(server.requests).as("deleting and recovering send nothing to the URL").hasSize(before);
        assertThat(server.requests).noneMatch(r -> r.startsWith("DELETE"));
    }

    @Test
    @Disabled("needs ImageService.addLocation (internal/ImageLocations), implemented on the locations branch")
    void addLocationWithValidationMakesAQueuedImageActive() throws IOException {
        Image img = queued();
        String url = server.url("/x.img");
        Image active = images.addLocation(img.id(), url, new LocationValidation(hex("MD5"), "sha512",
                hex("SHA-512")));
        assertThat(active.status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(active.size()).isEqualTo(IMAGE.length);
        assertThat(active.stores()).containsExactly("web");
        List<ImageLocation> locations = images.locations(img.id());
        assertThat(locations).singleElement().satisfies(l -> {
            assertThat(l.location().publicUrl()).isEqualTo(url);
            assertThat(l.location().storeId()).isEqualTo("web");
        });
        try (ImageData data = images.download(img.id(), DownloadOptions.verified());
             InputStream in = data.stream()) {
            assertThat(in.readAllBytes()).isEqualTo(IMAGE);
        }

        Image other = queued();
        assertThatThrownBy(() -> images.addLocation(other.id(), "http://169.254.169.254/latest/meta-data/",
                LocationValidation.NONE)).isInstanceOf(InvalidInputException.class).hasMessageContaining("metadata");
        assertThat(images.get(other.id()).status()).isEqualTo(ImageStatus.QUEUED);

        int before = server.requests.size();
        images.delete(img.id());
        assertThat(server.requests).as("deleting the image sends nothing to the URL").hasSize(before);
    }
}
