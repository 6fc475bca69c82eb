package dev.imagecatalog.store.swift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.RequestContext;
import dev.imagecatalog.contract.CrashRecoveryContract;
import dev.imagecatalog.contract.SeededBytes;
import dev.imagecatalog.contract.UploadCrashChild;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageService;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A catalog taking over a container Glance wrote: a plain image object named by its id, a dynamic large object as
 * Glance writes it (segments {@code <id>-00001}, {@code <id>-00002} and a manifest {@code <id>} in the same
 * container), a note, and a second catalog's active image (1 MiB segments). The catalog starts twice (start-up
 * recovery) and runs its scrubber (the orphan sweep) with an image of its own: every object of Glance is still there
 * and the other catalog's image is still active with all its bytes.
 */
class SwiftSharedContainerTest {
    private static final String GLANCE_IMAGE = "0f3c5a2e-9d41-4b6a-8e27-5c1d3b9a7f60";
    private static final String GLANCE_DLO = "7a9e1c43-2b5d-4f08-96e1-3d8c0b2f4a17";

    @TempDir
    Path dir;

    private String container;
    private Map<String, String> store;
    private RawSwiftAccount account;

    @BeforeEach
    void containerGlanceWrote() {
        container = SwiftTestSupport.uniqueContainer("shared");
        store = SwiftTestSupport.tempAuthSettings(container);
        store.put("segment-size", "1MiB");
        account = new RawSwiftAccount(store);
        account.createContainer(container);
        account.put(container, GLANCE_IMAGE, "an image Glance uploaded");
        account.put(container, GLANCE_DLO + "-00001", "first half of a Glance image, ");
        account.put(container, GLANCE_DLO + "-00002", "second half");
        account.put(container, GLANCE_DLO, "", Map.of("X-Object-Manifest", container + "/" + GLANCE_DLO + "-"));
        account.put(container, "notes.txt", "not the catalog's");
    }

    @AfterEach
    void removeContainers() {
        if (account != null) {
            account.deleteContainers(container);
        }
    }

    private Map<String, String> catalog(String name) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("metadata.type", "jdbc");
        s.put("metadata.jdbc.url", "jdbc:h2:file:" + dir.resolve(name));
        s.put("stores", "swift");
        s.put("store.swift.type", "swift");
        store.forEach((k, v) -> s.put("store.swift." + k, v));
        return s;
    }

    private static String upload(ImageCatalog catalog, String name, long seed, long size) {
        ImageService images = catalog.images(RequestContext.member("shared", name));
        Image img = images.create(ImageDraft.builder().name(name).diskFormat("raw").containerFormat("bare")
                .property(UploadCrashChild.SEED, String.valueOf(seed)).build());
        images.upload(img.id(), SeededBytes.stream(seed, size));
        return img.id();
    }

    @Test
    void startUpRecoveryAndScrubberLeaveGlancesObjectsAndAnotherCatalogsDataAlone() throws Exception {
        Map<String, String> other = catalog("other");
        String otherImage;
        try (ImageCatalog b = ImageCatalog.builder().settings(other).build()) {
            otherImage = upload(b, "other-image", 7, (3L << 20) + 5);
        }
        List<String> before = account.everything(container);

        Map<String, String> ours = catalog("ours");
        for (int start = 0; start < 2; start++) {
            try (ImageCatalog a = ImageCatalog.builder().settings(ours).build()) {
                upload(a, "ours-" + start, 10 + start, (1L << 20) + 7);
                a.scrubber().runOnce();
            }
        }
        assertThat(account.everything(container)).as("after a catalog started twice and swept").containsAll(before);
        try (ImageCatalog b = ImageCatalog.builder().settings(other).setting("recovery.on-start", "false").build()) {
            CrashRecoveryContract.assertWhole(b, List.of(otherImage));
        }
    }
}
