package dev.imagecatalog.metadata.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageLocation;
import dev.imagecatalog.image.ImageMember;
import dev.imagecatalog.image.ImageQuery;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.LocationStatus;
import dev.imagecatalog.image.MemberStatus;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.image.Visibility;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.spi.MetadataRepository;
import dev.imagecatalog.task.Task;
import dev.imagecatalog.task.TaskStatus;
import dev.imagecatalog.task.TaskType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A catalog written by the previous layout (schema version 3: one location per image, no location status), kept in
 * {@code src/test/resources/old-layout} (see its README for how it was made), opened by the current code: the schema
 * is upgraded on open, every image reads back with its fields, its location active, new writes carry statuses, and
 * the tasks table is there.
 */
abstract class OldLayoutUpgradeTest {
    static final String ACTIVE_ID = "0a000000-0000-4000-8000-000000000001";
    static final String QUEUED_ID = "0a000000-0000-4000-8000-000000000002";
    static final String DEACTIVATED_ID = "0a000000-0000-4000-8000-000000000003";
    private static final RequestContext ADMIN = RequestContext.admin("project-a", "admin-a");
    private static final Task OLD_IMAGE_TASK = Task.builder().id("0b000000-0000-4000-8000-000000000001")
            .type(TaskType.API_IMAGE_IMPORT).status(TaskStatus.SUCCESS).input(Map.of("method", "copy-image"))
            .result(Map.of("image_id", ACTIVE_ID)).owner("project-a").imageId(ACTIVE_ID)
            .createdAt(Instant.parse("2026-04-01T08:00:00Z")).updatedAt(Instant.parse("2026-04-01T08:00:01Z"))
            .expiresAt(Instant.parse("2026-04-03T08:00:01Z")).version(1).build();

    /** The old catalog's database, as JDBC url, user and password (user and password null for H2). */
    record OldDatabase(String url, String user, String password, String catalogId) {
        Map<String, String> catalogSettings() {
            Map<String, String> m = new HashMap<>();
            m.put("metadata.type", "jdbc");
            m.put("metadata.jdbc.url", url);
            if (user != null) {
                m.put("metadata.jdbc.user", user);
                m.put("metadata.jdbc.password", password);
            }
            m.put("metadata.jdbc.pool.size", "2");
            // the old catalog's store id; its bytes are not kept, so no test reads them
            m.put("stores", "local");
            m.put("store.local.type", "memory");
            return m;
        }

        Connection connect() throws SQLException {
            return DriverManager.getConnection(url, user == null ? "sa" : user, user == null ? "" : password);
        }
    }

    /** A fresh copy of the old catalog, written by the previous release. */
    abstract OldDatabase oldCatalog() throws Exception;

