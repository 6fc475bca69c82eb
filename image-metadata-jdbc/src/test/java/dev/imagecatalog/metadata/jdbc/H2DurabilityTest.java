package dev.imagecatalog.metadata.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.config.Settings;
import dev.imagecatalog.contract.ChildJvm;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.spi.MetadataRepository;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A create that returned is committed for good on an H2 file: a child JVM creates images as fast as it can and
 * prints each id after {@code create} returns; it is killed with SIGKILL right after a printed id, and every
 * printed id must be found, whole, in the reopened database. (With H2's default 500 ms write delay the last
 * half second of creates would be lost: the repository opens H2 files with {@code WRITE_DELAY=0}.)
 */
class H2DurabilityTest {

    @Test
    void everyReturnedCreateSurvivesSigkill(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("catalog");
        List<String> created = new ArrayList<>();
        try (ChildJvm child = ChildJvm.start("h2-durability", DurableCreateChild.class, List.of(), List.of(url))) {
            while (created.size() < 300) {
                created.add(child.awaitLine("created ", Duration.ofSeconds(120)).substring("created ".length()));
            }
            child.kill(); // SIGKILL right after a create returned
        }
        try (MetadataRepository repo = new JdbcMetadataProvider().create(Settings.of(Map.of("jdbc.url", url)))) {
            List<String> lost = new ArrayList<>();
            for (String id : created) {
                Optional<Image> image = repo.find(id);
                if (image.isEmpty()) {
                    lost.add(id);
                } else {
                    assertThat(image.get().tags()).hasSize(1);
                    assertThat(image.get().properties()).containsKey("n");
                }
            }
            assertThat(lost).as("creates that had returned but were lost by the kill").isEmpty();
        }
    }

    @Test
    void h2FileUrlsGetNoWriteDelayUnlessTheyNameOne() {
        assertThat(JdbcMetadataProvider.durableH2("jdbc:h2:file:/srv/db")).isEqualTo("jdbc:h2:file:/srv/db;WRITE_DELAY=0");
        assertThat(JdbcMetadataProvider.durableH2("jdbc:h2:file:/srv/db;write_delay=500")).isEqualTo("jdbc:h2:file:/srv/db;write_delay=500");
        assertThat(JdbcMetadataProvider.durableH2("jdbc:h2:mem:x")).isEqualTo("jdbc:h2:mem:x");
        assertThat(JdbcMetadataProvider.durableH2("jdbc:postgresql://h/db")).isEqualTo("jdbc:postgresql://h/db");
    }

    @Test
    void theCatalogNotH2sShutdownHookClosesAnEmbeddedDatabase() {
        assertThat(JdbcMetadataProvider.closedByCatalog("jdbc:h2:file:/srv/db;WRITE_DELAY=0"))
                .isEqualTo("jdbc:h2:file:/srv/db;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(JdbcMetadataProvider.closedByCatalog("jdbc:h2:mem:x")).isEqualTo("jdbc:h2:mem:x;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(JdbcMetadataProvider.closedByCatalog("jdbc:h2:file:/srv/db;db_close_on_exit=true"))
                .isEqualTo("jdbc:h2:file:/srv/db;db_close_on_exit=true");
        assertThat(JdbcMetadataProvider.closedByCatalog("jdbc:h2:tcp://h/db")).isEqualTo("jdbc:h2:tcp://h/db");
        assertThat(JdbcMetadataProvider.closedByCatalog("jdbc:postgresql://h/db")).isEqualTo("jdbc:postgresql://h/db");
    }
}
