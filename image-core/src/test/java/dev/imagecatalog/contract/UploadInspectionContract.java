package dev.imagecatalog.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.error.UnsupportedMediaException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.recovery.RecoveryReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Format inspection in the upload, on the store under test: an image with {@code container_format = bare} is
 * inspected while it streams; an unsafe one is refused with {@link UnsupportedMediaException} before commit,
 * leaving nothing in the store and the image {@code queued}; a safe one gets its virtual size. Claimed versus
 * detected formats follow Glance's table. A module extends this class with a catalog over its store.
 */
public abstract class UploadInspectionContract {
    @TempDir
    static Path dir;
    private static List<ImageCorpus.Safe> safe;
    private static List<ImageCorpus.Unsafe> unsafe;

    /** A fresh catalog (memory metadata, the store under test as the only store) with {@code settings} added. */
    protected abstract ImageCatalog createCatalog(Map<String, String> settings) throws Exception;

    @BeforeAll
    static void corpus() throws IOException {
        ImageCorpus corpus = ImageCorpus.in(dir);
        safe = corpus.safe();
        unsafe = corpus.unsafe();
    }

    /** Small buffers, so most of the corpus goes through the streaming path with its workers. */
    private ImageCatalog catalog(Map<String, String> extra) throws Exception {
        Map<String, String> s = new HashMap<>();
        s.put("formats.disk", "ami,ari,aki,vhd,vhdx,vmdk,raw,qcow2,vdi,iso,ploop,gpt,luks,qed");
        s.put("upload.buffer-size", "64KiB");
        s.put("upload.buffers", "4");
        s.putAll(extra);
        return createCatalog(s);
    }

    private static Image upload(ImageService images, Path file, String diskFormat, String containerFormat)
            throws IOException {
        Image img = images.create(ImageDraft.builder().name(file.getFileName().toString()).diskFormat(diskFormat)
                .containerFormat(containerFormat).build());
        try (InputStream in = Files.newInputStream(file)) {
            return images.upload(img.id(), in);
        }
    }

    private static ImageService alice(ImageCatalog c) {
        return c.images(RequestContext.member("project-a", "alice"));
    }

    /** Nothing of a refused upload stays: no object, no leftover of a write, no image to reset. */
    private static void assertNothingLeftBehind(ImageCatalog c) {
        RecoveryReport plan = c.recoveryPlan();
        assertThat(plan.removedObjects()).as("objects a sweep would remove").isEmpty();
        assertThat(plan.resetImageIds()).as("images a sweep would reset").isEmpty();
        assertThat(plan.incompleteWritesSwept()).isZero();
    }

    @Test
    void everyUnsafeImageIsRefusedBeforeCommitWithNothingLeftBehind() throws Exception {
        try (ImageCatalog c = catalog(Map.of())) {
            ImageService images = alice(c);
            SoftAssertions soft = new SoftAssertions();
            for (ImageCorpus.Unsafe u : unsafe) {
                for (String claimed : List.of("raw", claimedFor(u))) {
                    Image img = images.create(ImageDraft.builder().name(u.name()).diskFormat(claimed)
                            .containerFormat("bare").build());
                    try (InputStream in = Files.newInputStream(u.file())) {
                        soft.assertThatThrownBy(() -> images.upload(img.id(), in)).as(u.name() + " as " + claimed)
                                .isInstanceOf(UnsupportedMediaException.class).hasMessageContaining(u.check())
                                .hasMessageContaining(img.id());
                    }
                    Image after = images.get(img.id());
                    soft.assertThat(after.status()).as(u.name()).isEqualTo(ImageStatus.QUEUED);
                    soft.assertThat(after.size()).as(u.name()).isNull();
                    soft.assertThat(after.virtualSize()).as(u.name()).isNull();
                    soft.assertThat(after.locations()).as(u.name()).isEmpty();
                }
            }
            soft.assertAll();
            assertNothingLeftBehind(c);
        }
    }

    /** The format an attacker would claim: the one the file pretends to be. */
    private static String claimedFor(ImageCorpus.Unsafe u) {
        String n = u.name();
        for (String f : List.of("qcow2", "qed", "vmdk", "vhdx", "vhd", "gpt", "mbr", "luks", "vdi", "iso")) {
            if (n.startsWith(f)) {
                return f.equals("mbr") ? "gpt" : f;
            }
        }
        return "raw";
    }

