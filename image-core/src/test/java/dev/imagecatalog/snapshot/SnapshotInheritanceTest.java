package dev.imagecatalog.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.error.ForbiddenException;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageQuery;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.Visibility;
import dev.imagecatalog.policy.RequestContext;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a snapshot inherits from its base image and what it sets, key by key (Nova's rule). */
class SnapshotInheritanceTest {
    private static final RequestContext ALICE = RequestContext.member("p1", "alice");
    private static final RequestContext ADMIN = RequestContext.admin("ops", "root");
    private static final byte[] BASE_DATA = "base image bytes".getBytes(StandardCharsets.UTF_8);
    private static final byte[] DISK = "the instance's disk, some KiB in real life".getBytes(StandardCharsets.UTF_8);

    /** Keys a snapshot carries over from its base, with the base's values. */
    private static final Map<String, String> INHERITED = Map.of("hw_disk_bus", "virtio", "os_distro", "ubuntu",
            "os_type", "linux", "architecture", "x86_64", "hypervisor_type", "kvm", "hw_qemu_guest_agent", "yes",
            "instance_owner", "p9", "custom_note", "kept");

    private static ImageCatalog catalog;
    private static Image base;

    @BeforeAll
    static void start() {
        catalog = ImageCatalog.builder().setting("metadata.type", "memory").setting("stores", "mem")
                .setting("store.mem.type", "memory").build();
        ImageService admin = catalog.images(ADMIN);
        Image created = admin.create(ImageDraft.builder().name("base").diskFormat("qcow2").containerFormat("ovf")
                .minDisk(7).minRam(512).visibility(Visibility.PUBLIC).properties(INHERITED).build());
        Image active = admin.upload(created.id(), new ByteArrayInputStream(BASE_DATA));
        // written through the back-end: Glance refuses os_glance* keys from callers, and a base may carry any key
        Map<String, String> withReserved = new LinkedHashMap<>(active.properties());
        for (String key : SnapshotProperties.NON_INHERITABLE) {
            withReserved.put(key, "base-" + key);
        }
        withReserved.put("os_glance_importing_to_stores", "");
        withReserved.put("os_glance_failed_import", "");
        withReserved.put("os_glance_stage_host", "http://host");
        base = catalog.backends().metadataRepository().update(active.toBuilder().properties(withReserved).build());
    }

    @AfterAll
    static void stop() {
        catalog.close();
    }

    private static Instance vm(String baseRef) {
        return Instance.builder("11111111-2222-3333-4444-" + Long.toHexString(System.nanoTime() & 0xffffffffffffL))
                .baseImageRef(baseRef).build();
    }

    @Test
    void everyInheritableKeyIsCarriedOverAndEveryNonInheritableOneIsNot() {
        Image snap = catalog.snapshots(ALICE).snapshot(vm(base.id()), "snap", new ByteArrayInputStream(DISK),
                SnapshotOptions.builder().diskFormat("raw").containerFormat("bare").build());
        INHERITED.forEach((k, v) -> assertThat(snap.properties()).as("inherited %s", k).containsEntry(k, v));
        for (String key : SnapshotProperties.NON_INHERITABLE) {
            assertThat(snap.properties().get(key)).as("non-inheritable %s", key).isNotEqualTo("base-" + key);
        }
        assertThat(snap.properties().keySet()).as("os_glance* keys").noneMatch(k -> k.startsWith("os_glance"));
        assertThat(base.properties()).containsKey("os_glance_stage_host").containsKey("img_signature");
        // the keys the snapshot sets itself
        assertThat(snap.properties()).containsEntry("image_type", "snapshot").containsEntry("user_id", "alice")
                .containsEntry("base_image_ref", base.id()).doesNotContainKeys("backup_type", "owner_user_name",
                        "owner_project_name");
        assertThat(snap.properties().get("instance_uuid")).startsWith("11111111-");
        // the base's data attributes are the snapshot's own
        assertThat(snap.size()).isEqualTo(DISK.length);
        assertThat(snap.checksum()).isEqualTo(md5(DISK)).isNotEqualTo(base.checksum());
        assertThat(snap.osHashValue()).isNotEqualTo(base.osHashValue());
        assertThat(snap.locations()).isNotEmpty().doesNotContainAnyElementsOf(base.locations());
        assertThat(snap.status()).isEqualTo(ImageStatus.ACTIVE);
    }

    @Test
    void attributesComeFromTheBaseUnlessOverriddenAndTheImageIsPrivateToTheInstanceProject() {
        SnapshotService snapshots = catalog.snapshots(ALICE);
        Image inherited = snapshots.snapshot(vm(base.id()), "inherits", new ByteArrayInputStream(DISK),
                SnapshotOptions.builder().containerFormat("bare").diskFormat("raw").build());
        assertThat(inherited.minDisk()).isEqualTo(7);
        assertThat(inherited.minRam()).isEqualTo(512);
        assertThat(inherited.visibility()).isEqualTo(Visibility.PRIVATE);
        assertThat(inherited.owner()).isEqualTo("p1");

        Image formats = catalog.snapshots(ALICE).snapshot(vm(base.id()), "formats",
                new ByteArrayInputStream(DISK), SnapshotOptions.builder().diskFormat("raw").build());
        assertThat(formats.diskFormat()).isEqualTo("raw");
        assertThat(formats.containerFormat()).as("inherited container format").isEqualTo("ovf");
        Image ovf = catalog.snapshots(ALICE).snapshot(vm(base.id()), "ovf", new ByteArrayInputStream(DISK),
                SnapshotOptions.defaults());
        assertThat(ovf.containerFormat()).as("inherited container format").isEqualTo("ovf");
        assertThat(ovf.diskFormat()).as("inherited disk format").isEqualTo("qcow2");

        Image overridden = snapshots.snapshot(vm(base.id()), "overrides", new ByteArrayInputStream(DISK),
                SnapshotOptions.builder().diskFormat("raw").containerFormat("bare").minDisk(20).minRam(2048)
                        .visibility(Visibility.SHARED).property("os_distro", "debian").property("image_type", "mine")
                        .build());
        assertThat(overridden.minDisk()).isEqualTo(20);
        assertThat(overridden.minRam()).isEqualTo(2048);
        assertThat(overridden.visibility()).isEqualTo(Visibility.SHARED);
        assertThat(overridden.properties()).containsEntry("os_distro", "debian").containsEntry("image_type", "mine");
    }

    @Test
    void theInstanceNamesOwnerUserAndNamesAndAnAdminSnapshotsIntoItsProject() {
        Instance vm = Instance.builder("aaaaaaaa-0000-0000-0000-000000000001").projectId("p2").userId("bob")
                .userName("Bob").projectName("Project Two").baseImageRef(base.id()).build();
        Image snap = catalog.snapshots(ADMIN).snapshot(vm, "for-p2", new ByteArrayInputStream(DISK),
                SnapshotOptions.builder().diskFormat("raw").containerFormat("bare").build());
        assertThat(snap.owner()).isEqualTo("p2");
        assertThat(snap.properties()).containsEntry("user_id", "bob").containsEntry("owner_user_name", "Bob")
                .containsEntry("owner_project_name", "Project Two");
        assertThat(catalog.images(RequestContext.member("p2", "bob")).get(snap.id()).id()).isEqualTo(snap.id());
    }

    @Test
    void aMemberOfAnotherProjectCannotSnapshotIntoTheInstanceProjectAndLeavesNothing() {
        Instance theirs = Instance.builder("aaaaaaaa-0000-0000-0000-000000000002").projectId("p2")
                .baseImageRef(base.id()).build();
        assertThatThrownBy(() -> catalog.snapshots(ALICE).snapshot(theirs, "steal", new ByteArrayInputStream(DISK),
                SnapshotOptions.defaults())).isInstanceOf(ForbiddenException.class);
        assertThat(catalog.images(ADMIN).list(ImageQuery.builder()
                .property("instance_uuid", theirs.uuid()).build()).items()).isEmpty();
    }

    @Test
    void aBaseTheCallerCannotSeeOrThatIsGoneGivesNothingButItsRef() {
        ImageService admin = catalog.images(ADMIN);
        Image hidden = admin.create(ImageDraft.builder().name("hidden").diskFormat("qcow2").containerFormat("ovf")
                .minDisk(9).property("os_distro", "secret").build());
        Image seen = catalog.snapshots(ALICE).snapshot(vm(hidden.id()), "blind", new ByteArrayInputStream(DISK),
                SnapshotOptions.defaults());
        assertThat(seen.properties()).containsEntry("base_image_ref", hidden.id()).doesNotContainKey("os_distro");
        assertThat(seen.diskFormat()).isEqualTo("raw");
        assertThat(seen.containerFormat()).isEqualTo("bare");
        assertThat(seen.minDisk()).isZero();

        admin.delete(hidden.id());
        Image gone = catalog.snapshots(ADMIN).snapshot(vm(hidden.id()), "gone", new ByteArrayInputStream(DISK),
                SnapshotOptions.defaults());
        assertThat(gone.properties()).containsEntry("base_image_ref", hidden.id()).doesNotContainKey("os_distro");
        assertThat(gone.minDisk()).isZero();

        Image volume = catalog.snapshots(ALICE).snapshot(vm(null), "volume", new ByteArrayInputStream(DISK),
                SnapshotOptions.defaults());
        assertThat(volume.properties()).doesNotContainKey("base_image_ref");
    }

    @Test
    void aSnapshotOfAnInstanceBootedFromASnapshotNamesTheOriginalBase() {
        Image first = catalog.snapshots(ALICE).snapshot(vm(base.id()), "first", new ByteArrayInputStream(DISK),
                SnapshotOptions.builder().diskFormat("raw").containerFormat("bare").build());
        Image second = catalog.snapshots(ALICE).snapshot(vm(first.id()), "second", new ByteArrayInputStream(DISK),
                SnapshotOptions.defaults());
        assertThat(second.properties()).containsEntry("base_image_ref", base.id())
                .containsEntry("os_distro", "ubuntu");
        assertThat(second.properties().get("instance_uuid")).isNotEqualTo(first.properties().get("instance_uuid"));
    }

    @Test
    void progressIsReportedForAStreamOfUnknownLength() {
        List<Long> seen = new ArrayList<>();
        AtomicLong expected = new AtomicLong();
        Image snap = catalog.snapshots(ALICE).snapshot(vm(null), "progress", new ByteArrayInputStream(DISK),
                SnapshotOptions.builder().progress((done, total) -> {
                    seen.add(done);
                    expected.set(total);
                }).build());
        assertThat(seen).isNotEmpty().last().isEqualTo((long) DISK.length);
        assertThat(expected.get()).isEqualTo(-1);
        assertThat(snap.size()).isEqualTo(DISK.length);
    }

    private static String md5(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
