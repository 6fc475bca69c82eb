package dev.imagecatalog.bench;

import dev.imagecatalog.image.ImageLocation;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageStatus;
import dev.imagecatalog.image.StoreLocation;
import dev.imagecatalog.image.Visibility;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The images the jdbc benchmarks fill a database with: varied names, 100 owners, all four visibilities, statuses,
 * 0-3 of 20 tags, 2-3 properties, a location when active; and the batched INSERTs that put them in.
 */
final class BenchImages {
    private static final String[] WORDS = {"ubuntu", "debian", "fedora", "centos", "alpine", "cirros", "windows",
        "rhel", "suse", "arch", "gentoo", "freebsd", "rocky", "alma", "coreos", "talos"};
    private static final String[] FORMATS = {"qcow2", "raw", "vmdk", "vhd", "iso"};
    private static final Instant T0 = Instant.parse("2020-01-01T00:00:00Z");

    /** The images table's INSERT with all 20 columns, as the repository writes it. */
    static final String INSERT_IMAGE = "INSERT INTO images (id, name, status, visibility, is_protected, "
            + "os_hidden, checksum, os_hash_algo, os_hash_value, size, virtual_size, disk_format, container_format, "
            + "min_disk, min_ram, owner, created_at, updated_at, deleted_at, version) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private BenchImages() {
    }

    static Image image(Random r, int n) {
        int roll = r.nextInt(100);
        Visibility v = roll < 60 ? Visibility.PRIVATE : roll < 80 ? Visibility.PUBLIC : roll < 95 ? Visibility.SHARED : Visibility.COMMUNITY;
        int s = r.nextInt(100);
        ImageStatus status = s < 80 ? ImageStatus.ACTIVE : s < 90 ? ImageStatus.QUEUED : s < 95 ? ImageStatus.DEACTIVATED
                : s < 98 ? ImageStatus.KILLED : ImageStatus.DELETED;
        Instant created = T0.plusMillis(n * 10L + r.nextInt(10));
        Image.Builder b = Image.builder().id(UUID.randomUUID().toString())
                .name(WORDS[r.nextInt(WORDS.length)] + "-" + (r.nextInt(40) + 1) + "." + r.nextInt(10) + "-" + n)
                .status(status).visibility(v).owner("p" + r.nextInt(100))
                .diskFormat(FORMATS[r.nextInt(FORMATS.length)]).containerFormat("bare")
                .minDisk(r.nextInt(40)).minRam(512 * r.nextInt(8)).osHidden(r.nextInt(50) == 0)
                .createdAt(created).updatedAt(created.plusSeconds(r.nextInt(1000))).version(1);
        int tags = r.nextInt(4);
        for (int t = 0; t < tags; t++) {
            b.addTag("t" + r.nextInt(20)); // each tag on ~7.5% of images
        }
        b.property("os_distro", WORDS[r.nextInt(WORDS.length)]).property("architecture", r.nextBoolean() ? "x86_64" : "aarch64");
        if (r.nextBoolean()) {
            b.property("os_version", String.valueOf(r.nextInt(30)));
        }
        if (status == ImageStatus.ACTIVE || status == ImageStatus.DEACTIVATED) {
            long size = 1_000_000L + r.nextInt(1_000_000_000);
            b.size(size).virtualSize(size * 2).checksum(hex(r, 32)).osHashAlgo("sha512").osHashValue(hex(r, 128))
                    .locations(List.of(ImageLocation.active(new StoreLocation("filesystem", "local", "images/" + n))));
        }
        return b.build();
    }

    private static String hex(Random r, int chars) {
        StringBuilder sb = new StringBuilder(chars);
        for (int i = 0; i < chars; i++) {
            sb.append(Character.forDigit(r.nextInt(16), 16));
        }
        return sb.toString();
    }

    /**
     * Inserts images [from, to) in batches of 1,000 rows per statement batch and transaction; with
     * {@code children} also their tags, properties and locations.
     */
    static void bulkFill(String url, String user, String password, Random r, int from, int to, boolean children)
            throws Exception {
        try (Connection c = DriverManager.getConnection(url, user == null ? "sa" : user, password == null ? "" : password)) {
            c.setAutoCommit(false);
            PreparedStatement img = c.prepareStatement(INSERT_IMAGE);
            PreparedStatement tag = children ? c.prepareStatement("INSERT INTO image_tags (image_id, tag) VALUES (?, ?)") : null;
            PreparedStatement prop = children ? c.prepareStatement("INSERT INTO image_properties (image_id, prop_name, "
                    + "prop_value) VALUES (?, ?, ?)") : null;
            PreparedStatement loc = children ? c.prepareStatement("INSERT INTO image_locations (image_id, position, url, "
                    + "status) VALUES (?, ?, ?, ?)") : null;
            for (int n = from; n < to; n++) {
                Image i = image(r, n);
                bind(img, i);
                img.addBatch();
                if (children) {
                    for (String t : i.tags()) {
                        tag.setString(1, i.id());
                        tag.setString(2, t);
                        tag.addBatch();
                    }
                    for (Map.Entry<String, String> e : i.properties().entrySet()) {
                        prop.setString(1, i.id());
                        prop.setString(2, e.getKey());
                        prop.setString(3, e.getValue());
                        prop.addBatch();
                    }
                    int pos = 0;
                    for (ImageLocation l : i.locations()) {
                        loc.setString(1, i.id());
                        loc.setInt(2, pos++);
                        loc.setString(3, l.location().url());
                        loc.setString(4, l.status().glanceName());
                        loc.addBatch();
                    }
                }
                if ((n - from) % 1000 == 999 || n == to - 1) {
                    img.executeBatch();
                    if (children) {
                        tag.executeBatch();
                        prop.executeBatch();
                        loc.executeBatch();
                    }
                    c.commit();
                }
                if (n % 100_000 == 0) {
                    System.err.println("  " + n + " images");
                }
            }
        }
    }

    /** An instant as the repository stores it: epoch nanoseconds (BIGINT). */
    private static long epochNanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    /** Binds the 20 parameters of {@link #INSERT_IMAGE} to {@code i}. */
    static void bind(PreparedStatement img, Image i) throws java.sql.SQLException {
        long created = epochNanos(i.createdAt());
        long updated = epochNanos(i.updatedAt());
        img.setString(1, i.id());
        img.setString(2, i.name());
        img.setString(3, i.status().wireName());
        img.setString(4, i.visibility().wireName());
        img.setBoolean(5, i.isProtected());
        img.setBoolean(6, i.osHidden());
        img.setString(7, i.checksum());
        img.setString(8, i.osHashAlgo());
        img.setString(9, i.osHashValue());
        img.setObject(10, i.size(), java.sql.Types.BIGINT);
        img.setObject(11, i.virtualSize(), java.sql.Types.BIGINT);
        img.setString(12, i.diskFormat());
        img.setString(13, i.containerFormat());
        img.setInt(14, i.minDisk());
        img.setInt(15, i.minRam());
        img.setString(16, i.owner());
        img.setLong(17, created);
        img.setLong(18, updated);
        img.setObject(19, i.status() == ImageStatus.DELETED ? updated : null, java.sql.Types.BIGINT);
        img.setLong(20, 1);
    }
}
