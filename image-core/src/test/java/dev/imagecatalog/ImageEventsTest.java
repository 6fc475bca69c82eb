package dev.imagecatalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.data.ImageData;
import dev.imagecatalog.event.CatalogEvent;
import dev.imagecatalog.event.CatalogEventListener;
import dev.imagecatalog.event.EventStats;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImagePatch;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.MemberStatus;
import dev.imagecatalog.memory.MemoryMetadefRepository;
import dev.imagecatalog.metadef.MetadefNamespace;
import dev.imagecatalog.metadef.MetadefService;
import dev.imagecatalog.metadef.MetadefServiceFactory;
import dev.imagecatalog.policy.RequestContext;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Glance's notifications through the CatalogEventListener SPI. */
class ImageEventsTest {
    private static final byte[] DATA = "some image bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private static ImageCatalog.Builder builder(Map<String, String> settings) {
        return ImageCatalog.builder().setting("metadata.type", "memory").setting("stores", "mem")
                .setting("store.mem.type", "memory").settings(settings);
    }

    /** Records events and, for each, what the repository held when it arrived. */
    private static final class Recorder implements CatalogEventListener {
        final List<CatalogEvent> events = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final List<String> statusAtDelivery = new CopyOnWriteArrayList<>();
        volatile ImageCatalog catalog;

        @Override
        public void onEvent(CatalogEvent event) {
            events.add(event);
            threads.add(Thread.currentThread().getName());
            ImageCatalog c = catalog;
            if (c != null && event.type().startsWith("image.") && !event.type().startsWith("image.member")) {
                statusAtDelivery.add(c.backends().metadataRepository().find(event.subjectId()).map(i -> i.status().wireName())
                        .orElse("gone"));
            }
        }

        List<String> types() {
            List<String> t = new ArrayList<>();
            events.forEach(e -> t.add(e.type()));
            return t;
        }
    }

    @Test
    void everyOperationIsAnnouncedInOrderAfterItIsDurableWithGlancePayloads() throws Exception {
        Recorder rec = new Recorder();
        try (ImageCatalog catalog = builder(Map.of()).listener(rec).build()) {
            rec.catalog = catalog;
            ImageService alice = catalog.images(RequestContext.member("p1", "alice"));
            ImageService admin = catalog.images(RequestContext.admin("ops", "root"));
            // each step waits for its events, so what the listener read from the repository is that step's state
            Image img = alice.create(ImageDraft.builder().name("ev").diskFormat("raw").containerFormat("bare")
                    .property("k", "v").tag("t").build());
            settle(catalog);
            alice.update(img.id(), ImagePatch.builder().replace("name", "ev2").build());
            settle(catalog);
            alice.upload(img.id(), new ByteArrayInputStream(DATA));
            settle(catalog);
            try (ImageData d = catalog.images(RequestContext.member("p1", "carol")).download(img.id());
                 InputStream in = d.stream()) {
                in.readAllBytes();
            }
            settle(catalog);
            admin.deactivate(img.id());
            settle(catalog);
            admin.reactivate(img.id());
            settle(catalog);
            alice.addMember(img.id(), "p2");
            catalog.images(RequestContext.member("p2", "bob")).updateMember(img.id(), "p2", MemberStatus.ACCEPTED);
            alice.removeMember(img.id(), "p2");
            alice.delete(img.id());
            assertThat(catalog.awaitEvents(Duration.ofSeconds(10))).isTrue();

            assertThat(rec.types()).containsExactly("image.create", "image.update", "image.prepare", "image.upload",
                    "image.activate", "image.send", "image.deactivate", "image.reactivate", "image.member.create",
                    "image.member.update", "image.member.delete", "image.delete");
            assertThat(rec.threads).allSatisfy(t -> assertThat(t).isNotEqualTo(Thread.currentThread().getName()));
            // durable before delivery: the repository already showed the change
            // prepare is sent once the image is saving, before data is written (delivery may see it saving or
            // already active); upload and activate only once it is active
            assertThat(rec.statusAtDelivery.get(2)).isIn("saving", "active");
            List<String> rest = new ArrayList<>(rec.statusAtDelivery);
            rest.remove(2);
            assertThat(rest).containsExactly("queued", "queued", "active", "active", "active", "deactivated", "active",
                    "gone");

            Map<String, Object> create = rec.events.get(0).payload();
            assertThat(create).containsKeys("id", "name", "status", "created_at", "updated_at", "min_disk", "min_ram",
                    "protected", "checksum", "owner", "disk_format", "container_format", "size", "virtual_size",
                    "is_public", "visibility", "properties", "tags", "deleted", "deleted_at")
                    .doesNotContainKeys("locations", "location");
            assertThat(create).containsEntry("id", img.id()).containsEntry("owner", "p1").containsEntry("status", "queued")
                    .containsEntry("visibility", "shared").containsEntry("is_public", false)
                    .containsEntry("properties", Map.of("k", "v")).containsEntry("tags", List.of("t"))
                    .containsEntry("deleted", false);
            assertThat(rec.events.get(1).payload()).containsEntry("name", "ev2");
            assertThat(rec.events.get(2).payload()).containsEntry("backend", "mem");
            assertThat(rec.events.get(4).payload()).containsEntry("size", (long) DATA.length);
            assertThat(rec.events.get(5).payload()).containsEntry("bytes_sent", (long) DATA.length)
                    .containsEntry("image_id", img.id()).containsEntry("owner_id", "p1")
                    .containsEntry("receiver_tenant_id", "p1").containsEntry("receiver_user_id", "carol");
            assertThat(rec.events.get(8).payload()).containsEntry("image_id", img.id()).containsEntry("member_id", "p2")
                    .containsEntry("status", "pending").containsKeys("created_at", "updated_at", "deleted", "deleted_at");
            assertThat(rec.events.get(9).payload()).containsEntry("status", "accepted");
            assertThat(rec.events.get(10).payload()).containsEntry("deleted", true);
            assertThat(rec.events.get(11).payload()).containsEntry("deleted", true).containsEntry("status", "deleted");
            assertThat(rec.events).allSatisfy(e -> assertThat(e.subjectId()).isEqualTo(img.id()));
            assertThat(catalog.eventStats().published()).isEqualTo(12);
            assertThat(catalog.eventStats().failed()).isZero();
        }
    }

    @Test
    void aFailedUploadIsAnnouncedAsAnImageUploadError() throws Exception {
        Recorder rec = new Recorder();
        try (ImageCatalog catalog = builder(Map.of()).listener(rec).build()) {
            ImageService alice = catalog.images(RequestContext.member("p1", "alice"));
            Image img = alice.create(ImageDraft.builder().name("ev").diskFormat("raw").containerFormat("bare").build());
            assertThatThrownBy(() -> alice.upload(img.id(), new ByteArrayInputStream(DATA),
                    dev.imagecatalog.data.UploadOptions.builder().declaredSize(DATA.length + 1L).build()))
                    .isInstanceOf(dev.imagecatalog.error.InvalidInputException.class);
            // a refusal before any data is taken (already receiving, not visible...) announces nothing
            assertThat(catalog.awaitEvents(Duration.ofSeconds(10))).isTrue();
            assertThat(rec.types()).containsExactly("image.create", "image.prepare", "image.upload");
            CatalogEvent error = rec.events.get(2);
            assertThat(error.priority()).isEqualTo(CatalogEvent.Priority.ERROR);
            assertThat(error.subjectId()).isEqualTo(img.id());
            assertThat(error.payload()).containsEntry("id", img.id());
            assertThat((String) error.payload().get("message")).contains("size mismatch");
            assertThat(rec.events.subList(0, 2)).allSatisfy(e -> assertThat(e.priority()).isEqualTo(CatalogEvent.Priority.INFO));
            assertThat(alice.get(img.id()).status()).isEqualTo(ImageStatus.QUEUED);
            // the next upload succeeds and is announced as usual
            alice.upload(img.id(), new ByteArrayInputStream(DATA));
            assertThat(catalog.awaitEvents(Duration.ofSeconds(10))).isTrue();
            assertThat(rec.types()).endsWith("image.prepare", "image.upload", "image.activate");
            assertThat(rec.events.get(rec.events.size() - 2).priority()).isEqualTo(CatalogEvent.Priority.INFO);
        }
    }

    private static void settle(ImageCatalog catalog) throws InterruptedException {
        assertThat(catalog.awaitEvents(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void perImageOrderHoldsUnderConcurrentWriters() throws Exception {
        Recorder rec = new Recorder();
        try (ImageCatalog catalog = builder(Map.of()).listener(rec).build()) {
            List<Thread> threads = new ArrayList<>();
            List<String> ids = new CopyOnWriteArrayList<>();
            for (int t = 0; t < 4; t++) {
                int n = t;
                threads.add(new Thread(() -> {
                    ImageService s = catalog.images(RequestContext.member("p" + n, "u"));
                    Image img = s.create(ImageDraft.builder().name("0").build());
                    ids.add(img.id());
                    for (int i = 1; i <= 20; i++) {
                        s.update(img.id(), ImagePatch.builder().replace("name", String.valueOf(i)).build());
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
            assertThat(catalog.awaitEvents(Duration.ofSeconds(10))).isTrue();
            for (String id : ids) {
                List<String> names = new ArrayList<>();
                rec.events.stream().filter(e -> id.equals(e.subjectId())).forEach(e -> names.add((String) e.payload().get("name")));
                assertThat(names).hasSize(21);
                for (int i = 0; i <= 20; i++) {
                    assertThat(names.get(i)).isEqualTo(String.valueOf(i));
                }
            }
        }
    }

    @Test
    void aThrowingListenerBreaksNothingAndIsCounted() throws Exception {
        Recorder rec = new Recorder();
        CatalogEventListener boom = e -> {
            throw new IllegalStateException("listener bug");
        };
        try (ImageCatalog catalog = builder(Map.of()).listener(boom).listener(rec).build()) {
            ImageService alice = catalog.images(RequestContext.member("p1", "alice"));
            Image img = alice.create(ImageDraft.builder().name("x").build());
            alice.addTag(img.id(), "t");
            alice.delete(img.id());
            assertThat(catalog.awaitEvents(Duration.ofSeconds(10))).isTrue();
            assertThat(rec.types()).containsExactly("image.create", "image.update", "image.delete");
            EventStats stats = catalog.eventStats();
            assertThat(stats.failed()).isEqualTo(3);
            // rec and the test-wide ServiceLoader listener each received the three
            assertThat(stats.delivered()).isEqualTo(6);
            assertThat(stats.published()).isEqualTo(3);
        }
    }

    @Test
    void aHangingListenerNeverStallsOperationsNorOtherListeners() throws Exception {
        Recorder rec = new Recorder();
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        CatalogEventListener hang = e -> {
            entered.countDown();
            try {
                never.await();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        };
        try (ImageCatalog catalog = builder(Map.of("events.listener-timeout", "1s")).listener(hang).listener(rec)
                .build()) {
            ImageService alice = catalog.images(RequestContext.member("p1", "alice"));
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add(alice.create(ImageDraft.builder().name("h" + i).build()).id());
            }
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(never.getCount()).as("all operations returned while the listener hangs").isEqualTo(1);
            assertThat(catalog.awaitEvents(Duration.ofSeconds(20))).isTrue();
            assertThat(rec.types()).hasSize(5);
            EventStats stats = catalog.eventStats();
            assertThat(stats.timedOut() + stats.skipped()).isEqualTo(5);
            assertThat(stats.timedOut()).isGreaterThanOrEqualTo(1);
        } finally {
            never.countDown();
        }
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlocking() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        CatalogEventListener hang = e -> {
            try {
                never.await();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        };
        try (ImageCatalog catalog = builder(Map.of("events.listener-timeout", "30s", "events.queue-capacity", "2"))
                .listener(hang).build()) {
            ImageService alice = catalog.images(RequestContext.member("p1", "alice"));
            for (int i = 0; i < 20; i++) {
                alice.create(ImageDraft.builder().name("q" + i).build());
            }
            EventStats stats = catalog.eventStats();
            assertThat(stats.published()).isEqualTo(20);
            assertThat(stats.dropped()).isGreaterThanOrEqualTo(17);
            assertThat(stats.queued()).isLessThanOrEqualTo(2);
        } finally {
            never.countDown();
        }
    }

    @Test
    void listenersAreFoundWithServiceLoader() throws Exception {
        try (ImageCatalog catalog = builder(Map.of()).build()) {
            ImageService s = catalog.images(RequestContext.member(RecordingServiceLoaderListener.PROJECT, "u"));
            Image img = s.create(ImageDraft.builder().name("sl").build());
            assertThat(catalog.awaitEvents(Duration.ofSeconds(10))).isTrue();
            assertThat(RecordingServiceLoaderListener.EVENTS).anySatisfy(e -> {
                assertThat(e.type()).isEqualTo("image.create");
                assertThat(e.subjectId()).isEqualTo(img.id());
            });
        }
    }

    @Test
    void metadefEventsReachTheSameListener() throws Exception {
        Recorder rec = new Recorder();
        try (ImageCatalog catalog = builder(Map.of()).listener(rec).build()) {
            MetadefService metadefs = MetadefServiceFactory.builder(new MemoryMetadefRepository())
                    .listener(catalog.metadefEventListener()).build().forContext(RequestContext.admin("ops", "root"));
            metadefs.createNamespace(MetadefNamespace.builder("OS::Test").build());
            catalog.images(RequestContext.member("p1", "a")).create(ImageDraft.builder().build());
            assertThat(catalog.awaitEvents(Duration.ofSeconds(10))).isTrue();
            assertThat(rec.types()).containsExactly("metadef_namespace.create", "image.create");
            assertThat(rec.events.get(0).subjectId()).isEqualTo("OS::Test");
            assertThat(rec.events.get(0).payload()).containsEntry("namespace", "OS::Test");
        }
    }
}