    @Test
    void safeImagesOfEveryFormatGetTheirVirtualSize() throws Exception {
        Map<String, ImageCorpus.Safe> onePerFormat = new LinkedHashMap<>();
        for (ImageCorpus.Safe s : safe) {
            if (Files.size(s.file()) <= (16 << 20)) {
                onePerFormat.merge(s.format(), s, (a, b) -> s.name().startsWith("data-") ? b : a);
            }
        }
        assertThat(onePerFormat.keySet()).containsExactlyInAnyOrder("raw", "qcow2", "vhd", "vhdx", "vmdk", "vdi",
                "iso", "gpt", "luks");
        try (ImageCatalog c = catalog(Map.of())) {
            ImageService images = alice(c);
            for (ImageCorpus.Safe s : onePerFormat.values()) {
                Image active = upload(images, s.file(), s.format(), "bare");
                assertThat(active.status()).as(s.name()).isEqualTo(ImageStatus.ACTIVE);
                assertThat(active.virtualSize()).as(s.name()).isEqualTo(s.virtualSize());
                assertThat(active.size()).as(s.name()).isEqualTo(Files.size(s.file()));
                assertThat(images.get(active.id()).virtualSize()).isEqualTo(s.virtualSize());
            }
            assertNothingLeftBehind(c);
        }
    }

    @Test
    void claimedAndDetectedFormatsFollowGlancesTable() throws Exception {
        Path qcow2 = find("data-qcow2");
        Path raw = find("data-raw");
        try (ImageCatalog c = catalog(Map.of())) {
            ImageService images = alice(c);
            Image asRaw = upload(images, qcow2, "raw", "bare");
            assertThat(asRaw.status()).isEqualTo(ImageStatus.ACTIVE);
            assertThat(asRaw.virtualSize()).as("claimed raw: the bytes").isEqualTo(Files.size(qcow2));
            Image ploop = upload(images, raw, "ploop", "bare");
            assertThat(ploop.status()).isEqualTo(ImageStatus.ACTIVE);
            assertThat(ploop.virtualSize()).as("not inspectable: no virtual size").isNull();
            assertThatThrownBy(() -> upload(images, qcow2, "vmdk", "bare"))
                    .isInstanceOf(UnsupportedMediaException.class).hasMessageContaining("vmdk")
                    .hasMessageContaining("qcow2");
            assertThatThrownBy(() -> upload(images, raw, "qcow2", "bare"))
                    .isInstanceOf(UnsupportedMediaException.class).hasMessageContaining("raw");
            assertThatThrownBy(() -> upload(images, qcow2, "ami", "bare"))
                    .isInstanceOf(UnsupportedMediaException.class).hasMessageContaining("ami");
            Image ovf = upload(images, unsafeFile("qcow2-backing-file"), "qcow2", "ovf");
            assertThat(ovf.status()).as("only bare containers are inspected, as Glance").isEqualTo(ImageStatus.ACTIVE);
            assertThat(ovf.virtualSize()).isNull();
            assertThat(images.list(dev.imagecatalog.image.ImageQuery.builder().build()).items())
                    .extracting(Image::status).filteredOn(s -> s != ImageStatus.ACTIVE)
                    .containsOnly(ImageStatus.QUEUED);
            assertNothingLeftBehind(c);
        }
    }

    @Test
    void aMismatchIsOnlyWarnedWithoutRequireMatchButSafetyStillRefuses() throws Exception {
        try (ImageCatalog c = catalog(Map.of("format.require-match", "false"))) {
            ImageService images = alice(c);
            Image vmdk = upload(images, find("data-qcow2"), "vmdk", "bare");
            assertThat(vmdk.status()).isEqualTo(ImageStatus.ACTIVE);
            assertThat(vmdk.virtualSize()).isNull();
            assertThatThrownBy(() -> upload(images, unsafeFile("qcow2-data-file"), "vmdk", "bare"))
                    .isInstanceOf(UnsupportedMediaException.class).hasMessageContaining("data_file");
            assertThatThrownBy(() -> upload(images, unsafeFile("vmdk-and-iso"), "iso", "bare"))
                    .isInstanceOf(UnsupportedMediaException.class).hasMessageContaining("multiple_formats");
            assertNothingLeftBehind(c);
        }
    }

    @Test
    void gptChecksNamedNonFatalOnlyWarn() throws Exception {
        Path badMbr = unsafeFile("gpt-protective-lba");
        try (ImageCatalog strict = catalog(Map.of())) {
            assertThatThrownBy(() -> upload(alice(strict), badMbr, "gpt", "bare"))
                    .isInstanceOf(UnsupportedMediaException.class).hasMessageContaining("mbr");
        }
        try (ImageCatalog lenient = catalog(Map.of("format.gpt-safety-nonfatal", "mbr"))) {
            ImageService images = alice(lenient);
            Image gpt = upload(images, badMbr, "gpt", "bare");
            assertThat(gpt.status()).isEqualTo(ImageStatus.ACTIVE);
            assertThat(gpt.virtualSize()).isEqualTo(Files.size(badMbr));
            assertThatThrownBy(() -> upload(images, unsafeFile("qcow2-backing-file"), "qcow2", "bare"))
                    .as("only gpt checks can be made non-fatal").isInstanceOf(UnsupportedMediaException.class);
        }
    }

    private static Path find(String name) {
        return safe.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().file();
    }

    private static Path unsafeFile(String name) {
        return unsafe.stream().filter(u -> u.name().equals(name)).findFirst().orElseThrow().file();
    }
}
