package dev.imagecatalog.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.data.ByteRange;
import dev.imagecatalog.data.DownloadOptions;
import dev.imagecatalog.data.ImageData;
import dev.imagecatalog.data.UploadOptions;
import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.error.ErrorKind;
import dev.imagecatalog.error.ForbiddenException;
import dev.imagecatalog.error.ImageCatalogException;
import dev.imagecatalog.error.InvalidInputException;
import dev.imagecatalog.error.NoImageDataException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.error.TooLargeException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImagePatch;
import dev.imagecatalog.image.ImageQuery;
import dev.imagecatalog.image.SortOrder;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.Page;
import dev.imagecatalog.image.SortKey;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.image.Visibility;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.recovery.RecoveryReport;
import dev.imagecatalog.spi.ImageStore;
import dev.imagecatalog.spi.ImageWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link ImageService}, run against every metadata back-end and store: a module extends it and
 * returns a fresh catalog from {@link #createCatalog()}. Failure paths are checked as hard as the happy ones:
 * after every failed upload the image is back in {@code queued} with no data fields, and no object is left in
 * the store.
 *
 * <p>Store failures are injected through the test-only {@code faulty} store ({@link FaultyImageStore}), which
 * wraps a real store configured by {@link #faultyStoreDelegateSettings()} (default: {@code memory}); a store
 * module overrides that to wrap its own store, and a metadata module overrides {@link #metadataSettings()}.
 */
public abstract class ImageServiceContract {

    /** A fresh catalog (empty metadata and stores) with default settings, except as the back-end needs. */
    protected abstract ImageCatalog createCatalog() throws Exception;

    /** The settings of the store the {@code faulty} store wraps, relative keys ({@code type} and the store's own). */
    protected Map<String, String> faultyStoreDelegateSettings() throws Exception {
        return Map.of("type", "memory");
    }

    /** The metadata settings of the catalogs this suite builds itself (keys with the {@code metadata.} prefix). */
    protected Map<String, String> metadataSettings() throws Exception {
        return Map.of("metadata.type", "memory");
    }

    protected static final RequestContext ALICE = RequestContext.member("project-a", "alice");
    protected static final RequestContext BOB = RequestContext.member("project-b", "bob");
    protected static final RequestContext ADMIN = RequestContext.admin("project-admin", "root");
    /** Big enough to take the multi-buffer path with the default 1 MiB buffers. */
    protected static final int MULTI_BUFFER_SIZE = 3 * 1024 * 1024 + 4321;

    protected ImageCatalog catalog;
    protected ImageService alice;
    protected ImageService bob;
    protected ImageService admin;
    private final List<ImageCatalog> extraCatalogs = new ArrayList<>();

    @BeforeEach
    void openCatalog() throws Exception {
        catalog = createCatalog();
        alice = catalog.images(ALICE);
        bob = catalog.images(BOB);
        admin = catalog.images(ADMIN);
    }

    @AfterEach
    void closeCatalogs() {
        for (ImageCatalog c : extraCatalogs) {
            c.close();
        }
        if (catalog != null) {
            catalog.close();
        }
    }

    /** A catalog whose only store is a {@link FaultyImageStore} with id {@code faulty}, plus {@code extra} settings. */
    protected ImageCatalog createFaultyCatalog(Map<String, String> extra) throws Exception {
        ImageCatalog.Builder b = ImageCatalog.builder().settings(metadataSettings()).setting("stores", "faulty")
                .setting("store.faulty.type", FaultyImageStoreProvider.TYPE);
        faultyStoreDelegateSettings().forEach((k, v) -> b.setting("store.faulty.delegate." + k, v));
        b.settings(extra);
        ImageCatalog c = b.build();
        extraCatalogs.add(c);
        return c;
    }

    // ------------------------------------------------------------------ helpers

    protected static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    protected static String hex(String algorithm, byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    protected static Image queued(ImageService s) {
        return s.create(ImageDraft.builder().name("img").diskFormat("raw").containerFormat("bare").build());
    }

    protected static Image uploaded(ImageService s, byte[] data) {
        Image img = queued(s);
        return s.upload(img.id(), new ByteArrayInputStream(data));
    }

    protected static byte[] readAll(ImageData d) throws IOException {
        try (d) {
            return d.stream().readAllBytes();
        }
    }

    protected static List<StoreLocation> storedObjects(ImageCatalog c) throws IOException {
        List<StoreLocation> all = new ArrayList<>();
        for (ImageStore s : c.backends().stores().values()) {
            s.forEachOwned(o -> {
                if (o.committed()) {
                    all.add(o.location());
                }
            });
        }
        return all;
    }

    /** The store holds exactly the data of {@code keep}, nothing else. */
    protected static void assertStoreHoldsOnly(ImageCatalog c, Image... keep) throws IOException {
        Set<StoreLocation> expected = new HashSet<>();
        for (Image i : keep) {
            expected.addAll(i.activeLocations());
        }
        assertThat(new HashSet<>(storedObjects(c))).as("objects in the store").isEqualTo(expected);
    }

    /** After a failed upload: queued, no data fields, nothing stored. */
    protected static void assertBackToQueued(ImageCatalog c, String imageId, Image... keep) throws IOException {
        Image img = c.images(ADMIN).get(imageId);
        assertThat(img.status()).isEqualTo(ImageStatus.QUEUED);
        assertThat(img.size()).isNull();
        assertThat(img.checksum()).isNull();
        assertThat(img.osHashValue()).isNull();
        assertThat(img.osHashAlgo()).isNull();
        assertThat(img.locations()).isEmpty();
        assertStoreHoldsOnly(c, keep);
    }

    /** Serves {@code data} then throws {@code failure} once {@code failAt} bytes were read. */
    protected static InputStream failingStream(byte[] data, int failAt, RuntimeException runtime) {
        return new InputStream() {
            private int pos;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (pos >= failAt) {
                    if (runtime != null) {
                        throw runtime;
                    }
                    throw new IOException("connection reset by peer (injected)");
                }
                int n = Math.min(len, Math.min(failAt, data.length) - pos);
                if (n <= 0) {
                    return -1;
                }
                System.arraycopy(data, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }

    // ------------------------------------------------------------------ create

    @Test
    void createAppliesGlanceDefaults() {
        Image img = alice.create(ImageDraft.builder().name("cirros").build());
        assertThat(UUID.fromString(img.id())).isNotNull();
        assertThat(img.status()).isEqualTo(ImageStatus.QUEUED);
        assertThat(img.visibility()).isEqualTo(Visibility.SHARED);
        assertThat(img.owner()).isEqualTo("project-a");
        assertThat(img.isProtected()).isFalse();
        assertThat(img.osHidden()).isFalse();
        assertThat(img.minDisk()).isZero();
        assertThat(img.minRam()).isZero();
        assertThat(img.size()).isNull();
        assertThat(img.checksum()).isNull();
        assertThat(img.createdAt()).isEqualTo(img.updatedAt());
        Image got = alice.get(img.id());
        assertThat(got.name()).isEqualTo("cirros");
        assertThat(got.id()).isEqualTo(img.id());
        assertThat(got.createdAt()).isEqualTo(img.createdAt());
    }

    @Test
    void createKeepsEveryWritableAttribute() {
        Image img = alice.create(ImageDraft.builder().name("full").visibility(Visibility.COMMUNITY).isProtected(true)
                .osHidden(true).diskFormat("qcow2").containerFormat("bare").minDisk(10).minRam(512)
                .tag("a").tag("b").tag("a").property("os_distro", "cirros").property("description", "x")
                .build());
        Image got = alice.get(img.id());
        assertThat(got.visibility()).isEqualTo(Visibility.COMMUNITY);
        assertThat(got.isProtected()).isTrue();
        assertThat(got.osHidden()).isTrue();
        assertThat(got.diskFormat()).isEqualTo("qcow2");
        assertThat(got.containerFormat()).isEqualTo("bare");
        assertThat(got.minDisk()).isEqualTo(10);
        assertThat(got.minRam()).isEqualTo(512);
        assertThat(got.tags()).containsExactly("a", "b");
        assertThat(got.properties()).containsEntry("os_distro", "cirros").containsEntry("description", "x").hasSize(2);
    }

    @Test
    void createWithCallerIdAndDuplicateIsConflict() {
        String id = UUID.randomUUID().toString();
        Image img = alice.create(ImageDraft.builder().id(id).build());
        assertThat(img.id()).isEqualTo(id);
        assertThatThrownBy(() -> bob.create(ImageDraft.builder().id(id).build())).isInstanceOf(ConflictException.class);
        alice.delete(id);
        assertThatThrownBy(() -> alice.create(ImageDraft.builder().id(id).build()))
                .as("an id stays taken after delete").isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> alice.create(ImageDraft.builder().id("not-a-uuid").build()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not-a-uuid");
    }

    @Test
    void createRefusesBadInputNamingTheField() {
        assertInvalid(ImageDraft.builder().name("n".repeat(256)), "name");
        assertInvalid(ImageDraft.builder().name("smile \uD83D\uDE00"), "name");
        assertInvalid(ImageDraft.builder().property("k", "emoji \uD83D\uDE00"), "k");
        assertInvalid(ImageDraft.builder().property("k\uD83D\uDE00", "v"), "k");
        assertInvalid(ImageDraft.builder().property("k".repeat(256), "v"), "key");
        assertInvalid(ImageDraft.builder().diskFormat("floppy"), "disk_format");
        assertInvalid(ImageDraft.builder().containerFormat("crate"), "container_format");
        assertInvalid(ImageDraft.builder().minDisk(-1), "min_disk");
        assertInvalid(ImageDraft.builder().minRam(-5), "min_ram");
        assertInvalid(ImageDraft.builder().tag("t".repeat(256)), "tags");
        assertThat(alice.list(ImageQuery.all()).items()).as("nothing was created").isEmpty();
    }

    private void assertInvalid(ImageDraft.Builder draft, String field) {
        assertThatThrownBy(() -> alice.create(draft.build())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(field);
    }

    @Test
    void createRefusesReadOnlyAndReservedAttributes() {
        for (String key : List.of("created_at", "updated_at", "status", "checksum", "size", "virtual_size",
                "os_hash_algo", "os_hash_value", "location", "locations", "deleted", "deleted_at", "direct_url",
                "self", "file", "schema", "stores", "owner", "os_glance_import_task", "os_glance")) {
            assertThatThrownBy(() -> alice.create(ImageDraft.builder().property(key, "x").build()))
                    .as(key).isInstanceOf(ForbiddenException.class).hasMessageContaining(key);
        }
        assertThat(admin.list(ImageQuery.all()).items()).isEmpty();
    }

    @Test
    void createOwnerAndVisibilityNeedAdminWhereGlanceDoes() {
        assertThatThrownBy(() -> alice.create(ImageDraft.builder().owner("project-b").build()))
                .isInstanceOf(ForbiddenException.class);
        assertThat(alice.create(ImageDraft.builder().owner("project-a").build()).owner()).isEqualTo("project-a");
        assertThat(admin.create(ImageDraft.builder().owner("project-b").build()).owner()).isEqualTo("project-b");
        assertThatThrownBy(() -> alice.create(ImageDraft.builder().visibility(Visibility.PUBLIC).build()))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("public");
        assertThat(admin.create(ImageDraft.builder().visibility(Visibility.PUBLIC).build()).visibility())
                .isEqualTo(Visibility.PUBLIC);
        assertThat(alice.create(ImageDraft.builder().visibility(Visibility.PRIVATE).build()).visibility())
                .isEqualTo(Visibility.PRIVATE);
    }

    // ------------------------------------------------------------------ visibility

    @Test
    void othersSeeOnlyPublicAndCommunityImages() {
        Image priv = alice.create(ImageDraft.builder().name("p").visibility(Visibility.PRIVATE).build());
        Image shared = alice.create(ImageDraft.builder().name("s").build());
        Image community = alice.create(ImageDraft.builder().name("c").visibility(Visibility.COMMUNITY).build());
        Image pub = admin.create(ImageDraft.builder().name("pub").owner("project-a").visibility(Visibility.PUBLIC).build());

        assertThatThrownBy(() -> bob.get(priv.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> bob.get(shared.id())).isInstanceOf(NotFoundException.class);
        assertThat(bob.get(community.id()).id()).isEqualTo(community.id());
        assertThat(bob.get(pub.id()).id()).isEqualTo(pub.id());
        assertThat(admin.get(priv.id()).id()).isEqualTo(priv.id());
        assertThat(alice.get(priv.id()).id()).isEqualTo(priv.id());

        // invisible: not found for every operation, never forbidden
        assertThatThrownBy(() -> bob.update(priv.id(), ImagePatch.builder().replace("name", "x").build()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> bob.delete(priv.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> bob.addTag(priv.id(), "t")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> bob.upload(priv.id(), new ByteArrayInputStream(new byte[1])))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> bob.download(priv.id())).isInstanceOf(NotFoundException.class);

        // visible but not owned: forbidden to change
        assertThatThrownBy(() -> bob.update(pub.id(), ImagePatch.builder().replace("name", "x").build()))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> bob.delete(community.id())).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> bob.addTag(pub.id(), "t")).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> bob.deactivate(pub.id())).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> bob.upload(community.id(), new ByteArrayInputStream(new byte[1])))
                .isInstanceOf(ForbiddenException.class);
        assertThat(alice.get(pub.id()).name()).isEqualTo("pub");

        // an admin may change anyone's image
        assertThat(admin.update(priv.id(), ImagePatch.builder().replace("name", "by-admin").build()).name())
                .isEqualTo("by-admin");

        List<String> bobSees = ids(bob.list(ImageQuery.all()));
        assertThat(bobSees).contains(pub.id()).doesNotContain(priv.id(), shared.id());
        assertThat(ids(alice.list(ImageQuery.all()))).contains(priv.id(), shared.id(), community.id(), pub.id());
    }

    private static List<String> ids(Page<Image> page) {
        List<String> out = new ArrayList<>();
        for (Image i : page.items()) {
            out.add(i.id());
        }
        return out;
    }

    // ------------------------------------------------------------------ list

    @Test
    void listResolvesLimitsAndWalksPages() {
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            created.add(alice.create(ImageDraft.builder().name("img-" + i).build()).id());
        }
        Page<Image> first = alice.list(ImageQuery.all());
        assertThat(first.items()).hasSize(25);
        assertThat(first.hasNext()).isTrue();
        assertThat(alice.list(ImageQuery.builder().limit(5000).build()).items()).hasSize(30);
        assertThatThrownBy(() -> alice.list(ImageQuery.builder().limit(-1).build()))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> alice.list(ImageQuery.builder().marker(UUID.randomUUID().toString()).build()))
                .isInstanceOf(InvalidInputException.class);

        Set<String> walked = new HashSet<>();
        String marker = null;
        int pages = 0;
        do {
            Page<Image> p = alice.list(ImageQuery.builder().limit(7).marker(marker).sort(SortKey.NAME, SortOrder.Direction.ASC).build());
            for (Image i : p.items()) {
                assertThat(walked.add(i.id())).as("no image twice").isTrue();
            }
            marker = p.nextMarker().orElse(null);
            pages++;
        } while (marker != null && pages < 20);
        assertThat(walked).isEqualTo(created);
    }

    /**
     * Hundreds of creates within a few milliseconds list in the order they were made (newest first by default,
     * oldest first ascending, page by page), the same on every metadata back-end: creation stamps are distinct and
     * increasing, and ties would be broken by id on every back-end alike.
     */
    @Test
    void rapidCreatesListInCreationOrder() {
        List<String> created = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 300; i++) {
            created.add(alice.create(ImageDraft.builder().name("rapid").build()).id());
        }
        long tookMicros = (System.nanoTime() - start) / 1_000;
        List<String> newestFirst = new ArrayList<>(created);
        java.util.Collections.reverse(newestFirst);

        List<Image> listed = alice.list(ImageQuery.builder().limit(1000).build()).items();
        assertThat(listed).extracting(Image::id).as("default order after 300 creates in %d us", tookMicros)
                .isEqualTo(newestFirst);
        for (int i = 1; i < listed.size(); i++) {
            assertThat(listed.get(i).createdAt()).as("created_at strictly decreasing down the list")
                    .isBefore(listed.get(i - 1).createdAt());
        }
        assertThat(alice.list(ImageQuery.builder().limit(1000).sort(SortKey.CREATED_AT, SortOrder.Direction.ASC)
                .build()).items()).extracting(Image::id).isEqualTo(created);
        assertThat(alice.list(ImageQuery.builder().limit(1000).sort(SortKey.NAME, SortOrder.Direction.ASC)
                .build()).items()).extracting(Image::id).as("equal names: created_at breaks the tie, ascending")
                .isEqualTo(created);

        List<String> walked = new ArrayList<>();
        String marker = null;
        do {
            Page<Image> p = alice.list(ImageQuery.builder().limit(17).marker(marker).build());
            p.items().forEach(i -> walked.add(i.id()));
            marker = p.nextMarker().orElse(null);
        } while (marker != null);
        assertThat(walked).isEqualTo(newestFirst);
    }

    @Test
    void listFiltersThroughTheService() {
        Image a = alice.create(ImageDraft.builder().name("alpha").diskFormat("qcow2").tag("x").tag("y")
                .property("os_distro", "ubuntu").build());
        Image b = alice.create(ImageDraft.builder().name("beta").diskFormat("raw").tag("x").build());
        Image hidden = alice.create(ImageDraft.builder().name("gamma").osHidden(true).build());
        uploaded(alice, randomBytes(100, 1));

        assertThat(ids(alice.list(ImageQuery.builder().tag("x").build()))).containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(ids(alice.list(ImageQuery.builder().tag("x").tag("y").build()))).containsExactly(a.id());
        assertThat(ids(alice.list(ImageQuery.builder().names("beta").build()))).containsExactly(b.id());
        assertThat(ids(alice.list(ImageQuery.builder().diskFormats("qcow2").build()))).containsExactly(a.id());
        assertThat(ids(alice.list(ImageQuery.builder().property("os_distro", "ubuntu").build()))).containsExactly(a.id());
        assertThat(ids(alice.list(ImageQuery.builder().osHidden(true).build()))).containsExactly(hidden.id());
        assertThat(ids(alice.list(ImageQuery.all()))).doesNotContain(hidden.id()).hasSize(3);
        assertThat(alice.list(ImageQuery.builder().statuses(ImageStatus.ACTIVE).build()).items())
                .singleElement().satisfies(i -> assertThat(i.size()).isEqualTo(100L));
        assertThat(alice.list(ImageQuery.builder().sizeMin(101L).build()).items()).isEmpty();
    }

    // ------------------------------------------------------------------ update

    @Test
    void patchAppliesEveryKindOfChange() {
        Image img = alice.create(ImageDraft.builder().name("old").property("keep", "1").property("drop", "2")
                .property("change", "3").build());
        Image out = alice.update(img.id(), ImagePatch.builder()
                .replace("name", "new")
                .add("/os_distro", "debian")
                .add("keep", "1b")
                .replace("change", "3b")
                .remove("drop")
                .replace("tags", List.of("t1", "t2"))
                .replace("protected", true)
                .replace("os_hidden", true)
                .replace("min_disk", 20)
                .replace("min_ram", 1024L)
                .replace("visibility", "private")
                .replace("disk_format", "qcow2")
                .replace("container_format", "ova")
                .build());
        assertThat(out.name()).isEqualTo("new");
        assertThat(out.properties()).containsExactlyEntriesOf(new java.util.TreeMap<>(
                Map.of("os_distro", "debian", "keep", "1b", "change", "3b")));
        assertThat(out.tags()).containsExactly("t1", "t2");
        assertThat(out.isProtected()).isTrue();
        assertThat(out.osHidden()).isTrue();
        assertThat(out.minDisk()).isEqualTo(20);
        assertThat(out.minRam()).isEqualTo(1024);
        assertThat(out.visibility()).isEqualTo(Visibility.PRIVATE);
        assertThat(out.diskFormat()).isEqualTo("qcow2");
        assertThat(out.containerFormat()).isEqualTo("ova");
        assertThat(out.version()).isGreaterThan(img.version());
        assertThat(out.updatedAt()).isAfterOrEqualTo(img.updatedAt());
        assertThat(alice.get(img.id()).properties()).isEqualTo(out.properties());
        assertThat(alice.update(img.id(), ImagePatch.builder().replace("name", null).build()).name()).isNull();
    }

    @Test
    void patchRefusesEachErrorKindAndSavesNothing() {
        Image img = alice.create(ImageDraft.builder().name("orig").diskFormat("raw").containerFormat("bare")
                .property("p", "v").build());
        for (String ro : List.of("status", "size", "checksum", "id", "created_at", "updated_at", "virtual_size",
                "os_hash_algo", "os_hash_value", "self", "file", "schema", "direct_url")) {
            assertPatch(img, ImagePatch.builder().replace(ro, "x").build(), ForbiddenException.class);
        }
        for (String reserved : List.of("location", "deleted", "deleted_at", "os_glance_x")) {
            assertPatch(img, ImagePatch.builder().add(reserved, "x").build(), ForbiddenException.class);
        }
        // a location change needs image.show-multiple-locations (off by default, as in Glance)
        assertPatch(img, ImagePatch.builder().add("/locations/-", ImagePatch.location("memory://x/k", null)).build(),
                ForbiddenException.class);
        assertPatch(img, ImagePatch.builder().remove("name").build(), ForbiddenException.class);
        assertPatch(img, ImagePatch.builder().remove("min_disk").build(), ForbiddenException.class);
        assertPatch(img, ImagePatch.builder().replace("missing", "x").build(), ConflictException.class);
        assertPatch(img, ImagePatch.builder().remove("missing").build(), ConflictException.class);
        assertPatch(img, ImagePatch.builder().replace("owner", "project-b").build(), ForbiddenException.class);
        assertPatch(img, ImagePatch.builder().replace("visibility", "public").build(), ForbiddenException.class);
        assertPatch(img, ImagePatch.builder().replace("visibility", "everyone").build(), InvalidInputException.class);
        assertPatch(img, ImagePatch.builder().replace("min_ram", -1).build(), InvalidInputException.class);
        assertPatch(img, ImagePatch.builder().replace("min_disk", 1L << 31).build(), InvalidInputException.class);
        assertPatch(img, ImagePatch.builder().replace("min_disk", "3").build(), InvalidInputException.class);
        assertPatch(img, ImagePatch.builder().replace("name", "n".repeat(256)).build(), InvalidInputException.class);
        assertPatch(img, ImagePatch.builder().replace("protected", "yes").build(), InvalidInputException.class);
        assertPatch(img, ImagePatch.builder().add("p", 5).build(), InvalidInputException.class);
        assertPatch(img, ImagePatch.builder().add("k".repeat(256), "v").build(), InvalidInputException.class);
        assertPatch(img, ImagePatch.builder().replace("disk_format", "floppy").build(), InvalidInputException.class);
        assertPatch(img, ImagePatch.builder().replace("tags", "not-a-list").build(), InvalidInputException.class);
        // atomic: good changes before a bad one are not saved
        assertPatch(img, ImagePatch.builder().replace("name", "changed").add("q", "1").remove("nope").build(),
                ConflictException.class);

        Image admins = admin.update(img.id(), ImagePatch.builder().replace("owner", "project-b").build());
        assertThat(admins.owner()).isEqualTo("project-b");
        assertThatThrownBy(() -> alice.get(img.id())).as("alice lost it").isInstanceOf(NotFoundException.class);
    }

    private void assertPatch(Image img, ImagePatch patch, Class<? extends ImageCatalogException> expected) {
        Image before = alice.get(img.id());
        assertThatThrownBy(() -> alice.update(img.id(), patch)).as(patch.toString()).isInstanceOf(expected);
        Image after = alice.get(img.id());
        assertThat(after).as("unchanged after " + patch).isEqualTo(before);
    }

    @Test
    void jsonPatchDocumentsGoThroughTheSameRules() {
        Image img = alice.create(ImageDraft.builder().name("json").build());
        Image out = alice.update(img.id(), ImagePatch.fromJson("[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"j2\"},"
                + "{\"op\":\"add\",\"path\":\"/a~1b\",\"value\":\"slash\"},"
                + "{\"op\":\"replace\",\"path\":\"/min_ram\",\"value\":256},"
                + "{\"op\":\"replace\",\"path\":\"/tags\",\"value\":[\"x\",\"y\"]},"
                + "{\"op\":\"replace\",\"path\":\"/protected\",\"value\":false}]"));
        assertThat(out.name()).isEqualTo("j2");
        assertThat(out.properties()).containsEntry("a/b", "slash");
        assertThat(out.minRam()).isEqualTo(256);
        assertThat(out.tags()).containsExactly("x", "y");
        assertPatch(img, ImagePatch.fromJson("[{\"op\":\"replace\",\"path\":\"/locations\",\"value\":[]}]"),
                ForbiddenException.class);
        assertPatch(img, ImagePatch.fromJson("[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"active\"}]"),
                ForbiddenException.class);
        assertPatch(img, ImagePatch.fromJson("[{\"op\":\"replace\",\"path\":\"/min_disk\",\"value\":4294967296}]"),
                InvalidInputException.class);
    }

    @Test
    void formatsChangeOnlyWhileQueued() {
        Image active = uploaded(alice, randomBytes(10, 2));
        assertThatThrownBy(() -> alice.update(active.id(), ImagePatch.builder().replace("disk_format", "qcow2").build()))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("disk_format");
        assertThatThrownBy(() -> alice.update(active.id(), ImagePatch.builder().replace("container_format", "ova").build()))
                .isInstanceOf(ForbiddenException.class);
        assertThat(alice.update(active.id(), ImagePatch.builder().replace("name", "renamed").build()).name())
                .isEqualTo("renamed");
        assertThat(alice.get(active.id()).status()).isEqualTo(ImageStatus.ACTIVE);
    }

    @Test
    void concurrentPatchesAreAllSaved() throws Exception {
        Image img = alice.create(ImageDraft.builder().build());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < 15; i++) {
                        alice.update(img.id(), ImagePatch.builder().add("k" + thread + "_" + i, "v").build());
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(alice.get(img.id()).properties()).hasSize(60);
    }

    // ------------------------------------------------------------------ tags

    @Test
    void tagsAddRemove() {
        Image img = alice.create(ImageDraft.builder().build());
        assertThat(alice.addTag(img.id(), "b").tags()).containsExactly("b");
        Image twice = alice.addTag(img.id(), "b");
        assertThat(twice.tags()).containsExactly("b");
        assertThat(alice.addTag(img.id(), "a").tags()).containsExactly("a", "b");
        assertThat(alice.removeTag(img.id(), "b").tags()).containsExactly("a");
        assertThatThrownBy(() -> alice.removeTag(img.id(), "b")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> alice.addTag(img.id(), "t".repeat(256))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> alice.addTag(img.id(), "")).isInstanceOf(InvalidInputException.class);
        assertThat(alice.get(img.id()).tags()).containsExactly("a");
        assertThat(ids(alice.list(ImageQuery.builder().tag("a").build()))).containsExactly(img.id());
    }

    // ------------------------------------------------------------------ delete

    @Test
    void deleteRemovesDataAndHidesTheImage() throws Exception {
        Image keep = uploaded(alice, randomBytes(1000, 3));
        Image img = uploaded(alice, randomBytes(2000, 4));
        assertStoreHoldsOnly(catalog, keep, img);
        StoreLocation data = catalog.backends().metadataRepository().find(img.id()).orElseThrow().activeLocations().get(0);
        alice.delete(img.id());
        assertThat(catalog.backends().metadataRepository().isReferenced(data))
                .as("the deleted record lets go of its data (else a crash before the data is removed leaves it for good)")
                .isFalse();
        assertThatThrownBy(() -> alice.get(img.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> admin.get(img.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> alice.delete(img.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> alice.download(img.id())).isInstanceOf(NotFoundException.class);
        assertThat(ids(alice.list(ImageQuery.all()))).containsExactly(keep.id());
        assertStoreHoldsOnly(catalog, keep);
        assertThat(readAll(alice.download(keep.id()))).isEqualTo(randomBytes(1000, 3));
    }

    @Test
    void protectedImageCannotBeDeleted() throws Exception {
        Image img = alice.create(ImageDraft.builder().isProtected(true).diskFormat("raw").containerFormat("bare").build());
        alice.upload(img.id(), new ByteArrayInputStream(randomBytes(10, 5)));
        assertThatThrownBy(() -> alice.delete(img.id())).isInstanceOf(ForbiddenException.class).hasMessageContaining("protected");
        assertThatThrownBy(() -> admin.delete(img.id())).isInstanceOf(ForbiddenException.class);
        Image still = alice.get(img.id());
        assertThat(still.status()).isEqualTo(ImageStatus.ACTIVE);
        assertStoreHoldsOnly(catalog, still);
        alice.update(img.id(), ImagePatch.builder().replace("protected", false).build());
        alice.delete(img.id());
        assertStoreHoldsOnly(catalog);
    }

    // ------------------------------------------------------------------ deactivate

    @Test
    void deactivateAndReactivateFollowGlance() throws Exception {
        Image q = queued(alice);
        assertThatThrownBy(() -> alice.deactivate(q.id())).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> alice.reactivate(q.id())).isInstanceOf(ForbiddenException.class);
        byte[] data = randomBytes(500, 6);
        Image img = alice.upload(q.id(), new ByteArrayInputStream(data));
        assertThat(alice.reactivate(img.id()).status()).as("idempotent").isEqualTo(ImageStatus.ACTIVE);
        assertThat(alice.deactivate(img.id()).status()).isEqualTo(ImageStatus.DEACTIVATED);
        assertThat(alice.deactivate(img.id()).status()).as("idempotent").isEqualTo(ImageStatus.DEACTIVATED);
        assertThatThrownBy(() -> alice.download(img.id())).isInstanceOf(ForbiddenException.class);
        assertThat(readAll(admin.download(img.id()))).isEqualTo(data);
        assertThatThrownBy(() -> alice.upload(img.id(), new ByteArrayInputStream(data)))
                .isInstanceOf(ConflictException.class);
        assertThat(ids(alice.list(ImageQuery.all()))).contains(img.id());
        assertThat(alice.reactivate(img.id()).status()).isEqualTo(ImageStatus.ACTIVE);
        assertThat(readAll(alice.download(img.id()))).isEqualTo(data);
    }

    // ------------------------------------------------------------------ upload

    @Test
    void uploadRecordsSizeChecksumsAndLocation() throws Exception {
        for (int size : new int[] {0, 1, 70_000, MULTI_BUFFER_SIZE}) {
            for (boolean declare : new boolean[] {false, true}) {
                byte[] data = randomBytes(size, size + (declare ? 1 : 0));
                Image q = queued(alice);
                UploadOptions opt = declare ? UploadOptions.builder().declaredSize(size)
                        .declaredChecksum(hex("MD5", data)).declaredOsHashValue(hex("SHA-512", data)).build()
                        : UploadOptions.defaults();
                Image img = alice.upload(q.id(), new ByteArrayInputStream(data), opt);
                assertThat(img.status()).isEqualTo(ImageStatus.ACTIVE);
                assertThat(img.size()).isEqualTo((long) size);
                assertThat(img.checksum()).isEqualTo(hex("MD5", data));
                assertThat(img.osHashAlgo()).isEqualTo("sha512");
                assertThat(img.osHashValue()).isEqualTo(hex("SHA-512", data));
                assertThat(img.locations()).hasSize(1);
                assertThat(alice.get(img.id())).isEqualTo(img);
                try (ImageData d = alice.download(img.id())) {
                    assertThat(d.contentLength()).isEqualTo(size);
                    assertThat(d.checksum()).isEqualTo(img.checksum());
                    assertThat(d.osHashValue()).isEqualTo(img.osHashValue());
                    assertThat(d.isPartial()).isFalse();
                    assertThat(d.stream().readAllBytes()).isEqualTo(data);
                }
            }
        }
    }

    @Test
    void uploadReportsProgressAndIgnoresAFailingListener() {
        byte[] data = randomBytes(MULTI_BUFFER_SIZE, 7);
        List<Long> seen = new CopyOnWriteArrayList<>();
        Image q = queued(alice);
        alice.upload(q.id(), new ByteArrayInputStream(data), UploadOptions.builder().declaredSize(data.length)
                .progressListener((soFar, total) -> {
                    assertThat(total).isEqualTo(data.length);
                    seen.add(soFar);
                }).build());
        assertThat(seen).isNotEmpty().isSorted();
        assertThat(seen.get(seen.size() - 1)).isEqualTo(data.length);

        Image q2 = queued(alice);
        Image img = alice.upload(q2.id(), new ByteArrayInputStream(data), UploadOptions.builder()
                .progressListener((a, b) -> {
                    throw new IllegalStateException("listener bug");
                }).build());
        assertThat(img.status()).isEqualTo(ImageStatus.ACTIVE);
    }

    @Test
    void uploadRefusesWrongStatesAndMissingFormats() throws Exception {
        Image noFormats = alice.create(ImageDraft.builder().build());
        assertThatThrownBy(() -> alice.upload(noFormats.id(), new ByteArrayInputStream(new byte[10])))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("disk_format");
        assertBackToQueued(catalog, noFormats.id());

        byte[] data = randomBytes(100, 8);
        Image img = uploaded(alice, data);
        assertThatThrownBy(() -> alice.upload(img.id(), new ByteArrayInputStream(new byte[10])))
                .isInstanceOf(ConflictException.class).hasMessageContaining("data cannot be replaced");
        Image after = alice.get(img.id());
        assertThat(after.checksum()).isEqualTo(hex("MD5", data));
        assertThat(readAll(alice.download(img.id()))).isEqualTo(data);

        Image q = queued(alice);
        assertThatThrownBy(() -> alice.upload(q.id(), new ByteArrayInputStream(new byte[10]),
                UploadOptions.builder().store("no-such-store").build()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("no-such-store");
        assertBackToQueued(catalog, q.id(), after);
    }

    @Test
    void streamThatFailsMidwayLeavesNothing() throws Exception {
        Image keep = uploaded(alice, randomBytes(300, 9));
        byte[] data = randomBytes(MULTI_BUFFER_SIZE, 10);
        for (int failAt : new int[] {0, 1000, (3 * 1024 * 1024) / 2}) {
            Image q = queued(alice);
            Throwable t = catchThrowable(() -> alice.upload(q.id(), failingStream(data, failAt, null)));
            assertThat(t).isInstanceOf(ImageCatalogException.class).hasRootCauseInstanceOf(IOException.class);
            assertBackToQueued(catalog, q.id(), keep);

            IllegalStateException bug = new IllegalStateException("source bug");
            assertThatThrownBy(() -> alice.upload(q.id(), failingStream(data, failAt, bug))).isSameAs(bug);
            assertBackToQueued(catalog, q.id(), keep);

            Image ok = alice.upload(q.id(), new ByteArrayInputStream(data));
            assertThat(ok.checksum()).as("a retry after a failure works").isEqualTo(hex("MD5", data));
            assertStoreHoldsOnly(catalog, keep, ok);
            alice.delete(ok.id());
            assertStoreHoldsOnly(catalog, keep);
        }
    }

    @Test
    void declaredSizeOrChecksumMismatchIsRefused() throws Exception {
        byte[] data = randomBytes(MULTI_BUFFER_SIZE, 11);
        Image q = queued(alice);
        for (UploadOptions wrong : List.of(
                UploadOptions.builder().declaredSize(data.length + 1L).build(),
                UploadOptions.builder().declaredSize(data.length - 1L).build(),
                UploadOptions.builder().declaredSize(10).build(),
                UploadOptions.builder().declaredChecksum(hex("MD5", new byte[1])).build(),
                UploadOptions.builder().declaredOsHashValue(hex("SHA-512", new byte[1])).build())) {
            assertThatThrownBy(() -> alice.upload(q.id(), new ByteArrayInputStream(data), wrong))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining(q.id());
            assertBackToQueued(catalog, q.id());
        }
        byte[] small = randomBytes(100, 12);
        assertThatThrownBy(() -> alice.upload(q.id(), new ByteArrayInputStream(small),
                UploadOptions.builder().declaredSize(99).build())).isInstanceOf(InvalidInputException.class);
        assertBackToQueued(catalog, q.id());
        assertThat(alice.upload(q.id(), new ByteArrayInputStream(data),
                UploadOptions.builder().declaredSize(data.length).build()).status()).isEqualTo(ImageStatus.ACTIVE);
    }

    @Test
    void sizeCapIsEnforcedWhileStreaming() throws Exception {
        ImageCatalog c = createFaultyCatalog(Map.of("image.size-cap", "100KiB", "upload.buffer-size", "16KiB",
                "upload.buffers", "2"));
        ImageService s = c.images(ALICE);
        Image q = queued(s);
        byte[] big = randomBytes(300 * 1024, 13);
        int[] reads = new int[1];
        InputStream counting = new ByteArrayInputStream(big) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                int n = super.read(b, off, len);
                if (n > 0) {
                    reads[0] += n;
                }
                return n;
            }
        };
        assertThatThrownBy(() -> s.upload(q.id(), counting)).isInstanceOf(TooLargeException.class);
        assertThat(reads[0]).as("stopped reading at the cap").isLessThanOrEqualTo(100 * 1024 + 1);
        assertBackToQueued(c, q.id());
        assertThatThrownBy(() -> s.upload(q.id(), new ByteArrayInputStream(big),
                UploadOptions.builder().declaredSize(big.length).build())).isInstanceOf(TooLargeException.class);
        assertBackToQueued(c, q.id());
        byte[] exact = randomBytes(100 * 1024, 14);
        Image ok = s.upload(q.id(), new ByteArrayInputStream(exact));
        assertThat(ok.size()).isEqualTo(100 * 1024L);
        assertStoreHoldsOnly(c, ok);
    }

    @Test
    void ofConcurrentUploadsExactlyOneWins() throws Exception {
        Image q = queued(alice);
        int n = 4;
        CyclicBarrier start = new CyclicBarrier(n);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<byte[]> datas = new ArrayList<>();
        List<Future<Image>> results = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                byte[] data = randomBytes(MULTI_BUFFER_SIZE / 2 + i, 20 + i);
                datas.add(data);
                results.add(pool.submit(() -> {
                    start.await();
                    return alice.upload(q.id(), new ByteArrayInputStream(data));
                }));
            }
            Image winner = null;
            int conflicts = 0;
            for (Future<Image> f : results) {
                try {
                    Image img = f.get(60, TimeUnit.SECONDS);
                    assertThat(winner).as("only one winner").isNull();
                    winner = img;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(ConflictException.class);
                    conflicts++;
                }
            }
            assertThat(winner).isNotNull();
            assertThat(conflicts).isEqualTo(n - 1);
            Image stored = alice.get(q.id());
            assertThat(stored.status()).isEqualTo(ImageStatus.ACTIVE);
            byte[] winnerData = null;
            for (byte[] d : datas) {
                if (d.length == stored.size()) {
                    winnerData = d;
                }
            }
            assertThat(winnerData).isNotNull();
            assertThat(stored.checksum()).isEqualTo(hex("MD5", winnerData));
            assertThat(readAll(alice.download(q.id()))).isEqualTo(winnerData);
            assertStoreHoldsOnly(catalog, stored);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void storeFailuresLeaveNothingBehind() throws Exception {
        ImageCatalog c = createFaultyCatalog(Map.of("upload.buffer-size", "64KiB", "upload.buffers", "3"));
        FaultyImageStore store = (FaultyImageStore) c.backends().stores().get("faulty");
        ImageService s = c.images(ALICE);
        byte[] data = randomBytes(500 * 1024, 15);
        Image keep = s.upload(queued(s).id(), new ByteArrayInputStream(data));
        Image q = queued(s);

        store.inject(FaultyImageStore.Fault.IO_ERROR_ON_WRITE, 200 * 1024);
        assertThatThrownBy(() -> s.upload(q.id(), new ByteArrayInputStream(data)))
                .isInstanceOf(BackendUnavailableException.class).hasRootCauseMessage("injected write failure");
        assertBackToQueued(c, q.id(), keep);

        store.inject(FaultyImageStore.Fault.IO_ERROR_ON_WRITE, 0);
        assertThatThrownBy(() -> s.upload(q.id(), new ByteArrayInputStream(randomBytes(10, 1))))
                .as("the one-buffer path too").isInstanceOf(BackendUnavailableException.class);
        assertBackToQueued(c, q.id(), keep);

        store.inject(FaultyImageStore.Fault.STORAGE_FULL_ON_WRITE, 100 * 1024);
        Throwable full = catchThrowable(() -> s.upload(q.id(), new ByteArrayInputStream(data)));
        assertThat(full).isInstanceOf(TooLargeException.class);
        assertThat(((ImageCatalogException) full).kind()).isEqualTo(ErrorKind.TOO_LARGE);
        assertBackToQueued(c, q.id(), keep);

        store.inject(FaultyImageStore.Fault.IO_ERROR_ON_COMMIT, 0);
        assertThatThrownBy(() -> s.upload(q.id(), new ByteArrayInputStream(data)))
                .isInstanceOf(BackendUnavailableException.class);
        assertBackToQueued(c, q.id(), keep);

        store.inject(FaultyImageStore.Fault.NONE, 0);
        Image ok = s.upload(q.id(), new ByteArrayInputStream(data));
        assertThat(readAll(s.download(ok.id()))).isEqualTo(data);
        assertStoreHoldsOnly(c, keep, ok);
    }

    @Test
    void interruptedUploadLeavesNothing() throws Exception {
        ImageCatalog c = createFaultyCatalog(Map.of("upload.buffer-size", "4KiB", "upload.buffers", "2"));
        FaultyImageStore store = (FaultyImageStore) c.backends().stores().get("faulty");
        ImageService s = c.images(ALICE);
        Image q = queued(s);
        store.inject(FaultyImageStore.Fault.BLOCK_ON_WRITE, 8 * 1024);
        byte[] data = randomBytes(1024 * 1024, 23);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Thread[] uploader = new Thread[1];
            Future<Image> upload = pool.submit(() -> {
                uploader[0] = Thread.currentThread();
                return s.upload(q.id(), new ByteArrayInputStream(data));
            });
            assertThat(store.awaitBlocked(30)).isTrue();
            Thread.sleep(50); // let the reader run out of buffers and wait for one
            assertThat(s.get(q.id()).status()).isEqualTo(ImageStatus.SAVING);
            uploader[0].interrupt();
            Thread.sleep(50);
            store.release();
            Throwable t = catchThrowable(() -> upload.get(60, TimeUnit.SECONDS));
            assertThat(t.getCause()).isInstanceOf(ImageCatalogException.class).hasMessageContaining("interrupted");
            assertBackToQueued(c, q.id());
            store.inject(FaultyImageStore.Fault.NONE, 0);
            assertThat(s.upload(q.id(), new ByteArrayInputStream(data)).size()).isEqualTo((long) data.length);
        } finally {
            store.release();
            pool.shutdownNow();
        }
    }

    @Test
    void imageDeletedDuringUploadLosesItsData() throws Exception {
        Image q = queued(alice);
        byte[] data = randomBytes(MULTI_BUFFER_SIZE, 16);
        CountDownLatch halfway = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        InputStream paused = new InputStream() {
            private int pos;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (pos >= data.length / 2 && halfway.getCount() > 0) {
                    halfway.countDown();
                    try {
                        resume.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                }
                int n = Math.min(len, data.length - pos);
                if (n <= 0) {
                    return -1;
                }
                System.arraycopy(data, pos, b, off, n);
                pos += n;
                return n;
            }
        };
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Image> upload = pool.submit(() -> alice.upload(q.id(), paused));
            assertThat(halfway.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(alice.get(q.id()).status()).isEqualTo(ImageStatus.SAVING);
            assertThatThrownBy(() -> bob.upload(q.id(), new ByteArrayInputStream(data)))
                    .as("bob cannot see it").isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> alice.upload(q.id(), new ByteArrayInputStream(data)))
                    .as("a second upload while saving").isInstanceOf(ConflictException.class);
            alice.delete(q.id());
            resume.countDown();
            Throwable t = catchThrowable(() -> upload.get(60, TimeUnit.SECONDS));
            assertThat(t.getCause()).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> alice.get(q.id())).isInstanceOf(NotFoundException.class);
            assertStoreHoldsOnly(catalog);
        } finally {
            resume.countDown();
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ download

    @Test
    void downloadRanges() throws Exception {
        byte[] data = randomBytes(10_000, 17);
        Image img = uploaded(alice, data);
        try (ImageData d = alice.download(img.id(), DownloadOptions.range(ByteRange.of(100, 199)))) {
            assertThat(d.isPartial()).isTrue();
            assertThat(d.contentLength()).isEqualTo(100);
            assertThat(d.imageSize()).isEqualTo(10_000);
            assertThat(d.range().contentRange()).isEqualTo("bytes 100-199/10000");
            assertThat(d.stream().readAllBytes()).isEqualTo(Arrays.copyOfRange(data, 100, 200));
        }
        assertThat(readAll(alice.download(img.id(), DownloadOptions.range(ByteRange.suffix(10)))))
                .isEqualTo(Arrays.copyOfRange(data, 9_990, 10_000));
        assertThat(readAll(alice.download(img.id(), DownloadOptions.range(ByteRange.from(9_000)))))
                .isEqualTo(Arrays.copyOfRange(data, 9_000, 10_000));
        assertThat(readAll(alice.download(img.id(), DownloadOptions.range(ByteRange.parse("bytes=9990-20000")))))
                .isEqualTo(Arrays.copyOfRange(data, 9_990, 10_000));
        assertThatThrownBy(() -> alice.download(img.id(), DownloadOptions.range(ByteRange.from(10_000))))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> alice.download(img.id(), new DownloadOptions(ByteRange.of(0, 1), true)))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void downloadErrorsMatchGlance() {
        Image q = queued(alice);
        assertThatThrownBy(() -> alice.download(q.id())).isInstanceOf(NoImageDataException.class);
        assertThatThrownBy(() -> alice.download(UUID.randomUUID().toString())).isInstanceOf(NotFoundException.class)
                .isNotInstanceOf(NoImageDataException.class);
        Image priv = uploaded(alice, randomBytes(10, 18));
        assertThatThrownBy(() -> bob.download(priv.id())).isInstanceOf(NotFoundException.class)
                .isNotInstanceOf(NoImageDataException.class);
        alice.delete(priv.id());
        assertThatThrownBy(() -> alice.download(priv.id())).isInstanceOf(NotFoundException.class)
                .isNotInstanceOf(NoImageDataException.class);
    }

    @Test
    void downloadClosedEarlyReleasesTheStream() throws Exception {
        byte[] data = randomBytes(MULTI_BUFFER_SIZE, 19);
        Image img = uploaded(alice, data);
        for (int i = 0; i < 50; i++) {
            try (ImageData d = alice.download(img.id())) {
                assertThat(d.stream().readNBytes(10)).isEqualTo(Arrays.copyOf(data, 10));
            }
        }
        assertThat(readAll(alice.download(img.id()))).isEqualTo(data);
        alice.delete(img.id());
        assertStoreHoldsOnly(catalog);
    }

    @Test
    void verifiedDownloadDetectsCorruption() throws Exception {
        byte[] data = randomBytes(MULTI_BUFFER_SIZE, 21);
        Image img = uploaded(alice, data);
        try (ImageData d = alice.download(img.id(), DownloadOptions.verified())) {
            assertThat(d.stream().readAllBytes()).isEqualTo(data);
        }
        // the record says one thing, the store holds another: what corruption in the store looks like
        Image current = catalog.backends().metadataRepository().find(img.id()).orElseThrow();
        catalog.backends().metadataRepository().update(current.toBuilder().osHashValue(hex("SHA-512", new byte[3])).build());
        try (ImageData d = alice.download(img.id(), DownloadOptions.verified())) {
            assertThatThrownBy(() -> d.stream().readAllBytes()).isInstanceOf(IOException.class)
                    .hasMessageContaining("corrupt");
        }
        current = catalog.backends().metadataRepository().find(img.id()).orElseThrow();
        catalog.backends().metadataRepository().update(current.toBuilder().osHashValue(img.osHashValue())
                .checksum(hex("MD5", new byte[3])).build());
        try (ImageData d = alice.download(img.id(), DownloadOptions.verified())) {
            assertThatThrownBy(() -> d.stream().readAllBytes()).isInstanceOf(IOException.class);
        }
        try (ImageData d = alice.download(img.id())) {
            assertThat(d.stream().readAllBytes()).as("unverified reads do not check").isEqualTo(data);
        }
    }

    // ------------------------------------------------------------------ recovery

    @Test
    void recoveryResetsSavingImagesAndDeletesOrphans() throws Exception {
        byte[] data = randomBytes(1000, 22);
        Image keep = uploaded(alice, data);
        Image stuck = queued(alice);
        Image current = catalog.backends().metadataRepository().find(stuck.id()).orElseThrow();
        catalog.backends().metadataRepository().update(current.toBuilder().status(ImageStatus.SAVING).build());
        ImageStore store = catalog.backends().stores().values().iterator().next();
        StoreLocation orphan;
        try (ImageWriter w = store.openWriter(stuck.id(), 5)) {
            w.write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5}));
            orphan = w.commit();
        }
        assertThat(storedObjects(catalog)).contains(orphan);

        RecoveryReport r = catalog.recover();
        assertThat(r.imagesReset()).isEqualTo(1);
        assertThat(r.orphansDeleted()).isEqualTo(1);
        assertBackToQueued(catalog, stuck.id(), keep);
        assertThat(readAll(alice.download(keep.id()))).isEqualTo(data);
        assertThat(alice.upload(stuck.id(), new ByteArrayInputStream(data)).status()).isEqualTo(ImageStatus.ACTIVE);

        RecoveryReport again = catalog.recover();
        assertThat(again.imagesReset()).isZero();
        assertThat(again.orphansDeleted()).isZero();
    }

    @Test
    void catalogsShareNothing() throws Exception {
        ImageCatalog other = createFaultyCatalog(Map.of());
        Image img = alice.create(ImageDraft.builder().build());
        assertThatThrownBy(() -> other.images(ALICE).get(img.id())).isInstanceOf(NotFoundException.class);
        assertThat(other.images(ALICE).list(ImageQuery.all()).items()).isEmpty();
    }

    protected static Map<String, String> map(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
