package dev.imagecatalog.metadata.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.contract.ChildJvm;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageQuery;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.Page;
import dev.imagecatalog.spi.Viewer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs a catalog in a child JVM on an H2 file, kills it with SIGKILL in the middle of uploads and patches,
 * reopens the same file and checks that every image is whole: active with its data fields, or queued with none;
 * no patch half-applied. Repeats {@code imagecatalog.crash.iterations} times (default 2) on the same database.
 *
 * <p>The store here is {@code memory}: its bytes die with the child, so this checks the metadata side of crash
 * safety under a random stream of operations. The crash tests that kill at chosen points of an upload and a delete
 * and check the stored bytes after recovery are {@code CrashRecoveryContract} (image-core's test-jar), run on the
 * filesystem, S3 and Swift stores in their modules.
 */
class H2CrashTest {

    @Test
    void everyImageIsWholeAfterSigkill(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("catalog");
        int iterations = Integer.getInteger("imagecatalog.crash.iterations", 2);
        Random random = new Random();
        int killedMidUpload = 0;
        int resetByRecovery = 0;
        for (int it = 0; it < iterations; it++) {
            int opsBeforeKill = 5 + random.nextInt(40);
            runAndKill(url, opsBeforeKill);
            try (ImageCatalog catalog = ImageCatalog.builder()
                    .setting("metadata.type", "jdbc").setting("metadata.jdbc.url", url)
                    .setting("stores", "mem").setting("store.mem.type", "memory")
                    .setting("recovery.on-start", "false").build()) {
                // what the start-up recovery does, run here to see how much it had to repair
                resetByRecovery += catalog.recover().imagesReset();
                List<Image> all = everything(catalog);
                assertThat(all).isNotEmpty();
                for (Image img : all) {
                    assertThat(img.status()).as("status of %s", img.id()).isIn(ImageStatus.QUEUED, ImageStatus.ACTIVE);
                    if (img.status() == ImageStatus.ACTIVE) {
                        assertThat(img.size()).isNotNull().isPositive();
                        assertThat(img.checksum()).hasSize(32);
                        assertThat(img.osHashValue()).isNotNull();
                        assertThat(img.locations()).hasSize(1);
                    } else {
                        assertThat(img.size()).isNull();
                        assertThat(img.checksum()).isNull();
                        assertThat(img.osHashValue()).isNull();
                        assertThat(img.locations()).isEmpty();
                    }
                    assertThat(img.properties().get("a")).as("a and b of %s", img.id()).isEqualTo(img.properties().get("b"));
                }
                assertThat(catalog.backends().metadataRepository().findByStatus(ImageStatus.SAVING, 10)).isEmpty();
                killedMidUpload = (int) all.stream().filter(i -> i.status() == ImageStatus.QUEUED && i.properties().containsKey("a")
                        && !i.properties().get("a").endsWith("x")).count();
            }
        }
        System.out.println("crash iterations " + iterations + ", saving images reset by recovery " + resetByRecovery
                + ", images now queued that were cut off between their two patches " + killedMidUpload);
    }

    private static List<Image> everything(ImageCatalog catalog) {
        List<Image> all = new ArrayList<>();
        String marker = null;
        do {
            Page<Image> page = catalog.backends().metadataRepository().list(ImageQuery.builder().allVisibilities()
                    .statusNames(List.of("queued", "saving", "active", "uploading", "importing", "deactivated"))
                    .limit(1000).marker(marker).build(), new Viewer(null, true));
            all.addAll(page.items());
            marker = page.nextMarker().orElse(null);
        } while (marker != null);
        return all;
    }

    private static void runAndKill(String url, int opsBeforeKill) throws Exception {
        try (ChildJvm child = ChildJvm.start("h2-crash", CrashChild.class, List.of(), List.of(url))) {
            for (int i = 0; i < opsBeforeKill; i++) {
                child.awaitLine("op ", Duration.ofSeconds(120));
            }
            // let it get into the next operation, then kill it in the middle of whatever it does
            Thread.sleep(new Random().nextInt(15));
            child.kill();
        }
        assertThat(Files.exists(Path.of(url.substring("jdbc:h2:file:".length()) + ".mv.db"))).isTrue();
    }
}
