package dev.imagecatalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.data.ImageData;
import dev.imagecatalog.error.ForbiddenException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageQuery;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.QuotaUsage;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.recovery.Scrubber;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Delayed delete, the scrubber and restore. */
class ScrubberTest {
    private static final byte[] DATA = "delayed delete data".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private static ImageCatalog catalog(Map<String, String> settings) {
        return ImageCatalog.builder().setting("metadata.type", "memory").setting("stores", "mem")
                .setting("store.mem.type", "memory").setting("delete.delayed", "true").settings(settings).build();
    }

    private static List<StoreLocation> stored(ImageCatalog c) throws IOException {
        List<StoreLocation> all = new ArrayList<>();
        c.backends().stores().get("mem").forEachOwned(o -> {
            if (o.committed()) {
                all.add(o.location());
            }
        });
        return all;
    }

    private static Image activeImage(ImageService s) {
        Image img = s.create(ImageDraft.builder().name("d").diskFormat("raw").containerFormat("bare").build());
        return s.upload(img.id(), new ByteArrayInputStream(DATA));
    }

    @Test
    void deleteKeepsDataUntilTheScrubberRuns() throws Exception {
        try (ImageCatalog c = catalog(Map.of())) {
            ImageService alice = c.images(RequestContext.member("p1", "alice"));
            Image img = activeImage(alice);
            alice.delete(img.id());
            assertThatThrownBy(() -> alice.get(img.id())).isInstanceOf(NotFoundException.class);
            assertThat(alice.list(ImageQuery.builder().allVisibilities().build()).items()).isEmpty();
            assertThat(c.backends().metadataRepository().findPendingDelete(img.id())).isPresent();
            assertThat(stored(c)).hasSize(1);
            for (QuotaUsage u : alice.usage()) {
                if (u.name().equals("image_count_total") || u.name().equals("image_size_total")) {
                    assertThat(u.usage()).as(u.name()).isZero(); // pending_delete is not counted, as in Glance
                }
            }
            // an image without data is deleted at once
            Image empty = alice.create(ImageDraft.builder().build());
            alice.delete(empty.id());
            assertThat(c.backends().metadataRepository().findPendingDelete(empty.id())).isEmpty();

            Scrubber.Report r = c.scrubber().runOnce();
            assertThat(r.imagesScrubbed()).isEqualTo(1);
            assertThat(r.imagesKept()).isZero();
            assertThat(stored(c)).isEmpty();
            assertThat(c.backends().metadataRepository().findPendingDelete(img.id())).isEmpty();
            assertThat(c.backends().metadataRepository().findByStatus(ImageStatus.DELETED, 10)).extracting(Image::id)
                    .contains(img.id());
            assertThatThrownBy(() -> c.scrubber().restore(img.id())).isInstanceOf(NotFoundException.class);
            assertThat(c.scrubber().runOnce()).isEqualTo(new Scrubber.Report(0, 0, 0));
        }
    }

    @Test
    void scrubbingAnImageKeepsBytesAnotherImageStillLists() throws Exception {
        try (ImageCatalog c = catalog(Map.of("image.show-multiple-locations", "true"))) {
            ImageService alice = c.images(RequestContext.member("p1", "alice"));
            ImageService admin = c.images(RequestContext.admin("p1", "root"));
            Image first = activeImage(alice);
            String url = first.activeLocations().get(0).url();
            Image second = alice.create(ImageDraft.builder().name("twin").diskFormat("raw").containerFormat("bare")
                    .build());
            admin.addLocation(second.id(), url, dev.imagecatalog.image.LocationValidation.NONE);
            alice.delete(first.id());

            Scrubber.Report r = c.scrubber().runOnce();
            assertThat(r.imagesScrubbed()).isEqualTo(1);
            assertThat(stored(c)).extracting(StoreLocation::url).containsExactly(url);
            try (ImageData d = alice.download(second.id())) {
                assertThat(d.stream().readAllBytes()).isEqualTo(DATA);
            }
            alice.delete(second.id());
            c.scrubber().runOnce();
            assertThat(stored(c)).isEmpty();
        }
    }

