package dev.imagecatalog.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.Visibility;
import dev.imagecatalog.policy.RequestContext;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The example of docs/snapshots.md, as written there, with its comments turned into assertions. */
class SnapshotsDocExampleTest {

    @Test
    void theDocumentedExampleDoesWhatItsCommentsSay() {
        List<Integer> rotatedCounts = new ArrayList<>();
        List<String> rotatedNames = new ArrayList<>();
        try (ImageCatalog catalog = ImageCatalog.inMemory()) {
            RequestContext alice = RequestContext.member("project-a", "alice");
            ImageService images = catalog.images(alice);
            Image base = images.create(ImageDraft.builder().name("ubuntu").diskFormat("raw").containerFormat("bare")
                    .minDisk(10).property("os_distro", "ubuntu").property("img_signature", "c2ln").build());
            images.upload(base.id(), new ByteArrayInputStream(new byte[4096]));

            SnapshotService snapshots = catalog.snapshots(alice);
            Instance vm = Instance.builder("2f8f0b1e-5c1a-4d3e-9b7a-5e0a1c2d3e4f").baseImageRef(base.id())
                    .userName("alice").projectName("Project A").build();
            Image snap = snapshots.snapshot(vm, "before-upgrade", new ByteArrayInputStream(new byte[4096]),
                    SnapshotOptions.defaults());
            assertThat(snap.visibility()).isEqualTo(Visibility.PRIVATE);
            assertThat(snap.owner()).isEqualTo("project-a");
            assertThat(snap.diskFormat()).isEqualTo("raw");
            assertThat(snap.containerFormat()).isEqualTo("bare");
            assertThat(snap.minDisk()).isEqualTo(10);
            assertThat(snap.properties()).containsEntry("os_distro", "ubuntu").doesNotContainKey("img_signature")
                    .containsEntry("image_type", "snapshot").containsEntry("instance_uuid", vm.uuid())
                    .containsEntry("base_image_ref", base.id()).containsEntry("user_id", "alice")
                    .containsEntry("owner_user_name", "alice").containsEntry("owner_project_name", "Project A");

            for (int night = 1; night <= 3; night++) {
                BackupResult r = snapshots.backup(vm, "nightly-" + night, "daily", 2,
                        new ByteArrayInputStream(new byte[4096]), SnapshotOptions.defaults());
                rotatedCounts.add(r.rotated().size());
                r.rotated().forEach(i -> rotatedNames.add(i.name()));
            }
            List<Image> backups = snapshots.list(vm.uuid(), SnapshotQuery.backups("daily"));
            assertThat(backups).extracting(Image::name).containsExactly("nightly-3", "nightly-2");
        }
        assertThat(rotatedCounts).containsExactly(0, 0, 1);
        assertThat(rotatedNames).containsExactly("nightly-1");
    }
}