    @Test
    void anOldCatalogUpgradesOnOpenAndKeepsEveryImage() throws Exception {
        OldDatabase old = oldCatalog();
        assertThat(schemaVersion(old)).as("the fixture is the previous layout").isEqualTo(3);
        assertThat(hasLocationStatusColumn(old)).isFalse();

        try (ImageCatalog catalog = ImageCatalog.builder().settings(old.catalogSettings()).build()) {
            assertThat(schemaVersion(old)).isEqualTo(SchemaMigrator.LATEST_VERSION).isEqualTo(5);
            assertThat(catalog.catalogId()).isEqualTo(old.catalogId());
            ImageService images = catalog.images(ADMIN);
            MetadataRepository repo = catalog.backends().metadataRepository();

            Image active = images.get(ACTIVE_ID);
            byte[] activeBytes = fixtureBytes("active");
            assertThat(active.name()).isEqualTo("cirros-active");
            assertThat(active.status()).isEqualTo(ImageStatus.ACTIVE);
            assertThat(active.visibility()).isEqualTo(Visibility.SHARED);
            assertThat(active.owner()).isEqualTo("project-a");
            assertThat(active.diskFormat()).isEqualTo("raw");
            assertThat(active.containerFormat()).isEqualTo("bare");
            assertThat(active.minDisk()).isEqualTo(1);
            assertThat(active.minRam()).isEqualTo(64);
            assertThat(active.tags()).containsExactlyInAnyOrder("old", "layout");
            assertThat(active.properties()).containsEntry("os_distro", "cirros").containsEntry("hw_disk_bus", "virtio");
            assertThat(active.size()).isEqualTo(activeBytes.length);
            assertThat(active.checksum()).isEqualTo(hex("MD5", activeBytes));
            assertThat(active.osHashAlgo()).isEqualTo("sha512");
            assertThat(active.osHashValue()).isEqualTo(hex("SHA-512", activeBytes));
            StoreLocation activeUrl = new StoreLocation("filesystem", "local", old.catalogId() + "/0a/" + ACTIVE_ID);
            assertThat(repo.find(ACTIVE_ID).orElseThrow().locations()).containsExactly(ImageLocation.active(activeUrl));
            assertThat(repo.find(ACTIVE_ID).orElseThrow().stores()).containsExactly("local");
            assertThat(images.listMembers(ACTIVE_ID)).extracting(ImageMember::memberId, ImageMember::status)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("project-b", MemberStatus.ACCEPTED),
                            org.assertj.core.groups.Tuple.tuple("project-c", MemberStatus.PENDING));

            Image queued = images.get(QUEUED_ID);
            assertThat(queued.name()).isEqualTo("queued-draft");
            assertThat(queued.status()).isEqualTo(ImageStatus.QUEUED);
            assertThat(queued.isProtected()).isTrue();
            assertThat(queued.diskFormat()).isEqualTo("qcow2");
            assertThat(queued.tags()).containsExactly("draft");
            assertThat(queued.properties()).containsEntry("note", "no data yet");
            assertThat(queued.size()).isNull();
            assertThat(queued.checksum()).isNull();
            assertThat(repo.find(QUEUED_ID).orElseThrow().locations()).isEmpty();
            assertThat(repo.find(QUEUED_ID).orElseThrow().stores()).isEmpty();

            Image deactivated = images.get(DEACTIVATED_ID);
            assertThat(deactivated.name()).isEqualTo("public-deactivated");
            assertThat(deactivated.status()).isEqualTo(ImageStatus.DEACTIVATED);
            assertThat(deactivated.visibility()).isEqualTo(Visibility.PUBLIC);
            assertThat(deactivated.size()).isEqualTo(fixtureBytes("deactivated").length);
            assertThat(deactivated.checksum()).isEqualTo(hex("MD5", fixtureBytes("deactivated")));
            assertThat(repo.find(DEACTIVATED_ID).orElseThrow().locations()).extracting(ImageLocation::status)
                    .containsExactly(LocationStatus.ACTIVE);

            assertThat(images.list(ImageQuery.builder().limit(10).build()).items()).extracting(Image::id)
                    .containsExactlyInAnyOrder(ACTIVE_ID, QUEUED_ID, DEACTIVATED_ID);
            assertThat(repo.isReferenced(activeUrl)).isTrue();

            // new writes carry statuses: a pending copy beside the old location, then active, then deleting
            StoreLocation copy = new StoreLocation("memory", "local", old.catalogId() + "/" + ACTIVE_ID + "/copy");
            Image withCopy = repo.update(repo.find(ACTIVE_ID).orElseThrow().toBuilder()
                    .locations(List.of(ImageLocation.active(activeUrl), new ImageLocation(copy, LocationStatus.PENDING)))
                    .build());
            assertThat(repo.find(ACTIVE_ID)).contains(withCopy);
            assertThat(withCopy.stores()).containsExactly("local");
            assertThat(repo.isReferenced(copy)).isTrue();
            Image deleting = repo.update(withCopy.toBuilder().locations(List.of(
                    new ImageLocation(activeUrl, LocationStatus.DELETING), ImageLocation.active(copy))).build());
            assertThat(repo.find(ACTIVE_ID).orElseThrow().locations()).containsExactly(
                    new ImageLocation(activeUrl, LocationStatus.DELETING), ImageLocation.active(copy));

            // and an upload through the service writes its location as active
            Image fresh = images.create(ImageDraft.builder().name("after-upgrade").diskFormat("raw")
                    .containerFormat("bare").build());
            Image uploaded = images.upload(fresh.id(), new ByteArrayInputStream(fixtureBytes("fresh")));
            assertThat(uploaded.status()).isEqualTo(ImageStatus.ACTIVE);
            assertThat(repo.find(fresh.id()).orElseThrow().locations()).singleElement()
                    .satisfies(l -> assertThat(l.status()).isEqualTo(LocationStatus.ACTIVE));
            assertThat(deleting.version()).isGreaterThan(withCopy.version());

            // migration 5 added the tasks table, empty; a task of an old image round-trips
            assertThat(repo.tasks().listUnfinished()).isEmpty();
            repo.tasks().create(OLD_IMAGE_TASK);
            assertThat(repo.tasks().listForImage(ACTIVE_ID, OLD_IMAGE_TASK.createdAt())).containsExactly(OLD_IMAGE_TASK);
        }
        assertThat(locationStatuses(old)).containsExactlyInAnyOrder("deleting", "active", "active", "active");

        // opening again applies nothing and sees what was written
        try (ImageCatalog again = ImageCatalog.builder().settings(old.catalogSettings()).build()) {
            assertThat(schemaVersion(old)).isEqualTo(5);
            assertThat(again.backends().metadataRepository().find(ACTIVE_ID).orElseThrow().locations())
                    .extracting(ImageLocation::status).containsExactly(LocationStatus.DELETING, LocationStatus.ACTIVE);
            assertThat(again.images(ADMIN).get(QUEUED_ID).tags()).containsExactly("draft");
            assertThat(again.backends().metadataRepository().tasks().find(OLD_IMAGE_TASK.id())).contains(OLD_IMAGE_TASK);
        }
    }

    /** The bytes the fixture's writer uploaded as image {@code name} (see old-layout/WriteOldCatalog.java). */
    static byte[] fixtureBytes(String name) {
        return ("imagecatalog old-layout fixture image " + name + "\n").repeat(64).getBytes(StandardCharsets.UTF_8);
    }

    private static String hex(String algorithm, byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
    }

    private static int schemaVersion(OldDatabase db) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM schema_version WHERE id = 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static boolean hasLocationStatusColumn(OldDatabase db) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.columns "
                     + "WHERE LOWER(table_name) = 'image_locations' AND LOWER(column_name) = 'status'")) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }

    private static List<String> locationStatuses(OldDatabase db) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT status FROM image_locations")) {
            List<String> out = new java.util.ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

}
