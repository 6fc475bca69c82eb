package dev.imagecatalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageLocation;
import dev.imagecatalog.image.LocationStatus;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.recovery.RecoveryReport;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageWriter;
import dev.imagecatalog.spi.MetadataRepository;
import dev.imagecatalog.spi.StoredObject;
import dev.imagecatalog.spi.WriteIntent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The recovery sweep finishing what a copy or a removal from one store left when its process died (their write
 * intents gone stale): a copy's pending location and its bytes, committed or not, and a removal's deleting
 * location and its bytes; and nothing of it while another instance's intent is live. Memory back-ends, two stores.
 */
class StoreCopySweepTest {
    private static final byte[] DATA = "copied bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private final List<ImageCatalog> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(ImageCatalog::close);
    }

    private ImageCatalog catalog() {
        ImageCatalog c = ImageCatalog.builder().settings(Map.of("metadata.type", "memory", "stores", "a,b",
                "stores.default", "a", "store.a.type", "memory", "store.b.type", "memory",
                "catalog.instance", "this-host", "recovery.orphan-grace", "10m",
                "recovery.intent-heartbeat", "1m")).build();
        opened.add(c);
        return c;
    }

    private static Image uploaded(ImageCatalog c) {
        var alice = c.images(RequestContext.member("p1", "alice"));
        Image img = alice.create(ImageDraft.builder().name("i").diskFormat("raw").containerFormat("bare").build());
        return alice.upload(img.id(), new ByteArrayInputStream(DATA));
    }

    private static ImageStore b(ImageCatalog c) {
        return c.backends().stores().get("b");
    }

    private static WriteIntent intent(ImageCatalog c, String imageId, Instant touchedAt) {
        WriteIntent i = new WriteIntent(UUID.randomUUID().toString(), imageId, "b", "dead-host", touchedAt,
                touchedAt);
        c.backends().metadataRepository().recordWriteIntent(i);
        return i;
    }

    private static Image withLocation(ImageCatalog c, String imageId, StoreLocation loc, LocationStatus status) {
        MetadataRepository repo = c.backends().metadataRepository();
        Image current = repo.find(imageId).orElseThrow();
        List<ImageLocation> locations = new ArrayList<>(current.locations());
        locations.add(new ImageLocation(loc, status));
        return repo.update(current.toBuilder().locations(locations).build());
    }

    private static List<StoredObject> owned(ImageStore store) throws IOException {
        List<StoredObject> all = new ArrayList<>();
        store.forEachOwned(all::add);
        return all;
    }

    private static Instant stale() {
        return Instant.now().minus(Duration.ofMinutes(11));
    }

    @Test
    void aDeadCopyWithCommittedBytesLosesItsPendingLocationAndItsBytes() throws Exception {
        ImageCatalog c = catalog();
        Image img = uploaded(c);
        WriteIntent dead = intent(c, img.id(), stale());
        StoreLocation committed;
        try (ImageWriter w = b(c).openWriter(img.id(), DATA.length)) {
            withLocation(c, img.id(), w.location(), LocationStatus.PENDING);
            w.write(ByteBuffer.wrap(DATA));
            committed = w.commit(); // died before the location went active
        }

        RecoveryReport r = c.recover();

        assertThat(r.removedLocations()).containsExactly(committed);
        assertThat(r.orphansDeleted()).isEqualTo(1);
        assertThat(r.removedIntents()).containsExactly(dead);
        assertThat(owned(b(c))).isEmpty();
        Image after = c.backends().metadataRepository().find(img.id()).orElseThrow();
        assertThat(after.locations()).containsExactlyElementsOf(img.locations());
        assertThat(c.backends().metadataRepository().writeIntents()).isEmpty();
        assertThat(c.recover().removedLocations()).isEmpty();
    }

    @Test
    void aDeadCopyCutOffMidWriteLosesItsPendingLocationAndItsLeftover() throws Exception {
        ImageCatalog c = catalog();
        Image img = uploaded(c);
        intent(c, img.id(), stale());
        ImageWriter w = b(c).openWriter(img.id(), DATA.length);
        withLocation(c, img.id(), w.location(), LocationStatus.PENDING);
        w.write(ByteBuffer.wrap(DATA, 0, 4));

        RecoveryReport dryRun = c.recoveryPlan();
        assertThat(dryRun.removedLocations()).containsExactly(w.location());
        assertThat(c.backends().metadataRepository().find(img.id()).orElseThrow().locations()).hasSize(2);

        RecoveryReport r = c.recover();
        assertThat(r.removedLocations()).containsExactly(w.location());
        assertThat(r.incompleteWritesSwept()).isEqualTo(1);
        assertThat(owned(b(c))).isEmpty();
        assertThat(c.backends().metadataRepository().find(img.id()).orElseThrow().locations())
                .containsExactlyElementsOf(img.locations());
    }

    @Test
    void aDeadRemovalFromAStoreIsFinished() throws Exception {
        ImageCatalog c = catalog();
        Image img = uploaded(c);
        StoreLocation inB;
        try (ImageWriter w = b(c).openWriter(img.id(), DATA.length)) {
            w.write(ByteBuffer.wrap(DATA));
            inB = w.commit();
        }
        withLocation(c, img.id(), inB, LocationStatus.DELETING);
        intent(c, img.id(), stale());

        RecoveryReport r = c.recover();

        assertThat(r.removedLocations()).containsExactly(inB);
        assertThat(b(c).exists(inB)).isFalse();
        assertThat(c.backends().metadataRepository().find(img.id()).orElseThrow().stores()).containsExactly("a");
        assertThat(c.backends().metadataRepository().writeIntents()).isEmpty();
    }

    @Test
    void aLiveCopyOfAnotherInstanceIsLeftAlone() throws Exception {
        ImageCatalog c = catalog();
        Image img = uploaded(c);
        intent(c, img.id(), stale()); // an earlier attempt's intent, dead
        intent(c, img.id(), Instant.now()); // the copy in flight
        StoreLocation committed;
        try (ImageWriter w = b(c).openWriter(img.id(), DATA.length)) {
            withLocation(c, img.id(), w.location(), LocationStatus.PENDING);
            w.write(ByteBuffer.wrap(DATA));
            committed = w.commit();
        }

        RecoveryReport r = c.recover();

        assertThat(r.removedLocations()).isEmpty();
        assertThat(r.removedObjects()).isEmpty();
        assertThat(b(c).exists(committed)).isTrue();
        assertThat(c.backends().metadataRepository().find(img.id()).orElseThrow().locations()).hasSize(2);
    }
}