    @Test
    void theDelayKeepsRecentDeletesAndRestoreBringsThemBack() throws Exception {
        try (ImageCatalog c = catalog(Map.of("scrubber.delay", "1h"))) {
            ImageService alice = c.images(RequestContext.member("p1", "alice"));
            Image img = activeImage(alice);
            alice.delete(img.id());
            Scrubber.Report r = c.scrubber().runOnce();
            assertThat(r.imagesScrubbed()).isZero();
            assertThat(r.imagesKept()).isEqualTo(1);
            assertThat(stored(c)).hasSize(1);
            Image restored = c.scrubber().restore(img.id().toUpperCase(java.util.Locale.ROOT));
            assertThat(restored.status()).as("restore takes the id in any case").isEqualTo(ImageStatus.ACTIVE);
            assertThat(restored.id()).isEqualTo(img.id());
            try (ImageData d = alice.download(img.id()); InputStream in = d.stream()) {
                assertThat(in.readAllBytes()).isEqualTo(DATA);
            }
            assertThatThrownBy(() -> c.scrubber().restore(img.id())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> c.scrubber().restore("no-such-image")).isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    void theScrubberAlsoSweepsOrphanedData() throws Exception {
        try (ImageCatalog c = catalog(Map.of("recovery.on-start", "false"))) {
            ImageService alice = c.images(RequestContext.member("p1", "alice"));
            Image kept = activeImage(alice);
            ImageStore store = c.backends().stores().get("mem");
            ImageWriter w = store.openWriter("orphan-" + java.util.UUID.randomUUID(), 3);
            w.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            w.commit();
            assertThat(stored(c)).hasSize(2);
            Scrubber.Report r = c.scrubber().runOnce();
            assertThat(r.orphansDeleted()).isEqualTo(1);
            assertThat(stored(c)).containsExactlyElementsOf(alice.get(kept.id()).activeLocations());
        }
    }

    @Test
    void periodicScrubbingRunsOnTheCatalogsThreads() throws Exception {
        try (ImageCatalog c = catalog(Map.of("scrubber.interval", "50ms"))) {
            ImageService alice = c.images(RequestContext.member("p1", "alice"));
            Image img = activeImage(alice);
            alice.delete(img.id());
            long deadline = System.nanoTime() + 10_000_000_000L;
            // the scrubber removes the data, then marks the image deleted: wait for both
            while ((!stored(c).isEmpty() || c.backends().metadataRepository().findPendingDelete(img.id()).isPresent())
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(stored(c)).isEmpty();
            assertThat(c.backends().metadataRepository().findPendingDelete(img.id())).isEmpty();
        }
    }

    @Test
    void protectedImagesStayAndDeactivatedDownloadsAreForAdminsOnly() throws Exception {
        try (ImageCatalog c = catalog(Map.of())) {
            ImageService alice = c.images(RequestContext.member("p1", "alice"));
            Image img = activeImage(alice);
            alice.update(img.id(), dev.imagecatalog.image.ImagePatch.builder().replace("protected", true).build());
            assertThatThrownBy(() -> alice.delete(img.id())).isInstanceOf(ForbiddenException.class);
            alice.deactivate(img.id());
            assertThatThrownBy(() -> alice.download(img.id())).isInstanceOf(ForbiddenException.class);
            try (ImageData d = c.images(RequestContext.admin("ops", "root")).download(img.id());
                 InputStream in = d.stream()) {
                assertThat(in.readAllBytes()).isEqualTo(DATA);
            }
            alice.reactivate(img.id());
            try (ImageData d = alice.download(img.id()); InputStream in = d.stream()) {
                assertThat(in.readAllBytes()).isEqualTo(DATA);
            }
        }
    }
}
