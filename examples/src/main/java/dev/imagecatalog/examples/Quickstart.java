package dev.imagecatalog.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.imagecatalog.ImageCatalog;
import dev.imagecatalog.data.DownloadOptions;
import dev.imagecatalog.data.ImageData;
import dev.imagecatalog.data.UploadOptions;
import dev.imagecatalog.image.Image;
import dev.imagecatalog.image.ImageDraft;
import dev.imagecatalog.image.ImageQuery;
import dev.imagecatalog.image.ImageService;
import dev.imagecatalog.image.Page;
import dev.imagecatalog.policy.RequestContext;
import dev.imagecatalog.snapshot.BackupResult;
import dev.imagecatalog.snapshot.Instance;
import dev.imagecatalog.snapshot.SnapshotOptions;
import dev.imagecatalog.snapshot.SnapshotQuery;
import dev.imagecatalog.snapshot.SnapshotService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The quickstart: builds a catalog from a properties file (by default filesystem + H2 in a local folder, so the
 * catalog survives the program), shows the images earlier runs left, creates an image, uploads a file (or 64 MiB of
 * generated data) with a progress display, lists and filters, downloads the image and verifies its checksum, shows
 * it as JSON, snapshots an instance booted from the image and makes three backups of it with rotation
 * {@value #BACKUP_ROTATION} (the oldest is deleted), and says what it did.
 *
 * <pre>
 * Quickstart [--config FILE] [--keep-all | --delete] [IMAGE-FILE]
 * </pre>
 * Defaults: {@code --config examples/quickstart.properties}; without an image file, 64 MiB of pseudo-random data is
 * generated into a temporary file. The uploaded image is kept, and only the newest {@value #KEEP_LAST} quickstart
 * images (tag {@code quickstart}) are kept: older ones are deleted, so repeated runs do not pile up data.
 * The instance ({@value #INSTANCE_UUID}) is the same every run, so its backups of earlier runs take part in the
 * rotation and at most {@value #BACKUP_ROTATION} remain; its snapshots of earlier runs are deleted with the older
 * images. {@code --keep-all} deletes nothing older; {@code --delete} deletes this run's image, snapshot and the
 * instance's backups at the end too.
 */
public final class Quickstart {
    private static final long GENERATED_SIZE = 64L << 20;
    /** How many quickstart images (tag {@value #TAG}) are kept between runs, newest first. */
    static final int KEEP_LAST = 3;
    static final String TAG = "quickstart";
    /** The instance the quickstart snapshots and backs up: the same every run. */
    static final String INSTANCE_UUID = "2f8f0b1e-5c1a-4d3e-9b7a-5e0a1c2d3e4f";
    /** How many daily backups of the instance the rotation keeps. */
    static final int BACKUP_ROTATION = 2;
    private static final int DISK_SIZE = 1 << 20;

    private final PrintStream out;
    private final List<String> story = new ArrayList<>();

    private Quickstart(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Path config = Path.of("examples", "quickstart.properties");
        Path file = null;
        Cleanup cleanup = Cleanup.KEEP_LAST;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config":
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--config needs a file");
                    }
                    config = Path.of(args[++i]);
                    break;
                case "--keep-all":
                case "--keep": // the old option: keeping is now the default; --keep also keeps older images
                    cleanup = Cleanup.KEEP_ALL;
                    break;
                case "--delete":
                    cleanup = Cleanup.DELETE;
                    break;
                case "-h":
                case "--help":
                    System.out.println("usage: Quickstart [--config FILE] [--keep-all | --delete] [IMAGE-FILE]");
                    return;
                default:
                    if (args[i].startsWith("-")) {
                        throw new IllegalArgumentException("unknown option " + args[i] + " (try --help)");
                    }
                    file = Path.of(args[i]);
            }
        }
        new Quickstart(System.out).run(config, file, cleanup);
    }

    /** What happens to quickstart images at the end of a run. */
    private enum Cleanup { KEEP_LAST, KEEP_ALL, DELETE }

    private void run(Path config, Path givenFile, Cleanup cleanup) throws Exception {
        out.println("== 1. Open a catalog from " + config);
        Path generated = null;
        try (ImageCatalog catalog = ImageCatalog.fromProperties(config)) {
            story.add("opened a catalog configured by " + config.toAbsolutePath().normalize()
                    + " (image records in the metadata database named by metadata.*, image bytes in the filesystem"
                    + " store, see store.local.datadir; both are files on disk, so they outlive this program)");
            ImageService images = catalog.images(RequestContext.member("demo-project", "demo-user"));

            List<Image> earlier = images.list(ImageQuery.builder().limit(1000).build()).items();
            out.println("   images from earlier runs: " + earlier.size());
            for (Image i : earlier) {
                out.printf("     %s  %-40s %-11s created %s%n", i.id(), i.name(), i.status().wireName(), i.createdAt());
            }
            story.add(earlier.isEmpty()
                    ? "found no images from earlier runs (this is the first run against this catalog)"
                    : "found " + earlier.size() + " image(s) from earlier runs in the catalog: they were stored by a"
                    + " previous run and read back from disk now");

            Path file = givenFile;
            if (file == null) {
                generated = Files.createTempFile("imagecatalog-quickstart-", ".img");
                generate(generated, GENERATED_SIZE);
                file = generated;
                out.printf(Locale.ROOT, "   generated %d MiB of pseudo-random data in %s%n", GENERATED_SIZE >> 20, file);
                story.add("generated a " + (GENERATED_SIZE >> 20) + " MiB file of pseudo-random data to upload");
            } else if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("not a file: " + file);
            }
            long size = Files.size(file);

            out.println("== 2. Create an image");
            Image image = images.create(ImageDraft.builder()
                    .name(givenFile == null ? "quickstart-generated" : "quickstart-" + file.getFileName())
                    .diskFormat("raw")
                    .containerFormat("bare")
                    .tag(TAG)
                    .property("source_file", file.getFileName().toString())
                    .build());
            out.printf("   created image %s, status %s%n", image.id(), image.status().wireName());
            story.add("created image " + image.id() + " named '" + image.name() + "' (status queued: no data yet)");
            Image other = images.create(ImageDraft.builder().name("quickstart-empty").diskFormat("qcow2")
                    .containerFormat("bare").build());
            story.add("created a second, empty image " + other.id() + " to have something to filter out");

            out.println("== 3. Upload " + file + " (" + size + " bytes)");
            MessageDigest localMd5 = md5();
            long t = System.nanoTime();
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), localMd5)) {
                image = images.upload(image.id(), in, UploadOptions.builder().declaredSize(size)
                        .progressListener(new ProgressBar(out)).build());
            }
            double seconds = (System.nanoTime() - t) / 1e9;
            out.printf(Locale.ROOT, "%n   uploaded %d bytes in %.2f s (%.1f MB/s); status %s%n", image.size(), seconds,
                    size / 1e6 / seconds, image.status().wireName());
            out.println("   checksum (md5) " + image.checksum() + ", " + image.osHashAlgo() + " " + abbreviate(image.osHashValue()));
            String expectedMd5 = HexFormat.of().formatHex(localMd5.digest());
            if (!expectedMd5.equals(image.checksum())) {
                throw new IllegalStateException("the catalog computed md5 " + image.checksum() + ", the file has " + expectedMd5);
            }
            story.add(String.format(Locale.ROOT, "uploaded %d bytes in %.2f s; the image became %s with md5 %s, its bytes"
                    + " stored at %s", image.size(), seconds, image.status().wireName(), image.checksum(),
                    image.activeLocations().isEmpty() ? "?" : image.activeLocations().get(0).url()));

            out.println("== 4. List and filter");
            Page<Image> all = images.list(ImageQuery.all());
            printPage("all images I can see", all);
            Page<Image> tagged = images.list(ImageQuery.builder().tag(TAG).build());
            printPage("tag=" + TAG, tagged);
            Page<Image> qcow2 = images.list(ImageQuery.builder().diskFormats("qcow2").build());
            printPage("disk_format=qcow2", qcow2);
            story.add("listed " + all.items().size() + " images; the tag filter '" + TAG + "' found "
                    + tagged.items().size() + ", the disk_format filter 'qcow2' found " + qcow2.items().size());

            out.println("== 5. Download and verify");
            MessageDigest downloaded = md5();
            long n = 0;
            try (ImageData data = images.download(image.id(), DownloadOptions.verified())) {
                InputStream in = data.stream();
                byte[] buf = new byte[1 << 16];
                for (int k; (k = in.read(buf)) >= 0; ) {
                    downloaded.update(buf, 0, k);
                    n += k;
                }
                String got = HexFormat.of().formatHex(downloaded.digest());
                if (n != size || !got.equals(expectedMd5) || !got.equals(data.checksum())) {
                    throw new IllegalStateException("download differs: " + n + " bytes, md5 " + got + ", expected "
                            + size + " bytes, md5 " + expectedMd5);
                }
                out.println("   downloaded " + n + " bytes, md5 " + got);
                out.println("   checksum verified");
            }
            story.add("downloaded the image (" + n + " bytes) and checked that its md5 equals the uploaded file's: checksum verified");

            out.println("== 6. The image as JSON");
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            out.println(json.writeValueAsString(asGlanceJson(images.get(image.id()))));
            story.add("printed the image as Glance v2 JSON");

            SnapshotService snapshots = catalog.snapshots(RequestContext.member("demo-project", "demo-user"));
            Instance vm = Instance.builder(INSTANCE_UUID).baseImageRef(image.id()).userName("demo-user")
                    .projectName("demo-project").build();
            Image snapshot = snapshotAndBackUp(snapshots, vm);

            images.delete(other.id());
            story.add("deleted the empty image " + other.id() + " (it was only there to be filtered out)");
            switch (cleanup) {
                case DELETE:
                    images.delete(image.id());
                    story.add("deleted image " + image.id() + " and its data (--delete)");
                    List<Image> ofVm = snapshots.list(INSTANCE_UUID, SnapshotQuery.backups("daily"));
                    images.delete(snapshot.id());
                    ofVm.forEach(b -> images.delete(b.id()));
                    story.add("deleted this run's snapshot and the instance's " + ofVm.size() + " daily backup(s)"
                            + " (--delete)");
                    break;
                case KEEP_ALL:
                    story.add("kept image " + image.id() + " and every older quickstart image (--keep-all): the next"
                            + " run will list them");
                    break;
                default:
                    List<String> deleted = pruneOlder(images);
                    deleted.addAll(pruneOlderSnapshots(images, snapshots, snapshot));
                    // deleted images stay as invisible (soft-deleted) records until purged: purge them too, so
                    // the database does not grow by a record per run either
                    int purged = catalog.backends().metadataRepository().purgeDeleted(java.time.Instant.now(), 1000);
                    out.println("   purged " + purged + " record(s) of deleted images from the metadata database");
                    story.add("kept image " + image.id() + ": the next run will list it as an image from an earlier run");
                    story.add(deleted.isEmpty()
                            ? "deleted no older images (at most the newest " + KEEP_LAST + " quickstart images are kept)"
                            : "deleted " + deleted.size() + " older quickstart image(s) and their data ("
                            + String.join(", ", deleted) + ") so that only the newest " + KEEP_LAST
                            + " are kept and repeated runs do not fill the disk");
            }
        } finally {
            if (generated != null) {
                Files.deleteIfExists(generated);
            }
        }
        out.println("== What happened");
        for (int i = 0; i < story.size(); i++) {
            out.println("   " + (i + 1) + ". I " + story.get(i) + ".");
        }
    }

    /**
     * Deletes the quickstart images (tag {@value #TAG}) beyond the newest {@value #KEEP_LAST} active ones, and any
     * left unfinished (not active) by an interrupted run; returns the deleted ids.
     */
    private List<String> pruneOlder(ImageService images) {
        out.println("== 8. Tidy up older quickstart images (keeping the newest " + KEEP_LAST + ")");
        List<String> deleted = new ArrayList<>();
        int kept = 0;
        // the default sort is newest first
        for (Image i : images.list(ImageQuery.builder().tag(TAG).limit(1000).build()).items()) {
            if (i.status() == dev.imagecatalog.image.ImageStatus.ACTIVE && kept < KEEP_LAST) {
                kept++;
                continue;
            }
            images.delete(i.id());
            deleted.add(i.id());
            out.printf("   deleted %s  %s (%s, created %s)%n", i.id(), i.name(), i.status().wireName(), i.createdAt());
        }
        if (deleted.isEmpty()) {
            out.println("   nothing to delete");
        }
        return deleted;
    }

    /**
     * Snapshots the instance, then backs it up three times with rotation {@value #BACKUP_ROTATION}, printing what
     * each backup's rotation deleted; returns the snapshot.
     */
    private Image snapshotAndBackUp(SnapshotService snapshots, Instance vm) {
        out.println("== 7. Snapshot and back up instance " + vm.uuid() + ", booted from image " + vm.baseImageRef());
        Image snap = snapshots.snapshot(vm, "quickstart-vm-snapshot", disk(0), SnapshotOptions.defaults());
        out.printf("   snapshot %s: %d bytes, image_type=%s, base_image_ref=%s, inherited source_file=%s,"
                        + " disk_format=%s, visibility=%s%n", snap.id(), snap.size(), snap.properties().get("image_type"),
                snap.properties().get("base_image_ref"), snap.properties().get("source_file"), snap.diskFormat(),
                snap.visibility().wireName());
        story.add("snapshotted instance " + vm.uuid() + " (booted from image " + vm.baseImageRef() + ") into image "
                + snap.id() + ": it carries Nova's snapshot properties and inherits the base image's source_file,"
                + " formats and minimums");
        int before = snapshots.list(vm.uuid(), SnapshotQuery.backups("daily")).size();
        out.println("   daily backups of the instance from earlier runs: " + before);
        int rotated = 0;
        for (int i = 1; i <= 3; i++) {
            BackupResult r = snapshots.backup(vm, "quickstart-vm-daily-" + i, "daily", BACKUP_ROTATION, disk(i),
                    SnapshotOptions.defaults());
            List<String> gone = new ArrayList<>();
            r.rotated().forEach(old -> gone.add(old.name() + " " + old.id() + " created " + old.createdAt()));
            out.printf("   backup %s %s (rotation %d): %s%n", r.backup().name(), r.backup().id(), BACKUP_ROTATION,
                    gone.isEmpty() ? "deleted no older backup" : "deleted the oldest: " + String.join(", ", gone));
            rotated += r.rotated().size();
        }
        List<Image> left = snapshots.list(vm.uuid(), SnapshotQuery.backups("daily"));
        out.println("   daily backups left: " + left.size() + ", newest first:");
        left.forEach(b -> out.printf("     %s  %s created %s%n", b.id(), b.name(), b.createdAt()));
        story.add("made 3 daily backups of the instance with rotation " + BACKUP_ROTATION + " (" + before
                + " from earlier runs were there): the rotations deleted the " + rotated + " oldest, "
                + left.size() + " remain");
        return snap;
    }

    /** Deletes the instance's snapshots but {@code current}; returns their ids. */
    private List<String> pruneOlderSnapshots(ImageService images, SnapshotService snapshots, Image current) {
        List<String> deleted = new ArrayList<>();
        for (Image s : snapshots.list(INSTANCE_UUID, SnapshotQuery.snapshots())) {
            if (!s.id().equals(current.id())) {
                images.delete(s.id());
                deleted.add(s.id());
                out.printf("   deleted older snapshot %s (created %s)%n", s.id(), s.createdAt());
            }
        }
        return deleted;
    }

    /** One MiB standing for an instance's disk, different for each {@code seed}; its length is not declared. */
    private static InputStream disk(int seed) {
        byte[] bytes = new byte[DISK_SIZE];
        new Random(seed).nextBytes(bytes);
        return new ByteArrayInputStream(bytes);
    }

    private void printPage(String title, Page<Image> page) {
        out.println("   " + title + ":");
        for (Image i : page.items()) {
            out.printf("     %s  %-40s %-11s %-6s %s%n", i.id(), i.name(), i.status().wireName(),
                    i.diskFormat(), i.tags());
        }
    }

    /** The image in Glance v2's JSON shape (snake_case names, ISO-8601 times). */
    static Map<String, Object> asGlanceJson(Image i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("name", i.name());
        m.put("status", i.status().wireName());
        m.put("visibility", i.visibility().wireName());
        m.put("protected", i.isProtected());
        m.put("os_hidden", i.osHidden());
        m.put("checksum", i.checksum());
        m.put("os_hash_algo", i.osHashAlgo());
        m.put("os_hash_value", i.osHashValue());
        m.put("size", i.size());
        m.put("virtual_size", i.virtualSize());
        m.put("disk_format", i.diskFormat());
        m.put("container_format", i.containerFormat());
        m.put("min_disk", i.minDisk());
        m.put("min_ram", i.minRam());
        m.put("owner", i.owner());
        m.put("tags", new ArrayList<>(i.tags()));
        m.put("created_at", i.createdAt() == null ? null : i.createdAt().toString());
        m.put("updated_at", i.updatedAt() == null ? null : i.updatedAt().toString());
        m.putAll(i.properties());
        return m;
    }

    private static String abbreviate(String s) {
        return s == null || s.length() <= 24 ? s : s.substring(0, 24) + "...";
    }

    private static MessageDigest md5() throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("MD5");
    }

    private static void generate(Path file, long size) throws IOException {
        Random random = new Random(42);
        byte[] buf = new byte[1 << 20];
        try (OutputStream o = Files.newOutputStream(file)) {
            for (long done = 0; done < size; done += buf.length) {
                random.nextBytes(buf);
                o.write(buf, 0, (int) Math.min(buf.length, size - done));
            }
        }
    }

    /** A one-line progress display, redrawn at most every 100 ms and at the end. */
    private static final class ProgressBar implements dev.imagecatalog.data.ProgressListener {
        private final PrintStream out;
        private final long start = System.nanoTime();
        private long lastDraw;

        ProgressBar(PrintStream out) {
            this.out = out;
        }

        @Override
        public void progress(long bytesSoFar, long expectedTotal) {
            long now = System.nanoTime();
            boolean done = expectedTotal > 0 && bytesSoFar >= expectedTotal;
            if (!done && now - lastDraw < 100_000_000L) {
                return;
            }
            lastDraw = now;
            double secs = Math.max(1e-9, (now - start) / 1e9);
            if (expectedTotal > 0) {
                int pct = (int) (100 * bytesSoFar / expectedTotal);
                int bars = pct * 30 / 100;
                out.printf(Locale.ROOT, "\r   [%-30s] %3d%%  %6.1f / %.1f MiB  %6.1f MB/s", "#".repeat(bars), pct,
                        bytesSoFar / 1048576.0, expectedTotal / 1048576.0, bytesSoFar / 1e6 / secs);
            } else {
                out.printf(Locale.ROOT, "\r   %6.1f MiB  %6.1f MB/s", bytesSoFar / 1048576.0, bytesSoFar / 1e6 / secs);
            }
            out.flush();
        }
    }
}
