package dev.imagecatalog.metadata.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.contract.FaultyImageStore;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.spi.WriteIntent;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Several catalog instances on one PostgreSQL database (which is not exclusive to a process): they share one catalog
 * id; one instance's start-up recovery leaves another's upload in flight alone; a restarted instance with the same
 * {@code catalog.instance} knows at once that its old intents are dead.
 */
class PostgresRecoveryTest {
    @RegisterExtension
    static final ClassDatabase DB = new ClassDatabase(TestDatabase.Kind.POSTGRES);

    private final List<ImageCatalog> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(ImageCatalog::close);
    }

    private ImageCatalog instance(Map<String, String> metadata, String name) {
        Map<String, String> s = new HashMap<>(metadata);
        s.put("stores", "mem");
        s.put("store.mem.type", "faulty");
        s.put("store.mem.delegate.type", "memory");
        s.put("catalog.instance", name);
        ImageCatalog c = ImageCatalog.builder().settings(s).build();
        opened.add(c);
        return c;
    }

    private static Image queued(ImageService s) {
        return s.create(ImageDraft.builder().name("i").diskFormat("raw").containerFormat("bare").build());
    }

    @Test
    void aStartingInstanceLeavesAnotherInstancesUploadAlone() throws Exception {
        Map<String, String> metadata = DB.get().freshCatalogSettings();
        ImageCatalog a = instance(metadata, "host-a");
        ImageService alice = a.images(RequestContext.member("p1", "alice"));
        Image img = queued(alice);
        FaultyImageStore store = (FaultyImageStore) a.backends().stores().get("mem");
        store.inject(FaultyImageStore.Fault.BLOCK_ON_WRITE, 0);
        CompletableFuture<Image> upload = CompletableFuture.supplyAsync(
                () -> alice.upload(img.id(), new ByteArrayInputStream(new byte[1000])));
        assertThat(store.awaitBlocked(10)).isTrue();

        ImageCatalog b = instance(metadata, "host-b"); // its start-up recovery runs now
        assertThat(b.catalogId()).isEqualTo(a.catalogId());
        assertThat(b.backends().metadataRepository().find(img.id()).orElseThrow().status()).isEqualTo(ImageStatus.SAVING);
        assertThat(b.backends().metadataRepository().writeIntents()).singleElement().extracting(WriteIntent::instance)
                .isEqualTo("host-a");
        assertThat(b.recover().resetImageIds()).isEmpty();

        store.release();
        assertThat(upload.get(20, TimeUnit.SECONDS).status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(b.backends().metadataRepository().writeIntents()).isEmpty();
    }

    @Test
    void aRestartedInstanceKnowsItsOwnOldIntentsAreDead() {
        Map<String, String> metadata = DB.get().freshCatalogSettings();
        ImageCatalog first = instance(metadata, "host-c");
        Image img = queued(first.images(RequestContext.member("p1", "alice")));
        Image current = first.backends().metadataRepository().find(img.id()).orElseThrow();
        first.backends().metadataRepository().update(current.toBuilder().status(ImageStatus.SAVING).build());
        Instant now = Instant.now();
        // what host-c left when it was killed mid-upload a moment ago
        first.backends().metadataRepository().recordWriteIntent(new WriteIntent(UUID.randomUUID().toString(), img.id(), "mem",
                "host-c", now, now));
        first.close();

        ImageCatalog other = instance(metadata, "host-d"); // another instance: the intent is fresh, so live
        assertThat(other.backends().metadataRepository().find(img.id()).orElseThrow().status()).isEqualTo(ImageStatus.SAVING);

        ImageCatalog restarted = instance(metadata, "host-c"); // the same instance: its old intent is dead
        assertThat(restarted.backends().metadataRepository().find(img.id()).orElseThrow().status()).isEqualTo(ImageStatus.QUEUED);
        assertThat(restarted.backends().metadataRepository().writeIntents()).isEmpty();
    }
}
